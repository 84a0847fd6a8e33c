namespace AutoVision.Search;

/// <summary>
/// A smoothed, weighted histogram over the choices: each observation is a kernel that puts weight 1 on its choice
/// plus prior_weight / kernels on every choice (then normalised); the prior kernel is uniform. The mixture of the
/// kernels, weighted like the numeric estimator's, is the probability of each choice.
/// </summary>
internal sealed class CategoricalParzenEstimator
{
    private readonly double[] _probabilities;

    public CategoricalParzenEstimator(int nChoices, IReadOnlyList<int> observations, TpeSamplerOptions options)
    {
        int n = observations.Count;
        bool prior = ParzenWeights.HasPrior(options, n);
        double[] weights = ParzenWeights.Compute(options, n);
        int kernels = n + (prior ? 1 : 0);
        double smoothing = options.PriorWeight / kernels;

        _probabilities = new double[nChoices];
        var row = new double[nChoices];
        for (int k = 0; k < kernels; k++)
        {
            Array.Fill(row, smoothing);
            if (k < n) row[observations[k]] += 1.0;
            double rowSum = row.Sum();
            for (int c = 0; c < nChoices; c++) _probabilities[c] += weights[k] * row[c] / rowSum;
        }
    }

    public IReadOnlyList<double> Probabilities => _probabilities;

    public int Sample(Random rng) => ParzenWeights.Draw(rng, _probabilities);

    public double LogPdf(int choice) => Math.Log(_probabilities[choice]);
}
