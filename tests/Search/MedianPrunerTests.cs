namespace AutoVision.Search.Tests;

public class MedianPrunerTests
{
    /// <summary>Complete trials whose values at steps 0..2 are 1, 2, 3, 4, 5 (the same at every step).</summary>
    private static Study FiveFlatCurves(StudyDirection direction = StudyDirection.Minimize)
    {
        var study = TestStudies.New(direction);
        for (int i = 1; i <= 5; i++) study.AddCompleteCurve(i, i, i);
        return study;
    }

    [Fact]
    public void Constructor_Default_IsPercentileFifty() => Assert.Equal(50.0, new MedianPruner().Percentile);

    [Fact]
    public void Prune_WorseThanMedianAtStep_True()
    {
        var study = FiveFlatCurves();
        Assert.True(new MedianPruner().Prune(study, study.AddRunningCurve(3.5).Snapshot));
    }

    [Fact]
    public void Prune_BetterThanMedian_False()
    {
        var study = FiveFlatCurves();
        Assert.False(new MedianPruner().Prune(study, study.AddRunningCurve(2.5).Snapshot));
    }

    [Fact]
    public void Prune_BeforeWarmUp_FalseThenTrueOnceWarm()
    {
        var study = FiveFlatCurves();
        var pruner = new MedianPruner(nWarmupSteps: 2);
        var trial = study.AddRunningCurve(9, 9);
        Assert.False(pruner.Prune(study, trial.Snapshot));   // last step 1 < 2 warm-up steps
        trial.Report(9, 2);
        Assert.True(pruner.Prune(study, trial.Snapshot));
    }

    [Fact]
    public void Prune_BeforeStartupTrials_False()
    {
        var study = TestStudies.New();
        for (int i = 1; i <= 4; i++) study.AddCompleteCurve(i);
        Assert.False(new MedianPruner(nStartupTrials: 5).Prune(study, study.AddRunningCurve(100).Snapshot));
    }

    [Fact]
    public void Prune_Maximize_PrunesBelowMedian()
    {
        var study = FiveFlatCurves(StudyDirection.Maximize);
        Assert.True(new MedianPruner().Prune(study, study.AddRunningCurve(2.5).Snapshot));
        Assert.False(new MedianPruner().Prune(study, study.AddRunningCurve(3.5).Snapshot));
    }

    [Fact]
    public void Optimize_WithMedianPruner_PrunesOnlyTheBadCurves()
    {
        var study = TestStudies.New(sampler: new RandomSampler(1), pruner: new MedianPruner(nStartupTrials: 3, nWarmupSteps: 1));
        study.Optimize(trial =>
        {
            double level = trial.Number < 3 ? 1 + trial.Number : trial.Number % 2 == 0 ? 0.5 : 10;   // 3 good starters, then alternate
            for (int step = 0; step < 5; step++)
            {
                trial.Report(level, step);
                if (trial.ShouldPrune()) throw new TrialPrunedException();
            }
            return level;
        }, nTrials: 9);
        Assert.All(study.Trials.Where(t => t.Number >= 3), t =>
            Assert.Equal(t.Number % 2 == 0 ? TrialState.Complete : TrialState.Pruned, t.State));
        Assert.All(study.Trials.Where(t => t.State == TrialState.Pruned), t => Assert.Equal(1, t.LastStep));
    }
}
