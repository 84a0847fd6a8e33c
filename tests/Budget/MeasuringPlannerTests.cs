using AutoVision.Budget;

namespace AutoVision.Budget.Tests;

public class MeasuringPlannerTests
{
    private static readonly TimeSpan Total = TimeSpan.FromSeconds(1200);
    private static readonly CostKey Step = new("train-step", 64, 32);
    private static readonly CostKey Test = new("test", 64, 256);

    [Fact]
    public void FinalReserve_FollowsTheMeasuredTestTime()
    {
        var planner = new MeasuringPlanner(Total);
        // Unmeasured: 5 % of the budget is assumed for a test: 60 * 1.5 + 12 (1 % safety).
        Assert.Equal(TimeSpan.FromSeconds(102), planner.FinalReserve(Test, 1));
        planner.Costs.Observe(Test, TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(27), planner.FinalReserve(Test, 1));
        planner.Costs.Observe(Test, TimeSpan.FromSeconds(20));   // the machine slowed down: the reserve grows with it
        Assert.Equal(TimeSpan.FromSeconds(42), planner.FinalReserve(Test, 1));
    }

    [Fact]
    public void StepsFor_UsesTheCostOfThatKeyOnly()
    {
        var planner = new MeasuringPlanner(Total);
        planner.Costs.Observe(Step, TimeSpan.FromSeconds(1), units: 10);
        planner.Costs.Observe(Step with { InputSize = 128 }, TimeSpan.FromSeconds(4), units: 10);
        Assert.Equal(100, planner.StepsFor(Step, TimeSpan.FromSeconds(10)));
        Assert.Equal(25, planner.StepsFor(Step with { InputSize = 128 }, TimeSpan.FromSeconds(10)));
        Assert.Equal(7, planner.StepsFor(Step with { Batch = 64 }, TimeSpan.FromSeconds(10), fallback: 7));
    }

    [Fact]
    public void StepsFor_AfterPlansOverran_PlansFewerSteps()
    {
        var planner = new MeasuringPlanner(Total);
        planner.Costs.Observe(Step, TimeSpan.FromSeconds(1), units: 10);
        planner.Costs.ObservePlan(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));
        Assert.Equal(50, planner.StepsFor(Step, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void NextPredictionAt_EarlyGapsAreShortInSeconds()
    {
        var planner = new MeasuringPlanner(Total);
        var test = TimeSpan.FromSeconds(2);
        var early = planner.NextPredictionAt(TimeSpan.FromSeconds(10), test) - TimeSpan.FromSeconds(10);
        var late = planner.NextPredictionAt(TimeSpan.FromSeconds(600), test) - TimeSpan.FromSeconds(600);
        Assert.True(early < late, $"early gap {early}, late gap {late}");
        Assert.True(early >= Total * 0.01);
    }

    [Fact]
    public void NextPredictionAt_SteepCurveNearItsCeiling_PredictsSooner()
    {
        var planner = new MeasuringPlanner(Total);
        var test = TimeSpan.FromSeconds(3);
        var now = TimeSpan.FromSeconds(100);
        var slow = new LearningCurve(planner.Scale);
        slow.Add(TimeSpan.FromSeconds(50), 0.50);
        slow.Add(TimeSpan.FromSeconds(100), 0.52);
        var steep = new LearningCurve(planner.Scale);
        steep.Add(TimeSpan.FromSeconds(50), 0.50);
        steep.Add(TimeSpan.FromSeconds(100), 0.90);
        Assert.True(planner.NextPredictionAt(now, test, steep) < planner.NextPredictionAt(now, test, slow));
    }

    [Fact]
    public void NextPredictionAt_Plateau_StretchesTheRound()
    {
        var planner = new MeasuringPlanner(Total);
        var test = TimeSpan.FromSeconds(3);
        var now = TimeSpan.FromSeconds(300);
        var flat = new LearningCurve(planner.Scale);
        flat.Add(TimeSpan.FromSeconds(200), 0.8);
        flat.Add(TimeSpan.FromSeconds(300), 0.8);
        Assert.True(planner.NextPredictionAt(now, test, flat) > planner.NextPredictionAt(now, test));
    }

    [Fact]
    public void SearchAllowance_CappedByBudgetShareAndFreeTime()
    {
        var planner = new MeasuringPlanner(Total);
        var test = TimeSpan.FromSeconds(10);
        Assert.Equal(TimeSpan.FromSeconds(180), planner.SearchAllowance(TimeSpan.FromSeconds(10), test));       // 15 % of the budget
        Assert.Equal(TimeSpan.FromSeconds(30 * 0.3), planner.SearchAllowance(TimeSpan.FromSeconds(1143), test)); // 30 % of the 30 s free
        Assert.Equal(TimeSpan.Zero, planner.SearchAllowance(TimeSpan.FromSeconds(1190), test));
    }

    [Fact]
    public void Next_PlannedRoundsPlusTests_NeverPassTheReserve()
    {
        var planner = new MeasuringPlanner(Total);
        var test = TimeSpan.FromSeconds(3);
        var elapsed = TimeSpan.Zero;
        for (int i = 0; i < 1000; i++)
        {
            var round = planner.Next(elapsed, Total - elapsed, test);
            elapsed += round.Train + test;
            Assert.True(Total - elapsed >= planner.SafetyMargin, $"round {i} ends {Total - elapsed} before the deadline");
            if (round.IsLast)
            {
                Assert.True(Total - elapsed < planner.FinalReserve(test), "the last round uses the time up to the reserve");
                return;
            }
        }
        Assert.Fail("the planner never said the last round had come");
    }

    [Fact]
    public void Plan_PastTheReserve_TrainsNothingAndIsLast()
    {
        var planner = new MeasuringPlanner(Total);
        planner.Costs.Observe(Test, TimeSpan.FromSeconds(10));
        var plan = planner.Plan(TimeSpan.FromSeconds(1180), Step, Test, 1);
        Assert.Equal(TimeSpan.Zero, plan.Train);
        Assert.Equal(0, plan.Steps);
        Assert.True(plan.IsLast);
        Assert.Equal(TimeSpan.FromSeconds(27), plan.Reserve);
    }

    [Fact]
    public void Plan_NoTestMeasuredYet_FirstRoundIsMinimal()
    {
        var planner = new MeasuringPlanner(Total);
        var plan = planner.Plan(TimeSpan.Zero, Step, Test, 1, unmeasuredSteps: 5);
        Assert.Equal(Total * 0.01, plan.Train);
        Assert.Equal(5, plan.Steps);
        Assert.False(plan.IsLast);
    }
}
