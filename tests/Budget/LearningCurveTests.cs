using AutoVision.Budget;

namespace AutoVision.Budget.Tests;

public class LearningCurveTests
{
    [Fact]
    public void Slope_FallingScores_IsZeroAndExtrapolationKeepsTheBest()
    {
        var curve = new LearningCurve(new AlcTimeScale(TimeSpan.FromSeconds(100)));
        curve.Add(TimeSpan.FromSeconds(10), 0.8);
        curve.Add(TimeSpan.FromSeconds(20), 0.7);
        Assert.Equal(0, curve.Slope);
        Assert.Equal(0.8, curve.Extrapolate(TimeSpan.FromSeconds(50)));
    }

    [Fact]
    public void Extrapolate_RisingScores_GrowsLinearlyInTransformedTimeUpToTheCeiling()
    {
        var scale = new AlcTimeScale(TimeSpan.FromSeconds(100));
        var curve = new LearningCurve(scale);
        curve.Add(TimeSpan.FromSeconds(5), 0.5);
        curve.Add(TimeSpan.FromSeconds(10), 0.6);
        double slope = 0.1 / (scale.Transform(TimeSpan.FromSeconds(10)) - scale.Transform(TimeSpan.FromSeconds(5)));
        Assert.Equal(slope, curve.Slope!.Value, 9);
        Assert.Equal(1.0, curve.Extrapolate(TimeSpan.FromSeconds(100)));
    }

    [Fact]
    public void Add_OutOfOrder_Throws()
    {
        var curve = new LearningCurve(new AlcTimeScale(TimeSpan.FromSeconds(100)));
        curve.Add(TimeSpan.FromSeconds(10), 0.5);
        Assert.Throws<ArgumentOutOfRangeException>(() => curve.Add(TimeSpan.FromSeconds(5), 0.6));
    }
}
