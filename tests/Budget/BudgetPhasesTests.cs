using AutoVision.Budget;
using Microsoft.Extensions.Time.Testing;

namespace AutoVision.Budget.Tests;

public class PhasePlanTests
{
    private static readonly TimeSpan Total = TimeSpan.FromMinutes(20);

    [Fact]
    public void Windows_FractionsCapsAndRest_AreLaidEndToEnd()
    {
        var plan = new PhasePlan(Total,
            PhaseSpec.OfLength("probe", TimeSpan.FromSeconds(30)),
            PhaseSpec.OfFraction("search", 0.15, cap: TimeSpan.FromSeconds(120)),
            PhaseSpec.Rest("fine-tune"),
            PhaseSpec.OfFraction("final-prediction reserve", 0.05));
        Assert.Equal(new PhaseWindow("probe", TimeSpan.Zero, TimeSpan.FromSeconds(30)), plan["probe"]);
        Assert.Equal(new PhaseWindow("search", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(150)), plan["search"]);   // 180 s capped at 120 s
        Assert.Equal(new PhaseWindow("fine-tune", TimeSpan.FromSeconds(150), TimeSpan.FromSeconds(1140)), plan["fine-tune"]);
        Assert.Equal(new PhaseWindow("final-prediction reserve", TimeSpan.FromSeconds(1140), Total), plan["final-prediction reserve"]);
    }

    [Fact]
    public void Windows_MoreThanTheBudget_AreCutAtItsEnd()
    {
        var plan = new PhasePlan(TimeSpan.FromSeconds(100), PhaseSpec.OfFraction("a", 0.8), PhaseSpec.OfFraction("b", 0.5), PhaseSpec.Rest("c"));
        Assert.Equal(TimeSpan.FromSeconds(100), plan["b"].End);
        Assert.Equal(TimeSpan.FromSeconds(20), plan["b"].Length);
        Assert.Equal(TimeSpan.Zero, plan["c"].Length);
    }

    [Fact]
    public void Constructor_TwoRestPhasesOrDuplicateNames_Throws()
    {
        Assert.Throws<ArgumentException>(() => new PhasePlan(Total, PhaseSpec.Rest("a"), PhaseSpec.Rest("b")));
        Assert.Throws<ArgumentException>(() => new PhasePlan(Total, PhaseSpec.OfFraction("a", 0.1), PhaseSpec.OfFraction("a", 0.2)));
        Assert.Throws<KeyNotFoundException>(() => new PhasePlan(Total, PhaseSpec.Rest("a"))["b"]);
    }
}

public class BudgetPhasesTests
{
    private static (FakeTimeProvider Clock, TimeBudget Budget, BudgetPhases Phases) Start()
    {
        var clock = new FakeTimeProvider();
        var budget = new TimeBudget(TimeSpan.FromMinutes(20), clock);
        var plan = new PhasePlan(budget.Total,
            PhaseSpec.OfLength("probe", TimeSpan.FromSeconds(30)),
            PhaseSpec.OfFraction("search", 0.1),
            PhaseSpec.Rest("fine-tune"),
            PhaseSpec.OfLength("final-prediction reserve", TimeSpan.FromSeconds(60)));
        clock.Advance(TimeSpan.FromSeconds(5));   // model construction: before the clock starts
        budget.Start();
        return (clock, budget, new BudgetPhases(budget, plan));
    }

    [Fact]
    public void Begin_TokenFiresAtThePhaseEnd()
    {
        var (clock, _, phases) = Start();
        using var probe = phases.Begin("probe");
        Assert.Equal(TimeSpan.FromSeconds(30), probe.Deadline.Span);
        clock.Advance(TimeSpan.FromSeconds(29.999));
        Assert.False(probe.Token.IsCancellationRequested);
        Assert.False(probe.IsOver);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(probe.Token.IsCancellationRequested);
        Assert.True(probe.IsOver);
    }

    [Fact]
    public void Begin_LateStart_EndsAtThePlannedEnd()
    {
        var (clock, _, phases) = Start();
        clock.Advance(TimeSpan.FromSeconds(50));   // the probe overran: search (30..150 s) has 100 s left
        using var search = phases.Begin("search");
        Assert.Equal(TimeSpan.FromSeconds(100), search.Deadline.Span);
        Assert.Equal(TimeSpan.FromSeconds(100), phases.RemainingIn("search"));
        clock.Advance(TimeSpan.FromSeconds(100));
        Assert.True(search.Token.IsCancellationRequested);
    }

    [Fact]
    public void Begin_AfterThePhaseOrTheBudget_IsZeroLengthAndAlreadyCancelled()
    {
        var (clock, _, phases) = Start();
        clock.Advance(TimeSpan.FromSeconds(200));
        using var probe = phases.Begin("probe");
        Assert.Equal(TimeSpan.Zero, probe.Deadline.Span);
        Assert.True(probe.Token.IsCancellationRequested);

        clock.Advance(TimeSpan.FromMinutes(30));   // past the end of the budget
        using var reserve = phases.Begin("final-prediction reserve");
        Assert.Equal(TimeSpan.Zero, reserve.Deadline.Span);
        Assert.True(reserve.Token.IsCancellationRequested);
        Assert.Equal(TimeSpan.Zero, phases.RemainingIn("fine-tune"));
    }

    [Fact]
    public void Begin_OuterTokenCancelled_CancelsThePhase()
    {
        var (_, _, phases) = Start();
        using var outer = new CancellationTokenSource();
        using var fineTune = phases.Begin("fine-tune", outer.Token);
        Assert.False(fineTune.Token.IsCancellationRequested);
        outer.Cancel();
        Assert.True(fineTune.Token.IsCancellationRequested);
        Assert.False(fineTune.IsOver);
    }

    [Fact]
    public void Begin_ReservePhase_EndsWithTheBudget()
    {
        var (clock, budget, phases) = Start();
        clock.Advance(TimeSpan.FromSeconds(1150));
        using var reserve = phases.Begin("final-prediction reserve");
        Assert.Equal(budget.Remaining, reserve.Deadline.Span);
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.True(reserve.Token.IsCancellationRequested);
    }
}
