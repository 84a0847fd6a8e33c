using AutoVision.Runner.Learning;

namespace AutoVision.Runner.Tests;

public class ValidationTests
{
    [Fact]
    public void Offer_WithinTolerance_IsTakenButBestOnlyRises()
    {
        var v = new Validation(0.003);
        Assert.True(v.Offer(0.98));
        Assert.True(v.Offer(0.978));    // 0.002 below the best: taken
        Assert.Equal(0.98, v.Best);
        Assert.False(v.Offer(0.976));   // 0.004 below: the previous prediction stands
        Assert.True(v.Offer(0.99));
        Assert.Equal(0.99, v.Best);
    }

    [Fact]
    public void Offer_NoTolerance_TakesOnlyAtLeastTheBest()
    {
        var v = new Validation();
        Assert.True(v.Offer(0.5));
        Assert.False(v.Offer(0.4999));
        Assert.True(v.Offer(0.5));
    }

    [Fact]
    public void Offer_Unmeasurable_IsTakenAndLeavesBest()
    {
        var v = new Validation(0.003);
        Assert.True(v.Offer(0.9));
        Assert.True(v.Offer(null));
        Assert.Equal(0.9, v.Best);
    }

    [Fact]
    public void Constructor_NegativeTolerance_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Validation(-0.1));
    }
}
