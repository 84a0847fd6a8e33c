namespace AutoVision.Search.Tests;

/// <summary>The TPE settings beyond Optuna 3.1's: γ rules, uniform weights, the magic clip's exponent, a bandwidth
/// floor and Scott's bandwidth.</summary>
public class TpeTuningOptionsTests
{
    private static readonly TpeSamplerOptions Defaults = TpeSamplerOptions.Optuna31;   // Optuna 3.1's rules

    [Theory]
    [InlineData(0.1, 100, 10)]
    [InlineData(0.15, 11, 2)]
    [InlineData(0.15, 100, 15)]
    [InlineData(0.15, 1000, 25)]
    public void LinearGamma_IsBetaTimesNRoundedUpAtMost25(double beta, int n, int expected) =>
        Assert.Equal(expected, TpeSamplerOptions.LinearGamma(beta)(n));

    [Fact]
    public void LinearGamma_WithBetaOneTenth_IsOptunasDefault()
    {
        var gamma = TpeSamplerOptions.LinearGamma(0.1);
        for (int n = 0; n <= 400; n++) Assert.Equal(TpeSamplerOptions.DefaultGamma(n), gamma(n));
    }

    [Theory]
    [InlineData(0.25, 100, 3)]   // Hyperopt's rule: ⌈0.25 · 10⌉
    [InlineData(1.0, 50, 8)]
    [InlineData(1.0, 10_000, 25)]
    public void SqrtGamma_IsBetaTimesRootNRoundedUpAtMostMax(double beta, int n, int expected) =>
        Assert.Equal(expected, TpeSamplerOptions.SqrtGamma(beta)(n));

    [Fact]
    public void GammaRules_InvalidBeta_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TpeSamplerOptions.LinearGamma(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TpeSamplerOptions.LinearGamma(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => TpeSamplerOptions.SqrtGamma(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TpeSamplerOptions.LinearGamma(0.1, max: 0));
    }

    [Fact]
    public void UniformWeights_AllOneWhateverTheAge()
    {
        Assert.Equal(new double[60], TpeSamplerOptions.UniformWeights(60).Select(w => w - 1.0).ToArray());
        Assert.Empty(TpeSamplerOptions.UniformWeights(0));
    }

    [Fact]
    public void MagicClipExponent_Two_FloorIsRangeOverKernelsSquared()
    {
        // Kernels 1, 1.1, 1.2 and the prior: 4 kernels, floor 10 / 5² = 0.4 (with α = 1 it is 10 / 5 = 2).
        var space = NumericSpace.For(new FloatDistribution(0, 10));
        var sharp = new NumericParzenEstimator(space, [1, 1.1, 1.2], Defaults with { MagicClipExponent = 2 });
        var optuna = new NumericParzenEstimator(space, [1, 1.1, 1.2], Defaults);
        Assert.Equal(0.4, sharp.Sigmas[1], 12);
        Assert.Equal(2.0, optuna.Sigmas[1], 12);
    }

    [Fact]
    public void MagicClipExponent_Zero_EveryKernelAsWideAsTheRange()
    {
        var space = NumericSpace.For(new FloatDistribution(0, 10));
        var pe = new NumericParzenEstimator(space, [1, 1.1, 7], Defaults with { MagicClipExponent = 0 });
        Assert.All(pe.Sigmas, s => Assert.Equal(10.0, s, 12));
    }

    [Fact]
    public void MinBandwidthFactor_RaisesTheFloorAboveTheMagicClip()
    {
        var space = NumericSpace.For(new FloatDistribution(0, 10));
        var pe = new NumericParzenEstimator(space, [1, 1.001, 1.002], Defaults with { ConsiderMagicClip = false, MinBandwidthFactor = 0.05 });
        Assert.All(pe.Sigmas, s => Assert.True(s >= 0.5 - 1e-12, $"sigma {s}"));
        Assert.Equal(0.5, pe.Sigmas[1], 12);
    }

    [Fact]
    public void ScottBandwidth_EveryObservationKernelSharesIt_PriorKeepsTheRange()
    {
        double[] x = [1, 2, 3, 4, 10];
        // sd = sqrt(12.5) = 3.5355; IQR = 4 - 2 = 2, / 1.34 = 1.4925 is smaller; σ = 1.059 · 1.4925 · 5^(−1/5).
        double expected = 1.059 * (2 / 1.34) * Math.Pow(5, -0.2);
        var space = NumericSpace.For(new FloatDistribution(0, 20));
        var pe = new NumericParzenEstimator(space, x, Defaults with { Bandwidth = TpeBandwidth.Scott, ConsiderMagicClip = false });
        for (int i = 0; i < 5; i++) Assert.Equal(expected, pe.Sigmas[i], 12);
        Assert.Equal(20.0, pe.Sigmas[5]);
    }

    [Fact]
    public void ScottBandwidth_OneObservation_FallsBackToNeighbours()
    {
        var space = NumericSpace.For(new FloatDistribution(0, 10));
        var scott = new NumericParzenEstimator(space, [2], Defaults with { Bandwidth = TpeBandwidth.Scott });
        var neighbours = new NumericParzenEstimator(space, [2], Defaults);
        Assert.Equal(neighbours.Sigmas, scott.Sigmas);
    }

    [Fact]
    public void ScottBandwidth_Multivariate_UsesTheDimensionCount()
    {
        var spaces = new NumericSpace?[] { NumericSpace.For(new FloatDistribution(0, 10)), NumericSpace.For(new FloatDistribution(0, 10)) };
        var points = new List<double[]> { new[] { 1.0, 5.0 }, new[] { 2.0, 5.0 }, new[] { 3.0, 6.0 }, new[] { 4.0, 9.0 } };
        var pe = new MultivariateParzenEstimator(spaces, [0, 0], points, Defaults with { Bandwidth = TpeBandwidth.Scott, ConsiderMagicClip = false });
        // Parameter 0: 1, 2, 3, 4: sd 1.291, IQR 1.5 / 1.34 = 1.119 is smaller; n^(−1/(2+4)).
        double expected = 1.059 * (1.5 / 1.34) * Math.Pow(4, -1.0 / 6);
        Assert.Equal(expected, pe.Sigmas(0)![0], 12);
        Assert.Equal(10.0, pe.Sigmas(0)![4]);
    }

    [Fact]
    public void PerKernelNeighbours_Multivariate_EachKernelTakesItsNeighbourDistanceAlongEachParameter()
    {
        var spaces = new NumericSpace?[] { NumericSpace.For(new FloatDistribution(0, 10)), NumericSpace.For(new FloatDistribution(0, 10)) };
        var points = new List<double[]> { new[] { 9.0, 1.0 }, new[] { 1.0, 2.0 }, new[] { 2.0, 8.0 } };
        var options = Defaults with { Bandwidth = TpeBandwidth.PerKernelNeighbours };
        var joint = new MultivariateParzenEstimator(spaces, [0, 0], points, options);
        // Along each parameter the kernels are those of the univariate estimator on that parameter's values.
        for (int j = 0; j < 2; j++)
        {
            var single = new NumericParzenEstimator(spaces[j]!, points.Select(p => p[j]).ToList(), Defaults);
            Assert.Equal(single.Sigmas, joint.Sigmas(j));
        }
        Assert.Equal([4.0, 2.0, 3.0, 10.0], joint.Sigmas(0));   // as Constructor_Observations_SigmaIsLargerNeighbourDistance
    }

    [Fact]
    public void MultivariateBandwidthFactor_ScalesTheCommonBandwidth()
    {
        var spaces = new NumericSpace?[] { NumericSpace.For(new FloatDistribution(0, 100)) };
        var points = Enumerable.Range(0, 16).Select(i => new[] { 5.0 * i }).ToList();
        var optuna = new MultivariateParzenEstimator(spaces, [0], points, Defaults with { ConsiderMagicClip = false });
        var half = new MultivariateParzenEstimator(spaces, [0], points, Defaults with { ConsiderMagicClip = false, MultivariateBandwidthFactor = 0.1 });
        double expected = 0.2 * Math.Pow(16, -1.0 / 5) * 100;   // Scott-like rule, d = 1
        Assert.Equal(expected, optuna.Sigmas(0)![3], 12);
        Assert.Equal(expected / 2, half.Sigmas(0)![3], 12);
    }

    [Fact]
    public void Constructor_InvalidBandwidthSettings_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TpeSampler(new TpeSamplerOptions { MagicClipExponent = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TpeSampler(new TpeSamplerOptions { MagicClipExponent = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TpeSampler(new TpeSamplerOptions { MinBandwidthFactor = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TpeSampler(new TpeSamplerOptions { MinBandwidthFactor = -0.1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TpeSampler(new TpeSamplerOptions { MultivariateBandwidthFactor = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TpeSampler(new TpeSamplerOptions { MultivariateBandwidthDimensionExponent = double.NaN }));
    }

    [Fact]
    public void MultivariateBandwidthDimensionExponent_WidensTheCommonBandwidthWithTheParameterCount()
    {
        // The same 16 observations of the first parameter, once alone and once with four more parameters beside it.
        var rng = new Random(5);
        var points1 = Enumerable.Range(0, 16).Select(i => new[] { 5.0 * i }).ToList();
        var points5 = points1.Select(p => new[] { p[0], rng.NextDouble() * 100, rng.NextDouble() * 100, rng.NextDouble() * 100, rng.NextDouble() * 100 }).ToList();
        var spaces5 = Enumerable.Repeat<NumericSpace?>(NumericSpace.For(new FloatDistribution(0, 100)), 5).ToArray();
        var options = Defaults with { ConsiderMagicClip = false, MultivariateBandwidthFactor = 0.05, MultivariateBandwidthDimensionExponent = 0.5 };
        var one = new MultivariateParzenEstimator(spaces5[..1], [0], points1, options);
        var five = new MultivariateParzenEstimator(spaces5, [0, 0, 0, 0, 0], points5, options);
        Assert.Equal(0.05 * Math.Pow(16, -1.0 / 5) * 100, one.Sigmas(0)![3], 12);                  // 1^β = 1
        Assert.Equal(0.05 * Math.Sqrt(5) * Math.Pow(16, -1.0 / 9) * 100, five.Sigmas(0)![3], 12);   // 5^0.5, Scott's n^(−1/(d+4))
        Assert.Equal(five.Sigmas(0)![3], five.Sigmas(4)![3], 12);                                   // one width for all parameters
        Assert.Equal(100.0, five.Sigmas(0)![16]);                                                   // the prior is as wide as the range
    }

    [Theory]
    [InlineData(TpeBandwidth.Scott, false)]
    [InlineData(TpeBandwidth.Neighbours, true)]
    [InlineData(TpeBandwidth.PerKernelNeighbours, true)]
    public void Optimize_NewSettings_DeterministicUnderASeed(TpeBandwidth bandwidth, bool multivariate)
    {
        var options = new TpeSamplerOptions
        {
            Seed = 21, Bandwidth = bandwidth, Multivariate = multivariate, MagicClipExponent = 2, MinBandwidthFactor = 0.01,
            Gamma = TpeSamplerOptions.LinearGamma(0.15), Weights = TpeSamplerOptions.UniformWeights,
        };
        double[] Values() => Run(new TpeSampler(options)).Trials.Select(t => t.Value!.Value).ToArray();
        Assert.Equal(Values(), Values());
    }

    private static Study Run(ISampler sampler)
    {
        var study = TestStudies.New(StudyDirection.Minimize, sampler);
        study.Optimize(TestStudies.Quadratic, 30);
        return study;
    }
}
