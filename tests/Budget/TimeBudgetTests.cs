using AutoVision.Budget;
using Microsoft.Extensions.Time.Testing;

namespace AutoVision.Budget.Tests;

public class TimeBudgetTests
{
    [Fact]
    public void Elapsed_BeforeStart_IsZeroAndClockDoesNotRun()
    {
        var clock = new FakeTimeProvider();
        var budget = new TimeBudget(TimeSpan.FromMinutes(20), clock);
        clock.Advance(TimeSpan.FromMinutes(5));   // model construction: outside the budget
        Assert.False(budget.IsStarted);
        Assert.Equal(TimeSpan.Zero, budget.Elapsed);
        Assert.Equal(TimeSpan.FromMinutes(20), budget.Remaining);
    }

    [Fact]
    public void Remaining_AfterStartAndAdvance_CountsOnlyTimeSinceStart()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_600_000_000));
        var budget = new TimeBudget(TimeSpan.FromMinutes(20), clock);
        clock.Advance(TimeSpan.FromSeconds(30));
        budget.Start();
        clock.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(TimeSpan.FromSeconds(90), budget.Elapsed);
        Assert.Equal(TimeSpan.FromSeconds(1110), budget.Remaining);
        Assert.Equal(1_600_000_030.0, budget.StartUnixSeconds, 6);
        Assert.Equal(1_600_000_120.0, budget.NowUnixSeconds(), 6);
    }

    [Fact]
    public void Remaining_PastTheEnd_IsNegative()
    {
        var clock = new FakeTimeProvider();
        var budget = new TimeBudget(TimeSpan.FromSeconds(10), clock);
        budget.Start();
        clock.Advance(TimeSpan.FromSeconds(12));
        Assert.Equal(TimeSpan.FromSeconds(-2), budget.Remaining);
    }

    [Fact]
    public void Start_CalledTwice_KeepsFirstStart()
    {
        var clock = new FakeTimeProvider();
        var budget = new TimeBudget(TimeSpan.FromSeconds(100), clock);
        budget.Start();
        clock.Advance(TimeSpan.FromSeconds(7));
        budget.Start();
        Assert.Equal(TimeSpan.FromSeconds(7), budget.Elapsed);
    }

    [Fact]
    public void DeadlineIn_LongerThanBudget_IsCutAtTheEnd()
    {
        var clock = new FakeTimeProvider();
        var budget = new TimeBudget(TimeSpan.FromSeconds(100), clock);
        budget.Start();
        clock.Advance(TimeSpan.FromSeconds(80));
        var deadline = budget.DeadlineIn(TimeSpan.FromSeconds(60));
        Assert.Equal(TimeSpan.FromSeconds(20), deadline.Span);
        clock.Advance(TimeSpan.FromSeconds(19));
        Assert.False(deadline.HasPassed);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(deadline.HasPassed);
    }

    [Fact]
    public void Constructor_NonPositiveBudget_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeBudget(TimeSpan.Zero));
    }

    [Fact]
    public void StartUnixSeconds_BeforeStart_Throws()
    {
        var budget = new TimeBudget(TimeSpan.FromSeconds(1), new FakeTimeProvider());
        Assert.Throws<InvalidOperationException>(() => budget.StartUnixSeconds);
    }
}
