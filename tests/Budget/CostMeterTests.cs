using AutoVision.Budget;

namespace AutoVision.Budget.Tests;

public class CostMeterTests
{
    [Fact]
    public void Estimate_NoObservation_ReturnsFallback()
    {
        var meter = new CostMeter();
        Assert.Null(meter.SecondsPerUnit);
        Assert.Equal(TimeSpan.FromSeconds(3), meter.Estimate(10, TimeSpan.FromSeconds(3)));
        Assert.Equal(5, meter.UnitsThatFit(TimeSpan.FromSeconds(1), fallback: 5));
    }

    [Fact]
    public void Estimate_SteadyCost_ScalesWithUnits()
    {
        var meter = new CostMeter();
        for (int i = 0; i < 5; i++) meter.Observe(TimeSpan.FromSeconds(2), units: 4);   // 0.5 s per unit
        Assert.Equal(0.5, meter.SecondsPerUnit!.Value, 12);
        Assert.Equal(TimeSpan.FromSeconds(5), meter.Estimate(10, TimeSpan.Zero));
        Assert.Equal(7, meter.UnitsThatFit(TimeSpan.FromSeconds(3.9), fallback: 0));
    }

    [Fact]
    public void SecondsPerUnit_LatestSlowerThanPercentile_TakesLatest()
    {
        // A burst (another process took a vCPU): the newest step is 4x slower; plan with it, not the history.
        var meter = new CostMeter(window: 10, percentile: 0.5);
        for (int i = 0; i < 9; i++) meter.Observe(TimeSpan.FromSeconds(1));
        meter.Observe(TimeSpan.FromSeconds(4));
        Assert.Equal(4.0, meter.SecondsPerUnit!.Value, 12);
    }

    [Fact]
    public void SecondsPerUnit_OldObservationsLeaveTheWindow()
    {
        var meter = new CostMeter(window: 3, percentile: 1.0);
        meter.Observe(TimeSpan.FromSeconds(10));
        for (int i = 0; i < 3; i++) meter.Observe(TimeSpan.FromSeconds(1));
        Assert.Equal(1.0, meter.SecondsPerUnit!.Value, 12);
        Assert.Equal(4, meter.Count);
    }

    [Fact]
    public void Observe_ZeroUnits_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CostMeter().Observe(TimeSpan.FromSeconds(1), 0));
    }
}
