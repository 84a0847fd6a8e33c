using AutoVision.Budget;

namespace AutoVision.Budget.Tests;

public class CostModelTests
{
    private static readonly CostKey Key = new("train-step", 112, 32);

    [Fact]
    public void Estimate_NoObservation_ReturnsFallback()
    {
        var model = new CostModel();
        Assert.Null(model.SecondsPerUnit(Key));
        Assert.Equal(TimeSpan.FromSeconds(3), model.Estimate(Key, 5, TimeSpan.FromSeconds(3)));
        Assert.Equal(0, model.Count(Key));
    }

    [Fact]
    public void OverrunMargin_RecentOverrun_InflatesThenRecovers()
    {
        var model = new CostModel(new CostModelOptions { OverrunWindow = 2 });
        model.Observe(Key, TimeSpan.FromSeconds(1));
        Assert.Equal(1.0, model.OverrunMargin);
        model.ObservePlan(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15));
        Assert.Equal(1.5, model.OverrunMargin, 12);
        Assert.Equal(TimeSpan.FromSeconds(3), model.Estimate(Key, 2, TimeSpan.Zero));
        model.ObservePlan(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(9));
        model.ObservePlan(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        Assert.Equal(1.0, model.OverrunMargin, 12);   // on time again: back to the measured cost
    }

    [Fact]
    public void OverrunMargin_WildOverrun_IsCapped()
    {
        var model = new CostModel();
        model.ObservePlan(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(100));
        Assert.Equal(model.Options.MaxOverrunMargin, model.OverrunMargin);
    }
}
