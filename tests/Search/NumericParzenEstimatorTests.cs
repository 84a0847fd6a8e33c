namespace AutoVision.Search.Tests;

public class NumericParzenEstimatorTests
{
    private static readonly TpeSamplerOptions Defaults = TpeSamplerOptions.Optuna31;   // Optuna 3.1's rules

    [Fact]
    public void LogPdf_ContinuousDensityScaling_IntegratesToOne()
    {
        var space = NumericSpace.For(new FloatDistribution(-2, 3));
        var pe = new NumericParzenEstimator(space, [-1.9, 0.0, 0.1, 2.5], Defaults with { KernelScaling = TpeKernelScaling.Density });
        const int n = 20_000;
        double h = (space.Upper - space.Lower) / n, integral = 0;
        for (int i = 0; i < n; i++) integral += Math.Exp(pe.LogPdf(space.Lower + (i + 0.5) * h)) * h;
        Assert.Equal(1.0, integral, 1e-4);
    }

    [Fact]
    public void LogPdf_Stepped_SumsToOneOverTheGrid()
    {
        var d = new IntDistribution(0, 20, step: 4);
        var space = NumericSpace.For(d);
        var pe = new NumericParzenEstimator(space, [4, 4, 16], Defaults);
        double total = Enumerable.Range(0, 6).Sum(k => Math.Exp(pe.LogPdf(4 * k)));
        Assert.Equal(1.0, total, 1e-12);
    }

    [Fact]
    public void Constructor_NoObservation_OnlyPriorAsWideAsTheRange()
    {
        var space = NumericSpace.For(new FloatDistribution(0, 10));
        var pe = new NumericParzenEstimator(space, [], Defaults with { ConsiderPrior = false });
        Assert.Equal([5.0], pe.Mus);
        Assert.Equal([10.0], pe.Sigmas);
    }

    [Fact]
    public void Constructor_Observations_SigmaIsLargerNeighbourDistance()
    {
        // Kernels sorted (prior at 5 included): 1, 2, 5, 9 within [0, 10]. Inner kernels take the larger distance
        // to their neighbours; the outermost take their inner neighbour's distance; the clip floor is 10/5 = 2.
        var space = NumericSpace.For(new FloatDistribution(0, 10));
        var pe = new NumericParzenEstimator(space, [9, 1, 2], Defaults);
        Assert.Equal([9.0, 1.0, 2.0, 5.0], pe.Mus);
        Assert.Equal(4.0, pe.Sigmas[0]);    // 9: distance to 5 (endpoint not considered)
        Assert.Equal(2.0, pe.Sigmas[1]);    // 1: distance to 2 is 1, clipped up to 2
        Assert.Equal(3.0, pe.Sigmas[2]);    // 2: max(1, 3)
        Assert.Equal(10.0, pe.Sigmas[3]);   // prior: the whole range
    }

    [Fact]
    public void Constructor_WithoutMagicClip_KeepsTinyBandwidths()
    {
        var space = NumericSpace.For(new FloatDistribution(0, 10));
        var pe = new NumericParzenEstimator(space, [1, 1.001, 1.002], Defaults with { ConsiderMagicClip = false, ConsiderPrior = false });
        Assert.Equal(0.001, pe.Sigmas[1], 9);
    }

    [Fact]
    public void Sample_ManyDraws_StayInTheSpace()
    {
        var space = NumericSpace.For(new FloatDistribution(1e-3, 1, log: true));
        var pe = new NumericParzenEstimator(space, [Math.Log(1e-3), Math.Log(0.5)], Defaults);
        var rng = new Random(4);
        for (int i = 0; i < 1000; i++) Assert.InRange(pe.Sample(rng), space.Lower, space.Upper);
    }

    [Theory]
    [InlineData(TpeKernelScaling.EqualPeaks, 0.0)]
    [InlineData(TpeKernelScaling.Density, -2.302585092994046)]   // log(1/10): the 10× wider kernel is 10× lower
    public void LogPdf_OneKernel_HeightAtItsCentreFollowsTheScaling(TpeKernelScaling scaling, double wideMinusNarrow)
    {
        // One observation in the middle, no prior: σ is half the range (5, then 50).
        var options = Defaults with { ConsiderPrior = false, KernelScaling = scaling };
        var narrow = new NumericParzenEstimator(NumericSpace.For(new FloatDistribution(0, 10)), [5.0], options);
        var wide = new NumericParzenEstimator(NumericSpace.For(new FloatDistribution(0, 100)), [50.0], options);
        Assert.Equal(5.0, narrow.Sigmas[0]);
        Assert.Equal(wideMinusNarrow, wide.LogPdf(50) - narrow.LogPdf(5), 12);
    }
}
