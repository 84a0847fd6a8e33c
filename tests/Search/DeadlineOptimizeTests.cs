using Microsoft.Extensions.Time.Testing;

namespace AutoVision.Search.Tests;

/// <summary>The deadline-aware Optimize, on a fake clock that objectives move forward by hand.</summary>
public class DeadlineOptimizeTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private Study NewStudy() =>
        new(new StudyOptions { TimeProvider = _clock, Sampler = new RandomSampler(0), Pruner = new NopPruner() });

    private DateTimeOffset In(double seconds) => _clock.GetUtcNow().AddSeconds(seconds);

    [Fact]
    public void Optimize_TrialsOfTenSeconds_DoesNotStartOneThatCannotFinish()
    {
        var study = NewStudy();
        var result = study.Optimize((trial, _) =>
        {
            _clock.Advance(TimeSpan.FromSeconds(10));
            return trial.SuggestFloat("x", 0, 1);
        }, deadline: In(35));
        // Starts at 0, 10, 20; at 30 s only 5 s are left for a trial expected to take 10 s.
        Assert.Equal(new OptimizeResult(OptimizeStopReason.NotEnoughTime, 3), result);
        Assert.Equal(3, study.Trials.Count);
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
    }

    [Fact]
    public void Optimize_TrialRunsPastDeadline_ItsTokenIsCancelledAndTrialFailsWithReason()
    {
        var study = NewStudy();
        var result = study.Optimize((trial, token) =>
        {
            trial.SuggestFloat("x", 0, 1);
            for (int step = 0; step < 100; step++)
            {
                _clock.Advance(TimeSpan.FromSeconds(1));
                token.ThrowIfCancellationRequested();
                trial.Report(step, step);
            }
            return 0;
        }, deadline: In(5.5));
        Assert.Equal(OptimizeStopReason.Deadline, result.Reason);
        var only = study.Trials.Single();
        Assert.Equal(TrialState.Fail, only.State);
        Assert.StartsWith("Cancelled at the deadline", only.FailReason);
        Assert.Equal(5, only.IntermediateValues.Count);   // steps 0..4 reported before the 6th second cancelled it
    }

    [Fact]
    public void Optimize_ObjectiveIgnoresTokenAndReturnsLate_TrialCompletesThenLoopStops()
    {
        var study = NewStudy();
        var result = study.Optimize((_, _) =>
        {
            _clock.Advance(TimeSpan.FromSeconds(60));
            return 1.0;
        }, deadline: In(30), nTrials: 5);
        Assert.Equal(new OptimizeResult(OptimizeStopReason.Deadline, 1), result);
        Assert.Equal(TrialState.Complete, study.Trials.Single().State);
    }

    [Fact]
    public void Optimize_ObjectiveThrows_FailureIsRecordedAndLoopGoesOn()
    {
        var study = NewStudy();
        var result = study.Optimize((trial, _) => trial.Number == 1 ? throw new ArgumentException("bad batch size") : 1.0, deadline: In(100), nTrials: 3);
        Assert.Equal(new OptimizeResult(OptimizeStopReason.TrialCount, 3), result);
        Assert.Equal([TrialState.Complete, TrialState.Fail, TrialState.Complete], study.Trials.Select(t => t.State));
        Assert.Equal("ArgumentException: bad batch size", study.Trials[1].FailReason);
    }

    [Fact]
    public void Optimize_CallerCancelsDuringTrial_TrialFailsAsCancelledAndLoopStops()
    {
        using var cts = new CancellationTokenSource();
        var study = NewStudy();
        var result = study.Optimize((trial, token) =>
        {
            if (trial.Number == 2) cts.Cancel();
            token.ThrowIfCancellationRequested();
            return 1.0;
        }, deadline: In(100), cancellationToken: cts.Token);
        Assert.Equal(new OptimizeResult(OptimizeStopReason.Cancelled, 3), result);
        Assert.Equal(TrialState.Fail, study.Trials[2].State);
        Assert.StartsWith("Cancelled:", study.Trials[2].FailReason);
    }

    [Fact]
    public void Optimize_DeadlinePassed_RunsNothing()
    {
        var study = NewStudy();
        var result = study.Optimize((_, _) => 1.0, deadline: In(-1));
        Assert.Equal(new OptimizeResult(OptimizeStopReason.Deadline, 0), result);
        Assert.Empty(study.Trials);
    }

    [Fact]
    public void ExpectedTrialDuration_UsesQuantileOfCompleteTrials()
    {
        var study = NewStudy();
        Assert.Null(study.ExpectedTrialDuration());
        for (int seconds = 1; seconds <= 10; seconds++)
        {
            var trial = study.Ask();
            _clock.Advance(TimeSpan.FromSeconds(seconds));
            study.Tell(trial, 0.0);
        }
        var slowFailure = study.Ask();
        _clock.Advance(TimeSpan.FromSeconds(1000));
        study.Tell(slowFailure, TrialState.Fail);   // failures do not count once a trial is complete
        // Durations 1..10 s: the 0.9 quantile with linear interpolation is 9.1 s.
        Assert.Equal(9.1, study.ExpectedTrialDuration()!.Value.TotalSeconds, 9);
    }

    [Fact]
    public void ExpectedTrialDuration_OnlyFailedTrials_UsesThem()
    {
        var study = NewStudy();
        var trial = study.Ask();
        _clock.Advance(TimeSpan.FromSeconds(4));
        study.Tell(trial, TrialState.Fail);
        Assert.Equal(TimeSpan.FromSeconds(4), study.ExpectedTrialDuration());
    }

    [Fact]
    public void Constructor_QuantileOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Study(new StudyOptions { TrialDurationQuantile = 1.5 }));
}
