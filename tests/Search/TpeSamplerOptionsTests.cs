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

    /// <summary>The settings the defaults share with Optuna 3.1's <c>TPESampler()</c>.</summary>
    private static void AssertOptunasSharedSettings(TpeSamplerOptions o)
    {
        Assert.Equal(10, o.NStartupTrials);
        Assert.Equal(24, o.NEiCandidates);
        Assert.True(o.ConsiderPrior);
        Assert.Equal(1.0, o.PriorWeight);
        Assert.True(o.ConsiderMagicClip);
        Assert.False(o.ConsiderEndpoints);
        Assert.Equal(TpeKernelScaling.EqualPeaks, o.KernelScaling);
        Assert.Equal(TpeBandwidth.Neighbours, o.Bandwidth);
        Assert.Equal(0.0, o.MinBandwidthFactor);
        for (int n = 0; n < 300; n++) Assert.Equal(TpeSamplerOptions.DefaultGamma(n), o.Gamma(n));
        Assert.Equal(TpeSamplerOptions.DefaultWeights(60), o.Weights(60));
    }

    [Fact]
    public void Defaults_AreOptunasExceptMultivariateBandwidthAndClip()
    {
        var o = new TpeSamplerOptions();
        AssertOptunasSharedSettings(o);
        // The three measured choices (docs/search.md):
        Assert.True(o.Multivariate);
        Assert.Equal(0.055, o.MultivariateBandwidthFactor);
        Assert.Equal(0.35, o.MultivariateBandwidthDimensionExponent);
        Assert.Equal(1.3, o.MagicClipExponent);
    }

    [Fact]
    public void Optuna31_IsOptunasTpeSamplerDefaults()
    {
        var o = TpeSamplerOptions.Optuna31;
        AssertOptunasSharedSettings(o);
        Assert.False(o.Multivariate);
        Assert.Equal(0.2, o.MultivariateBandwidthFactor);
        Assert.Equal(0.0, o.MultivariateBandwidthDimensionExponent);
        Assert.Equal(1.0, o.MagicClipExponent);
    }

    [Fact]
    public void Defaults_DifferentDrawsFromOptuna31_EachDeterministic()
    {
        double[] Values(TpeSamplerOptions options)
        {
            var study = TestStudies.New(StudyDirection.Minimize, new TpeSampler(options));
            study.Optimize(TestStudies.Quadratic, 25);
            return study.Trials.Select(t => t.Value!.Value).ToArray();
        }
        var ours = Values(new TpeSamplerOptions { Seed = 3 });
        var optuna = Values(TpeSamplerOptions.Optuna31 with { Seed = 3 });
        Assert.Equal(ours, Values(new TpeSamplerOptions { Seed = 3 }));
        Assert.Equal(optuna, Values(TpeSamplerOptions.Optuna31 with { Seed = 3 }));
        Assert.Equal(ours[..10], optuna[..10]);          // the same random startup trials
        Assert.NotEqual(ours[10..], optuna[10..]);       // then different models
    }
}
