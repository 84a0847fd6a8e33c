namespace AutoVision.Search.Tests;

public class CategoricalParzenEstimatorTests
{
    [Fact]
    public void Probabilities_NoObservation_Uniform()
    {
        var pe = new CategoricalParzenEstimator(4, [], new TpeSamplerOptions());
        Assert.All(pe.Probabilities, p => Assert.Equal(0.25, p, 12));
    }

    [Fact]
    public void Probabilities_Observations_SumToOneAndFavourObservedChoice()
    {
        var pe = new CategoricalParzenEstimator(3, [2, 2, 0], new TpeSamplerOptions());
        Assert.Equal(1.0, pe.Probabilities.Sum(), 12);
        Assert.True(pe.Probabilities[2] > pe.Probabilities[0]);
        Assert.True(pe.Probabilities[0] > pe.Probabilities[1]);
        Assert.True(pe.Probabilities[1] > 0);   // smoothing keeps unseen choices possible
    }

    [Fact]
    public void Probabilities_HandComputed_MatchSmoothedHistogram()
    {
        // Two kernels (observation of choice 0 and the prior), weights 1/2 each; smoothing 1/2 per choice.
        // Observation row: [1.5, 0.5] / 2 = [0.75, 0.25]; prior row: [0.5, 0.5]. Mixture: [0.625, 0.375].
        var pe = new CategoricalParzenEstimator(2, [0], new TpeSamplerOptions());
        Assert.Equal(0.625, pe.Probabilities[0], 12);
        Assert.Equal(0.375, pe.Probabilities[1], 12);
    }
}
