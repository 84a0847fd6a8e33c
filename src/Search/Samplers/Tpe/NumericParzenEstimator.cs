using AutoVision.Search.Internal;

namespace AutoVision.Search;

/// <summary>
/// A mixture of normal kernels truncated to a <see cref="NumericSpace"/>, one kernel per observation plus a prior
/// (centred, as wide as the space). Bandwidths follow Optuna 3.1's univariate rule: each kernel's sigma is the larger
/// of its distances to its sorted neighbours (the prior counts as a neighbour, the range ends bound the outermost
/// ones — which use their inner neighbour only unless endpoints are considered), clipped to
/// [range / min(100, 1 + kernels), range] by the "magic clip" and to [1e-12, range] without it. On a stepped space
/// a grid point's probability is the kernel mass of its cell. A continuous kernel is a normalised density (its log
/// includes −log σ) with <see cref="TpeKernelScaling.Density"/>, as in current Optuna; with the default
/// <see cref="TpeKernelScaling.EqualPeaks"/> that term is left out, as Optuna up to 3.4 did, which weights wide
/// kernels up.
/// </summary>
internal sealed class NumericParzenEstimator
{
    private readonly NumericSpace _space;
    private readonly double[] _weights, _logWeights, _mus, _sigmas, _logSigmas, _logNormalisers;

    public NumericParzenEstimator(NumericSpace space, IReadOnlyList<double> observations, TpeSamplerOptions options)
    {
        _space = space;
        int n = observations.Count;
        bool prior = ParzenWeights.HasPrior(options, n);
        _weights = ParzenWeights.Compute(options, n);
        _logWeights = _weights.Select(w => Math.Log(w)).ToArray();

        double range = space.Upper - space.Lower;
        _mus = new double[n + (prior ? 1 : 0)];
        for (int i = 0; i < n; i++) _mus[i] = observations[i];
        if (prior) _mus[n] = 0.5 * (space.Lower + space.Upper);

        _sigmas = NeighbourSigmas(_mus, space.Lower, space.Upper, options.ConsiderEndpoints);
        if (options.Bandwidth == TpeBandwidth.Scott && ParzenWeights.ScottBandwidth(observations, 1) is { } scott)
            for (int i = 0; i < n; i++) _sigmas[i] = scott;
        double minSigma = ParzenWeights.MinSigma(options, range, _mus.Length);
        for (int i = 0; i < _sigmas.Length; i++) _sigmas[i] = Math.Clamp(_sigmas[i], minSigma, range);
        if (prior) _sigmas[n] = range;

        _logSigmas = _sigmas.Select(sg => options.KernelScaling == TpeKernelScaling.Density ? Math.Log(sg) : 0.0).ToArray();
        _logNormalisers = new double[_mus.Length];
        for (int k = 0; k < _mus.Length; k++)
            _logNormalisers[k] = Normal.LogMass((space.Lower - _mus[k]) / _sigmas[k], (space.Upper - _mus[k]) / _sigmas[k]);
    }

    public IReadOnlyList<double> Mus => _mus;
    public IReadOnlyList<double> Sigmas => _sigmas;

    /// <summary>A draw in transformed coordinates (not yet rounded to the grid).</summary>
    public double Sample(Random rng)
    {
        int k = ParzenWeights.Draw(rng, _weights);
        double a = (_space.Lower - _mus[k]) / _sigmas[k];
        double b = (_space.Upper - _mus[k]) / _sigmas[k];
        return _mus[k] + _sigmas[k] * Normal.SampleTruncated(rng, a, b);
    }

    /// <summary>The log density at a point in transformed coordinates — on a stepped space the log probability of
    /// the grid point there.</summary>
    public double LogPdf(double x)
    {
        Span<double> terms = _mus.Length <= 256 ? stackalloc double[_mus.Length] : new double[_mus.Length];
        for (int k = 0; k < _mus.Length; k++)
        {
            double log = _space.UntruncatedKernelLog(x, _mus[k], _sigmas[k], _logSigmas[k]);
            terms[k] = _logWeights[k] + log - _logNormalisers[k];
        }
        return Numerics.LogSumExp(terms);
    }

    internal static double[] NeighbourSigmas(double[] mus, double lower, double upper, bool considerEndpoints)
    {
        int m = mus.Length;
        int[] order = Enumerable.Range(0, m).OrderBy(i => mus[i]).ToArray();
        var sorted = new double[m + 2];
        sorted[0] = lower;
        for (int i = 0; i < m; i++) sorted[i + 1] = mus[order[i]];
        sorted[m + 1] = upper;

        var sortedSigmas = new double[m];
        for (int i = 0; i < m; i++)
            sortedSigmas[i] = Math.Max(sorted[i + 1] - sorted[i], sorted[i + 2] - sorted[i + 1]);
        if (!considerEndpoints && m >= 2)
        {
            sortedSigmas[0] = sorted[2] - sorted[1];
            sortedSigmas[m - 1] = sorted[m] - sorted[m - 1];
        }

        var sigmas = new double[m];
        for (int i = 0; i < m; i++) sigmas[order[i]] = sortedSigmas[i];
        return sigmas;
    }
}
