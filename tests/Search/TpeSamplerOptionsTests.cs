namespace AutoVision.Search.Tests;

public class TpeSamplerOptionsTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(10, 1)]
    [InlineData(11, 2)]
    [InlineData(100, 10)]
    [InlineData(1000, 25)]
    public void DefaultGamma_TrialCount_IsTenPercentRoundedUpAtMost25(int n, int expected) =>
        Assert.Equal(expected, TpeSamplerOptions.DefaultGamma(n));

    [Fact]
    public void DefaultWeights_Under25_AllOne() =>
        Assert.All(TpeSamplerOptions.DefaultWeights(24), w => Assert.Equal(1.0, w));

    [Fact]
    public void DefaultWeights_Over25_RampFromOneOverNThenFlat()
    {
        double[] w = TpeSamplerOptions.DefaultWeights(35);   // a ramp of 10 over the oldest, then 25 ones
        Assert.Equal(35, w.Length);
        Assert.Equal(1.0 / 35, w[0], 12);
        Assert.Equal(1.0, w[9], 12);
        Assert.True(w[4] > w[3]);
        Assert.All(w[10..], x => Assert.Equal(1.0, x));
    }

    [Fact]
    public void Defaults_AreOptunas()
    {
        var o = new TpeSamplerOptions();
        Assert.Equal(10, o.NStartupTrials);
        Assert.Equal(24, o.NEiCandidates);
        Assert.True(o.ConsiderPrior);
        Assert.Equal(1.0, o.PriorWeight);
        Assert.True(o.ConsiderMagicClip);
        Assert.False(o.ConsiderEndpoints);
    }
}
