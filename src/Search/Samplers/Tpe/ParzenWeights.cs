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
