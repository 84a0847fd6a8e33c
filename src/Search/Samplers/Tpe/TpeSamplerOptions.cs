namespace AutoVision.Search;

/// <summary>Settings of <see cref="TpeSampler"/>; the defaults are Optuna's.</summary>
public sealed record TpeSamplerOptions
{
    /// <summary>Trials (complete or pruned) sampled at random before the Parzen estimators take over.</summary>
    public int NStartupTrials { get; init; } = 10;

    /// <summary>Candidates drawn from l(x) each time; the one with the largest l(x)/g(x) wins.</summary>
    public int NEiCandidates { get; init; } = 24;

    /// <summary>How many of n finished trials form the "good" group; default min(⌈0.1·n⌉, 25).</summary>
    public Func<int, int> Gamma { get; init; } = DefaultGamma;

    /// <summary>Kernel weights for n observations in trial order (older first); default: flat for the newest 25,
    /// a ramp from 1/n up to 1 before them.</summary>
    public Func<int, double[]> Weights { get; init; } = DefaultWeights;

    /// <summary>Adds a wide prior kernel (the middle of the range, as wide as the range) to each estimator.</summary>
    public bool ConsiderPrior { get; init; } = true;

    public double PriorWeight { get; init; } = 1.0;

    /// <summary>Keeps every bandwidth at least range / min(100, 1 + kernels) (the "magic clip").</summary>
    public bool ConsiderMagicClip { get; init; } = true;

    /// <summary>Lets the outermost kernels take their distance to the range ends as bandwidth.</summary>
    public bool ConsiderEndpoints { get; init; }

    /// <summary>
    /// How a continuous kernel's height depends on its width. <see cref="TpeKernelScaling.EqualPeaks"/> (the
    /// default): every kernel peaks at the same height whatever its σ, so wide kernels (the prior among them) weigh
    /// more — what Optuna computed up to 3.4, the Debian 3.1 included. <see cref="TpeKernelScaling.Density"/>: every
    /// kernel is a normalised density (its log includes −log σ), as Optuna computes since its fix of issue 5109.
    /// Measured on the benchmark's four functions with seeds that are not the reported ones (docs/search.md),
    /// equal peaks found better values after 100 trials on all four.
    /// </summary>
    public TpeKernelScaling KernelScaling { get; init; } = TpeKernelScaling.EqualPeaks;

    /// <summary>Draws the intersection search space jointly (multivariate TPE, as Optuna's <c>multivariate=True</c>);
    /// other parameters are still drawn independently.</summary>
    public bool Multivariate { get; init; }

    /// <summary>Seed for reproducible draws; null draws an unpredictable one.</summary>
    public int? Seed { get; init; }

    public static int DefaultGamma(int n) => Math.Min((int)Math.Ceiling(0.1 * n), 25);

    public static double[] DefaultWeights(int n)
    {
        if (n <= 0) return [];
        var weights = new double[n];
        Array.Fill(weights, 1.0);
        int ramp = n - 25;
        for (int i = 0; i < ramp; i++)
            weights[i] = ramp == 1 ? 1.0 / n : 1.0 / n + i * (1.0 - 1.0 / n) / (ramp - 1);
        return weights;
    }
}

/// <summary>How a continuous Parzen kernel's height depends on its width σ (see <see cref="TpeSamplerOptions.KernelScaling"/>).</summary>
public enum TpeKernelScaling
{
    /// <summary>Every kernel peaks at the same height: the −log σ term of the normal density is left out.</summary>
    EqualPeaks,
    /// <summary>Every kernel is a normalised density.</summary>
    Density,
}
