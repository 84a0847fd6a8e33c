using Microsoft.Extensions.Time.Testing;

namespace AutoVision.Search.Tests;

public class StudyTests
{
    [Fact]
    public void Constructor_DefaultOptions_ComposesTpeMedianAndMemory()
    {
        var study = new Study();
        Assert.IsType<TpeSampler>(study.Sampler);
        Assert.IsType<MedianPruner>(study.Pruner);
        Assert.IsType<InMemoryTrialStore>(study.Store);
        Assert.Equal(StudyDirection.Minimize, study.Direction);
    }

    [Fact]
    public void Ask_NewStudy_NumbersFromZeroAndStampsStartTime()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var study = new Study(new StudyOptions { TimeProvider = clock, Sampler = new RandomSampler(0) });
        var first = study.Ask();
        var second = study.Ask();
        Assert.Equal(0, first.Number);
        Assert.Equal(1, second.Number);
        Assert.Equal(TrialState.Running, first.State);
        Assert.Equal(clock.GetUtcNow(), first.StartTime);
    }

    [Fact]
    public void Tell_Value_CompletesTrialWithValueAndCompleteTime()
    {
        var clock = new FakeTimeProvider();
        var study = new Study(new StudyOptions { TimeProvider = clock });
        var trial = study.Ask();
        clock.Advance(TimeSpan.FromSeconds(3));
        study.Tell(trial, 1.5);
        var stored = study.Trials.Single();
        Assert.Equal(TrialState.Complete, stored.State);
        Assert.Equal(1.5, stored.Value);
        Assert.Equal(TimeSpan.FromSeconds(3), stored.Duration);
    }

    [Fact]
    public void Tell_NaN_FailsTrialWithReason()
    {
        var study = TestStudies.New();
        var trial = study.Ask();
        study.Tell(trial, double.NaN);
        Assert.Equal(TrialState.Fail, trial.State);
        Assert.Contains("NaN", trial.Snapshot.FailReason);
    }

    [Fact]
    public void Tell_Pruned_KeepsLastIntermediateValue()
    {
        var study = TestStudies.New();
        var trial = study.AddRunningCurve(5, 4, 3);
        study.Tell(trial, TrialState.Pruned);
        Assert.Equal(TrialState.Pruned, trial.State);
        Assert.Equal(3.0, trial.Value);
    }

    [Fact]
    public void Tell_Twice_Throws()
    {
        var study = TestStudies.New();
        var trial = study.Ask();
        study.Tell(trial, 1.0);
        Assert.Throws<InvalidOperationException>(() => study.Tell(trial, 2.0));
    }

    [Fact]
    public void Tell_CompleteStateWithoutValue_Throws()
    {
        var study = TestStudies.New();
        Assert.Throws<ArgumentException>(() => study.Tell(study.Ask(), TrialState.Complete));
    }

    [Fact]
    public void Tell_TrialOfAnotherStudy_Throws()
    {
        var other = TestStudies.New().Ask();
        Assert.Throws<ArgumentException>(() => TestStudies.New().Tell(other, 1.0));
    }

    [Fact]
    public void BestTrial_Minimize_ReturnsSmallestCompleteValue()
    {
        var study = TestStudies.New();
        study.AddCompleteCurve(3);
        study.AddCompleteCurve(1);
        study.AddCompleteCurve(2);
        study.Tell(study.AddRunningCurve(0), TrialState.Pruned);   // pruned values never count
        Assert.Equal(1, study.BestTrial.Number);
        Assert.Equal(1.0, study.BestValue);
    }

    [Fact]
    public void BestTrial_Maximize_ReturnsLargestCompleteValue()
    {
        var study = TestStudies.New(StudyDirection.Maximize);
        study.AddCompleteCurve(3);
        study.AddCompleteCurve(5);
        study.AddCompleteCurve(4);
        Assert.Equal(5.0, study.BestValue);
    }

    [Fact]
    public void BestTrial_NoCompleteTrial_Throws() =>
        Assert.Throws<InvalidOperationException>(() => TestStudies.New().BestTrial);

    [Fact]
    public void EnqueueTrial_Values_NextAskTakesOldestEnqueued()
    {
        var study = TestStudies.New();
        int first = study.EnqueueTrial(new Dictionary<string, object?> { ["x"] = 0.1 });
        study.EnqueueTrial(new Dictionary<string, object?> { ["x"] = 0.2 });
        Assert.Equal(TrialState.Waiting, study.Trials[first].State);
        var trial = study.Ask();
        Assert.Equal(first, trial.Number);
        Assert.Equal(0.1, trial.SuggestFloat("x", 0, 1));
        Assert.Equal(0.2, study.Ask().SuggestFloat("x", 0, 1));
        Assert.Equal(2, study.Ask().Number);
    }

    [Fact]
    public void EnqueueTrial_UnsupportedValueType_Throws() =>
        Assert.Throws<ArgumentException>(() => TestStudies.New().EnqueueTrial(new Dictionary<string, object?> { ["x"] = new object() }));

    [Fact]
    public void Optimize_ObjectiveThrows_RecordsFailAndGoesOn()
    {
        var study = TestStudies.New();
        int calls = 0;
        study.Optimize(trial => ++calls == 2 ? throw new InvalidOperationException("boom") : trial.SuggestFloat("x", 0, 1), nTrials: 3);
        Assert.Equal(3, study.Trials.Count);
        var failed = study.Trials[1];
        Assert.Equal(TrialState.Fail, failed.State);
        Assert.Equal("InvalidOperationException: boom", failed.FailReason);
        Assert.Equal(TrialState.Complete, study.Trials[2].State);
    }

    [Fact]
    public void Optimize_RethrowOption_RecordsFailThenRethrows()
    {
        var study = new Study(new StudyOptions { RethrowObjectiveExceptions = true });
        Assert.Throws<InvalidOperationException>(() => study.Optimize(_ => throw new InvalidOperationException("boom"), nTrials: 5));
        Assert.Equal(TrialState.Fail, study.Trials.Single().State);
    }

    [Fact]
    public void Optimize_TrialPrunedException_MarksTrialPruned()
    {
        var study = TestStudies.New();
        study.Optimize(trial =>
        {
            trial.Report(7.0, 0);
            throw new TrialPrunedException();
        }, nTrials: 1);
        Assert.Equal(TrialState.Pruned, study.Trials[0].State);
        Assert.Equal(7.0, study.Trials[0].Value);
    }

    [Fact]
    public void Optimize_Timeout_StopsStartingTrials()
    {
        var clock = new FakeTimeProvider();
        var study = new Study(new StudyOptions { TimeProvider = clock, Sampler = new RandomSampler(0), Pruner = new NopPruner() });
        study.Optimize(trial =>
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            return trial.SuggestFloat("x", 0, 1);
        }, timeout: TimeSpan.FromSeconds(35));
        // Trials start at 0, 10, 20 and 30 s; at 40 s the timeout has passed and no fifth trial starts.
        Assert.Equal(4, study.Trials.Count);
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
    }

    [Fact]
    public void Optimize_TrialCountReachedBeforeTimeout_StopsAtCount()
    {
        var clock = new FakeTimeProvider();
        var study = new Study(new StudyOptions { TimeProvider = clock });
        study.Optimize(_ => 1.0, nTrials: 3, timeout: TimeSpan.FromHours(1));
        Assert.Equal(3, study.Trials.Count);
    }

    [Fact]
    public void Optimize_CancelledBetweenTrials_StopsWithoutThrowing()
    {
        using var cts = new CancellationTokenSource();
        var study = TestStudies.New();
        study.Optimize(trial =>
        {
            if (trial.Number == 1) cts.Cancel();
            return 1.0;
        }, cancellationToken: cts.Token);
        Assert.Equal(2, study.Trials.Count);
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
    }

    [Fact]
    public void Optimize_ObjectiveObservesCancellation_RecordsFailAndStops()
    {
        using var cts = new CancellationTokenSource();
        var study = TestStudies.New();
        study.Optimize(trial =>
        {
            cts.Cancel();
            cts.Token.ThrowIfCancellationRequested();
            return 1.0;
        }, nTrials: 10, cancellationToken: cts.Token);
        var only = study.Trials.Single();
        Assert.Equal(TrialState.Fail, only.State);
        Assert.StartsWith("Cancelled", only.FailReason);
    }

    [Fact]
    public void Optimize_NegativeTrialCount_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TestStudies.New().Optimize(_ => 0, nTrials: -1));
}
