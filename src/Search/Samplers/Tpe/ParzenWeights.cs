namespace AutoVision.Search;

/// <summary>The mixture weights of a Parzen estimator: one per observation, then the prior's; normalised.</summary>
internal static class ParzenWeights
{
    /// <summary>Whether the estimator carries a prior kernel: when asked to, and always when it has no observation.</summary>
    public static bool HasPrior(TpeSamplerOptions options, int nObservations) => options.ConsiderPrior || nObservations == 0;

    public static double[] Compute(TpeSamplerOptions options, int nObservations)
    {
        double[] observed = options.Weights(nObservations);
        if (observed is null || observed.Length < nObservations)
            throw new InvalidOperationException($"The TPE weights function returned fewer than {nObservations} weights.");
        double sum = 0;
        for (int i = 0; i < nObservations; i++)
        {
            double w = observed[i];
            if (!(w >= 0) || double.IsInfinity(w))
                throw new InvalidOperationException($"The TPE weights function returned {w} for {nObservations} observations; weights must be finite and non-negative.");
            sum += w;
        }
        if (nObservations > 0 && sum <= 0)
            throw new InvalidOperationException($"The TPE weights function returned all zeros for {nObservations} observations.");

        bool prior = HasPrior(options, nObservations);
        var weights = new double[nObservations + (prior ? 1 : 0)];
        Array.Copy(observed, weights, nObservations);
        if (prior) weights[^1] = options.PriorWeight;
        double total = weights.Sum();
        for (int i = 0; i < weights.Length; i++) weights[i] /= total;
        return weights;
    }

    /// <summary>Scott's bandwidth for <paramref name="values"/> in <paramref name="dimensions"/> dimensions, or null
    /// when they have no spread (fewer than two distinct values).</summary>
    public static double? ScottBandwidth(IReadOnlyList<double> values, int dimensions)
    {
        int n = values.Count;
        if (n < 2) return null;
        double mean = values.Average();
        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        var sorted = values.Order().ToArray();
        double iqr = Quantile(sorted, 0.75) - Quantile(sorted, 0.25);
        double spread = iqr > 0 ? Math.Min(sd, iqr / 1.34) : sd;
        if (!(spread > 0)) return null;
        return 1.059 * spread * Math.Pow(n, -1.0 / (dimensions + 4));
    }

    private static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    /// <summary>The smallest bandwidth a numeric kernel may take: the magic clip range / min(100, 1 + kernels)^α when
    /// on (else 1e-12), and at least <see cref="TpeSamplerOptions.MinBandwidthFactor"/> · range; never above range.</summary>
    public static double MinSigma(TpeSamplerOptions options, double range, int kernels)
    {
        double clip = options.ConsiderMagicClip ? range / Math.Pow(Math.Min(100.0, 1.0 + kernels), options.MagicClipExponent) : 1e-12;
        return Math.Min(Math.Max(clip, options.MinBandwidthFactor * range), range);
    }

    /// <summary>An index drawn with probability proportional to its weight.</summary>
    public static int Draw(Random rng, double[] weights)
    {
        double u = rng.NextDouble();
        double cumulative = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            cumulative += weights[i];
            if (u < cumulative) return i;
        }
        for (int i = weights.Length - 1; i >= 0; i--)
            if (weights[i] > 0) return i;   // rounding left u above the total
        return weights.Length - 1;
    }
}
