namespace AutoVision.Search;

/// <summary>
/// Settings of <see cref="TpeSampler"/>. The defaults are Optuna 3.1's except these, chosen on the search benchmark
/// (docs/search.md): multivariate sampling (<see cref="Multivariate"/>), a common bandwidth that is narrower for few
/// parameters and grows with their number (<see cref="MultivariateBandwidthFactor"/> 0.055 ·
/// d^<see cref="MultivariateBandwidthDimensionExponent"/> 0.35, instead of 0.2 whatever d) and a magic clip that lets
/// kernels narrow a little faster (<see cref="MagicClipExponent"/> 1.3 instead of 1). <see cref="Optuna31"/> gives Optuna 3.1's
/// <c>TPESampler()</c> settings exactly (independent sampling); <c>Optuna31 with { Multivariate = true }</c> its
/// <c>multivariate=True</c>.
/// </summary>
public sealed record TpeSamplerOptions
{
    /// <summary>Optuna 3.1's <c>TPESampler()</c> defaults: independent sampling, bandwidth factor 0.2, magic clip
    /// exponent 1; everything else as this type's defaults.</summary>
    public static TpeSamplerOptions Optuna31 => new()
    {
        Multivariate = false, MultivariateBandwidthFactor = 0.2, MultivariateBandwidthDimensionExponent = 0, MagicClipExponent = 1.0,
    };

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

    /// <summary>Keeps every bandwidth at least range / min(100, 1 + kernels)^<see cref="MagicClipExponent"/> (the
    /// "magic clip").</summary>
    public bool ConsiderMagicClip { get; init; } = true;

    /// <summary>The exponent α of the magic clip's floor range / min(100, 1 + kernels)^α; Optuna's is 1. A larger α
    /// lets kernels narrow sooner (more exploitation), a smaller one keeps them wide. Default 1.3 (measured, see the
    /// type's summary).</summary>
    public double MagicClipExponent { get; init; } = 1.3;

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

    /// <summary>How the numeric kernels' bandwidths are chosen; default <see cref="TpeBandwidth.Neighbours"/> (Optuna's).</summary>
    public TpeBandwidth Bandwidth { get; init; } = TpeBandwidth.Neighbours;

    /// <summary>The factor s of multivariate TPE's common bandwidth s · n^(−1/(d+4)) · range (with
    /// <see cref="TpeBandwidth.Neighbours"/>), times d^<see cref="MultivariateBandwidthDimensionExponent"/>; Optuna's
    /// is 0.2, the default here 0.055 (measured, see the type's summary).</summary>
    public double MultivariateBandwidthFactor { get; init; } = 0.055;

    /// <summary>The exponent β with which multivariate TPE's bandwidth factor grows with the number of jointly drawn
    /// parameters d: the factor used is <see cref="MultivariateBandwidthFactor"/> · d^β. 0 is Optuna's rule (the same
    /// factor whatever d); the default 0.35 (with factor 0.055: 0.070 for two parameters, 0.123 for ten) was measured
    /// on the search benchmark (docs/search.md): kernels in many dimensions need to be wider to keep exploring.</summary>
    public double MultivariateBandwidthDimensionExponent { get; init; } = 0.35;

    /// <summary>A floor on every numeric kernel's bandwidth, as a fraction of the (transformed) range, on top of the
    /// magic clip; 0 (the default) adds none.</summary>
    public double MinBandwidthFactor { get; init; }

    /// <summary>Draws the intersection search space jointly (multivariate TPE, as Optuna's <c>multivariate=True</c>);
    /// other parameters are still drawn independently. On by default; Optuna's default is off.</summary>
    public bool Multivariate { get; init; } = true;

    /// <summary>Seed for reproducible draws; null draws an unpredictable one.</summary>
    public int? Seed { get; init; }

    public static int DefaultGamma(int n) => Math.Min((int)Math.Ceiling(0.1 * n), 25);

    /// <summary>γ as a fraction of the finished trials: min(⌈β·n⌉, <paramref name="max"/>) ("linear" splitting in
    /// Watanabe 2023; Optuna's default is β = 0.1, max 25).</summary>
    public static Func<int, int> LinearGamma(double beta, int max = 25)
    {
        if (!(beta > 0) || beta > 1) throw new ArgumentOutOfRangeException(nameof(beta), "beta must be in (0, 1].");
        if (max < 1) throw new ArgumentOutOfRangeException(nameof(max), "max must be at least 1.");
        return n => Math.Min((int)Math.Ceiling(beta * n), max);
    }

    /// <summary>γ growing with the square root of the finished trials: min(⌈β·√n⌉, <paramref name="max"/>)
    /// (Hyperopt's rule with β = 0.25; "sqrt" splitting in Watanabe 2023).</summary>
    public static Func<int, int> SqrtGamma(double beta, int max = 25)
    {
        if (!(beta > 0) || double.IsInfinity(beta)) throw new ArgumentOutOfRangeException(nameof(beta), "beta must be a positive finite number.");
        if (max < 1) throw new ArgumentOutOfRangeException(nameof(max), "max must be at least 1.");
        return n => Math.Min((int)Math.Ceiling(beta * Math.Sqrt(n)), max);
    }

    /// <summary>Every observation weighs the same, however old.</summary>
    public static double[] UniformWeights(int n)
    {
        var weights = new double[Math.Max(n, 0)];
        Array.Fill(weights, 1.0);
        return weights;
    }

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

/// <summary>How the numeric Parzen kernels' bandwidths are chosen (see <see cref="TpeSamplerOptions.Bandwidth"/>).</summary>
public enum TpeBandwidth
{
    /// <summary>Optuna's rules: independent sampling gives each kernel the larger distance to its sorted neighbours;
    /// multivariate sampling gives all kernels 0.2 · n^(−1/(d+4)) · range.</summary>
    Neighbours,
    /// <summary>Optuna's independent rule in every case: multivariate sampling, too, gives each kernel, per parameter,
    /// the larger distance to its sorted neighbours along that parameter (as independent sampling does), instead of
    /// one common width.</summary>
    PerKernelNeighbours,
    /// <summary>Scott's rule on the observations: every kernel gets 1.059 · min(sd, IQR / 1.34) · n^(−1/(d+4)) (d = 1
    /// for independent sampling), sd and IQR those of the (unweighted) observations; with fewer than two distinct
    /// observations, Optuna's rule.</summary>
    Scott,
}

/// <summary>How a continuous Parzen kernel's height depends on its width σ (see <see cref="TpeSamplerOptions.KernelScaling"/>).</summary>
public enum TpeKernelScaling
{
    /// <summary>Every kernel peaks at the same height: the −log σ term of the normal density is left out.</summary>
    EqualPeaks,
    /// <summary>Every kernel is a normalised density.</summary>
    Density,
}
