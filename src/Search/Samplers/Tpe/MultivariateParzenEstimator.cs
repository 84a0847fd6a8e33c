using AutoVision.Search.Internal;

namespace AutoVision.Search;

/// <summary>
/// The joint Parzen estimator of multivariate TPE (Optuna's <c>multivariate=True</c>): one kernel per observation
/// plus the prior, each kernel a product over the parameters — a truncated normal for a numeric parameter (in its
/// transformed space, a grid cell's mass when stepped) and a smoothed histogram row for a categorical one. Numeric
/// bandwidths follow Scott's rule as Optuna's, σ = s · d^β · max(n, 1)^(−1/(d + 4)) · range for every kernel (s =
/// <see cref="TpeSamplerOptions.MultivariateBandwidthFactor"/>, β = its dimension exponent; Optuna: s = 0.2, β = 0), clipped
/// like the univariate estimator's (magic clip), the prior kernel as wide as the range. Kernel weights are the
/// univariate ones, and so is the kernel height (<see cref="TpeSamplerOptions.KernelScaling"/>).
/// </summary>
internal sealed class MultivariateParzenEstimator
{

    private readonly Dimension[] _dims;
    private readonly double[] _weights, _logWeights;
    private readonly bool _density;

    /// <param name="spaces">Per parameter: a <see cref="NumericSpace"/>, or null for a categorical one.</param>
    /// <param name="choices">Per parameter: the number of choices of a categorical one (ignored for numeric ones).</param>
    /// <param name="observations">Per observation (trial order), the parameters' values — transformed for numeric
    /// parameters, the choice index for categorical ones.</param>
    /// <param name="options">Prior, prior weight, kernel weights and magic clip, as for the univariate estimators.</param>
    public MultivariateParzenEstimator(IReadOnlyList<NumericSpace?> spaces, IReadOnlyList<int> choices, IReadOnlyList<double[]> observations, TpeSamplerOptions options)
    {
        int n = observations.Count, d = spaces.Count;
        bool prior = ParzenWeights.HasPrior(options, n);
        _weights = ParzenWeights.Compute(options, n);
        _density = options.KernelScaling == TpeKernelScaling.Density;
        _logWeights = _weights.Select(w => Math.Log(w)).ToArray();
        int kernels = n + (prior ? 1 : 0);
        double sigma0 = options.MultivariateBandwidthFactor * Math.Pow(Math.Max(d, 1), options.MultivariateBandwidthDimensionExponent)
            * Math.Pow(Math.Max(n, 1), -1.0 / (d + 4));

        _dims = new Dimension[d];
        for (int j = 0; j < d; j++)
        {
            if (spaces[j] is { } space)
            {
                double range = space.Upper - space.Lower;
                double sigma = sigma0 * range;
                if (options.Bandwidth == TpeBandwidth.Scott && ParzenWeights.ScottBandwidth(observations.Select(o => o[j]).ToList(), d) is { } scott)
                    sigma = scott;
                double minSigma = ParzenWeights.MinSigma(options, range, kernels);
                sigma = Math.Clamp(sigma, minSigma, range);
                var mus = new double[kernels];
                for (int k = 0; k < kernels; k++) mus[k] = k == n ? 0.5 * (space.Lower + space.Upper) : observations[k][j];
                double[]? perKernel = options.Bandwidth == TpeBandwidth.PerKernelNeighbours
                    ? NumericParzenEstimator.NeighbourSigmas(mus, space.Lower, space.Upper, options.ConsiderEndpoints)
                    : null;
                var sigmas = new double[kernels];
                var logNormalisers = new double[kernels];
                for (int k = 0; k < kernels; k++)
                {
                    bool isPrior = k == n;
                    sigmas[k] = isPrior ? range : perKernel is null ? sigma : Math.Clamp(perKernel[k], minSigma, range);
                    logNormalisers[k] = Normal.LogMass((space.Lower - mus[k]) / sigmas[k], (space.Upper - mus[k]) / sigmas[k]);
                }
                _dims[j] = new Dimension(space, mus, sigmas, logNormalisers, null);
            }
            else
            {
                int nChoices = choices[j];
                double smoothing = options.PriorWeight / kernels;
                var rows = new double[kernels][];
                for (int k = 0; k < kernels; k++)
                {
                    var row = new double[nChoices];
                    Array.Fill(row, smoothing);
                    if (k < n) row[(int)observations[k][j]] += 1.0;
                    double sum = row.Sum();
                    for (int c = 0; c < nChoices; c++) row[c] /= sum;
                    rows[k] = row;
                }
                _dims[j] = new Dimension(null, null, null, null, rows);
            }
        }
    }

    /// <summary>The bandwidths of parameter <paramref name="j"/>'s kernels (observations, then the prior); null for a
    /// categorical parameter.</summary>
    public IReadOnlyList<double>? Sigmas(int j) => _dims[j].Sigmas;

    /// <summary>A joint draw: transformed (not yet rounded) numeric values, choice indices for categoricals.</summary>
    public double[] Sample(Random rng)
    {
        int k = ParzenWeights.Draw(rng, _weights);
        var x = new double[_dims.Length];
        for (int j = 0; j < _dims.Length; j++)
        {
            var dim = _dims[j];
            if (dim.Space is { } space)
            {
                double mu = dim.Mus![k], sigma = dim.Sigmas![k];
                x[j] = mu + sigma * Normal.SampleTruncated(rng, (space.Lower - mu) / sigma, (space.Upper - mu) / sigma);
            }
            else
            {
                x[j] = ParzenWeights.Draw(rng, dim.Rows![k]);
            }
        }
        return x;
    }

    /// <summary>The joint log density (log probability for grid points and choices) at a point given like
    /// <see cref="Sample"/>'s.</summary>
    public double LogPdf(double[] x)
    {
        int kernels = _weights.Length;
        Span<double> terms = kernels <= 256 ? stackalloc double[kernels] : new double[kernels];
        for (int k = 0; k < kernels; k++)
        {
            double log = _logWeights[k];
            for (int j = 0; j < _dims.Length; j++)
            {
                var dim = _dims[j];
                if (dim.Space is { } space)
                {
                    double sigma = dim.Sigmas![k];
                    log += space.UntruncatedKernelLog(x[j], dim.Mus![k], sigma, _density ? Math.Log(sigma) : 0.0) - dim.LogNormalisers![k];
                }
                else
                {
                    log += Math.Log(dim.Rows![k][(int)x[j]]);
                }
            }
            terms[k] = log;
        }
        return Numerics.LogSumExp(terms);
    }

    private sealed record Dimension(NumericSpace? Space, double[]? Mus, double[]? Sigmas, double[]? LogNormalisers, double[][]? Rows);
}
