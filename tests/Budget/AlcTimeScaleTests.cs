using AutoVision.Budget;

namespace AutoVision.Budget.Tests;

public class AlcTimeScaleTests
{
    [Fact]
    public void Transform_OfficialBudget_MatchesTheScorerAxis()
    {
        var scale = new AlcTimeScale(TimeSpan.FromSeconds(1200));
        Assert.Equal(TimeSpan.FromSeconds(60), scale.T0);
        Assert.Equal(0, scale.Transform(TimeSpan.Zero));
        Assert.Equal(1, scale.Transform(TimeSpan.FromSeconds(1200)));
        Assert.Equal(Math.Log(2) / Math.Log(21), scale.Transform(TimeSpan.FromSeconds(60)), 12);
        Assert.Equal(300, scale.Inverse(scale.Transform(TimeSpan.FromSeconds(300))).TotalSeconds, 6);
    }
}
