using AutoVision.Budget;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace AutoVision.Budget.Tests;

/// <summary>
/// A 20-minute run on a fake clock: a fake learner whose step and test costs are functions of time (optionally
/// 5× slower from 400 s to 800 s) trains, predicts and replans with the <see cref="MeasuringPlanner"/>.
/// </summary>
public class MeasuringPlannerSimulationTests(ITestOutputHelper output)
{
    private static readonly TimeSpan T = TimeSpan.FromMinutes(20);
    private static readonly CostKey StepKey = new("train-step", 64, 32);
    private static readonly CostKey TestKey = new("test-batch", 64, 256);
    private const int TestBatches = 10;

    internal sealed record SimulationResult(IReadOnlyList<TimeSpan> Predictions, TimeSpan Unused, int Steps);

    internal static SimulationResult Simulate(Func<TimeSpan, double> slowdown, double stepSeconds = 0.1, double testBatchSeconds = 0.4)
    {
        var clock = new FakeTimeProvider();
        var budget = new TimeBudget(T, clock);
        budget.Start();
        var planner = new MeasuringPlanner(T, new CostModel());
        var curve = new LearningCurve(planner.Scale);
        var predictions = new List<TimeSpan>();
        int steps = 0;

        for (int round = 0; round < 10_000; round++)
        {
            var plan = planner.Plan(budget.Elapsed, StepKey, TestKey, TestBatches, curve, unmeasuredSteps: 20);

            // Train: stop after the planned steps or at the round's deadline, whichever comes first (the deadline
            // is checked between steps, as a cancellation token is).
            var roundStart = budget.Elapsed;
            var deadline = budget.DeadlineIn(plan.Train);
            for (int i = 0; i < plan.Steps && !deadline.HasPassed; i++)
            {
                var cost = TimeSpan.FromSeconds(stepSeconds * slowdown(budget.Elapsed));
                clock.Advance(cost);
                planner.Costs.Observe(StepKey, cost);
                steps++;
            }
            if (plan.Train > TimeSpan.Zero) planner.Costs.ObservePlan(plan.Train, budget.Elapsed - roundStart);

            // Test, batch by batch.
            var testStart = budget.Elapsed;
            for (int b = 0; b < TestBatches; b++) clock.Advance(TimeSpan.FromSeconds(testBatchSeconds * slowdown(budget.Elapsed)));
            planner.Costs.Observe(TestKey, budget.Elapsed - testStart, TestBatches);

            predictions.Add(budget.Elapsed);
            curve.Add(budget.Elapsed, 0.95 - 0.45 * Math.Exp(-steps / 4000.0));
            if (plan.IsLast) break;
        }
        return new SimulationResult(predictions, T - predictions[^1], steps);
    }

    private static double FiveTimesSlowerInTheMiddle(TimeSpan t) => t >= TimeSpan.FromSeconds(400) && t < TimeSpan.FromSeconds(800) ? 5 : 1;

    private void Report(string name, SimulationResult r) =>
        output.WriteLine($"{name}: {r.Predictions.Count} predictions at [{string.Join(", ", r.Predictions.Select(p => p.TotalSeconds.ToString("F1")))}] s; " +
                         $"last {r.Predictions[^1].TotalSeconds:F1} s of {T.TotalSeconds} s, unused {r.Unused.TotalSeconds:F1} s ({r.Unused / T:P2}), {r.Steps} steps");

    [Fact]
    public void Plan_SteadyMachine_LastPredictionBeforeTAndUnusedUnder5Percent()
    {
        var r = Simulate(_ => 1);
        Report("steady", r);
        Assert.All(r.Predictions, p => Assert.True(p <= T, $"a prediction landed at {p}, after {T}"));
        Assert.True(r.Unused >= TimeSpan.Zero);
        Assert.True(r.Unused < T * 0.05, $"unused {r.Unused}");
    }

    [Fact]
    public void Plan_MachineFiveTimesSlowerInTheMiddle_LastPredictionBeforeTAndUnusedUnder10Percent()
    {
        var r = Simulate(FiveTimesSlowerInTheMiddle);
        Report("5x slower from 400 s to 800 s", r);
        Assert.All(r.Predictions, p => Assert.True(p <= T, $"a prediction landed at {p}, after {T}"));
        Assert.True(r.Unused >= TimeSpan.Zero);
        Assert.True(r.Unused < T * 0.10, $"unused {r.Unused}");
    }

    [Fact]
    public void Plan_MachineFiveTimesSlowerAtTheEnd_LastPredictionStillBeforeT()
    {
        // The worst case for the reserve: the slowdown starts during the last rounds, after the reserve was planned.
        var r = Simulate(t => t >= TimeSpan.FromSeconds(1000) ? 5 : 1);
        Report("5x slower from 1000 s to the end", r);
        Assert.All(r.Predictions, p => Assert.True(p <= T, $"a prediction landed at {p}, after {T}"));
    }

    [Fact]
    public void Plan_MachineThreeTimesSlowerDuringTheLastRound_LastPredictionStillBeforeT()
    {
        // Unforeseeable: the slowdown starts after the last round was planned. The reserve (1.5 × the measured test
        // time + 1 % of T) absorbs a final test up to 1.5 + 12 s / 4 s = 4.5 × slower than measured here.
        var r = Simulate(t => t >= TimeSpan.FromSeconds(1175) ? 3 : 1);
        Report("3x slower from 1175 s (inside the last round)", r);
        Assert.All(r.Predictions, p => Assert.True(p <= T, $"a prediction landed at {p}, after {T}"));
    }

    [Fact]
    public void Plan_SteadyMachine_FirstPredictionWithinSecondsThenRegularOnes()
    {
        var r = Simulate(_ => 1);
        Assert.True(r.Predictions[0] < T * 0.01, $"first prediction at {r.Predictions[0]}");
        Assert.True(r.Predictions.Count >= 8, $"only {r.Predictions.Count} predictions");
        Assert.True(r.Predictions.Zip(r.Predictions.Skip(1), (a, b) => b - a).Max() <= T * 0.25 + TimeSpan.FromSeconds(5));
    }
}
