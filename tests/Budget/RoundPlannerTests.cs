using AutoVision.Budget;

namespace AutoVision.Budget.Tests;

public class RoundPlannerTests
{
    private static readonly TimeSpan Total = TimeSpan.FromSeconds(1200);

    [Fact]
    public void Next_EarlyInTheRun_GivesTheMinimumRound()
    {
        var planner = new RoundPlanner(Total);
        var round = planner.Next(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1198), TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(36), round.Train);   // 3 % of 1200 s
        Assert.False(round.IsLast);
    }

    [Fact]
    public void Next_MidRun_GrowsWithTimeUsedAndIsCapped()
    {
        var planner = new RoundPlanner(Total);
        Assert.Equal(TimeSpan.FromSeconds(120), planner.Next(TimeSpan.FromSeconds(200), TimeSpan.FromSeconds(1000), TimeSpan.FromSeconds(1)).Train);
        Assert.Equal(TimeSpan.FromSeconds(300), planner.Next(TimeSpan.FromSeconds(700), TimeSpan.FromSeconds(500), TimeSpan.FromSeconds(1)).Train);
    }

    [Fact]
    public void Next_NearTheEnd_UsesWhatIsLeftMinusReserveAndSaysLast()
    {
        var planner = new RoundPlanner(Total);
        // 100 s left, test takes 5 s: reserve = 2*5 + 48 (4 % safety) = 58 s, so 42 s may be trained and no later round fits.
        var round = planner.Next(TimeSpan.FromSeconds(1100), TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(5));
        Assert.True(round.IsLast);
        Assert.Equal(TimeSpan.FromSeconds(42), round.Train);
    }

    [Fact]
    public void Next_NoRoomForAMinimalRound_TrainsNothing()
    {
        var planner = new RoundPlanner(Total);
        var round = planner.Next(TimeSpan.FromSeconds(1150), TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, round.Train);
        Assert.True(round.IsLast);
    }

    [Fact]
    public void Next_PlannedRoundPlusTests_NeverPassesTheSafetyMargin()
    {
        var planner = new RoundPlanner(Total);
        var test = TimeSpan.FromSeconds(3);
        var elapsed = TimeSpan.Zero;
        for (int i = 0; i < 100; i++)
        {
            var round = planner.Next(elapsed, Total - elapsed, test);
            elapsed += round.Train + test;
            Assert.True(Total - elapsed >= planner.SafetyMargin, $"round {i} ends {Total - elapsed} before the deadline");
            if (round.IsLast) return;
        }
        Assert.Fail("the planner never said the last round had come");
    }
}
