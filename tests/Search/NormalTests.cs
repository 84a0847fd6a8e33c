using AutoVision.Search.Internal;

namespace AutoVision.Search.Tests;

public class NormalTests
{
    [Theory]
    [InlineData(-10.0, -53.23128515051246)]
    [InlineData(-5.0, -15.064998393988724)]
    [InlineData(-1.5, -2.7059444008238893)]
    [InlineData(0.0, -0.6931471805599453)]
    [InlineData(0.3, -0.4814101615884813)]
    [InlineData(2.0, -0.02301290932896349)]
    [InlineData(-40.0, -804.6084420137537)]
    public void LogCdf_KnownPoints_MatchesReference(double x, double expected) =>
        Assert.Equal(expected, Normal.LogCdf(x), Math.Abs(expected) * 1e-12 + 1e-15);

    [Theory]
    [InlineData(1e-10, -6.361340902404056)]
    [InlineData(0.01, -2.3263478740408408)]
    [InlineData(0.3, -0.5244005127080407)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.9, 1.2815515655446008)]
    [InlineData(0.999999, 4.753424308817089)]
    public void Quantile_KnownPoints_MatchesReference(double p, double expected) =>
        Assert.Equal(expected, Normal.Quantile(p), 1e-9);

    [Fact]
    public void QuantileOfLog_FarBeyondUnderflow_InvertsLogCdf()
    {
        double logP = Normal.LogCdf(-40);
        Assert.Equal(-40.0, Normal.QuantileOfLog(logP), 1e-9);
    }

    [Theory]
    [InlineData(-1.5, 2.0, -0.09382435073399)]
    [InlineData(-10.0, -5.0, -15.064998393988724)]
    [InlineData(5.0, 6.0, -15.06844609652945)]
    public void LogMass_Intervals_MatchesReference(double a, double b, double expected) =>
        Assert.Equal(expected, Normal.LogMass(a, b), 1e-10);

    [Fact]
    public void SampleTruncated_ManyDraws_StayInsideAndCenterCorrectly()
    {
        var rng = new Random(1);
        double sum = 0;
        const int n = 20_000;
        for (int i = 0; i < n; i++)
        {
            double x = Normal.SampleTruncated(rng, -1.0, 3.0);
            Assert.InRange(x, -1.0, 3.0);
            sum += x;
        }
        // Mean of N(0,1) truncated to [-1, 3]: (φ(-1) - φ(3)) / (Φ(3) - Φ(-1)) = 0.2828
        Assert.Equal(0.2828, sum / n, 0.02);
    }

    [Fact]
    public void SampleTruncated_IntervalFarInUpperTail_StaysInside()
    {
        var rng = new Random(2);
        for (int i = 0; i < 100; i++) Assert.InRange(Normal.SampleTruncated(rng, 30, 31), 30, 31);
    }
}
