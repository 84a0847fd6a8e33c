namespace AutoVision.Search.Tests;

public class SuccessiveHalvingPrunerTests
{
    // minResource 1, η 2, s 0: rungs at steps 1, 2, 4, 8, …

    private static SuccessiveHalvingPruner Eta2() => new(minResource: 1, reductionFactor: 2);

    /// <summary>Four complete trials, flat curves at 1, 2, 3, 4 over steps 0..8.</summary>
    private static Study FourFlatCurves(StudyDirection direction = StudyDirection.Minimize)
    {
        var study = TestStudies.New(direction);
        for (int i = 1; i <= 4; i++) study.AddCompleteCurve(Enumerable.Repeat((double)i, 9).ToArray());
        return study;
    }

    [Fact]
    public void Prune_BeforeFirstRung_False()
    {
        var study = FourFlatCurves();
        Assert.False(Eta2().Prune(study, study.AddRunningCurve(100).Snapshot));   // step 0 < rung 0 at step 1
    }

    [Fact]
    public void Prune_InBottomHalfAtRung_True()
    {
        // Competing at rung 0 (step 1): 1, 2, 3, 4 and the trial's 3.5 — five values, top 5/2 = 2 go on (≤ 2).
        var study = FourFlatCurves();
        Assert.True(Eta2().Prune(study, study.AddRunningCurve(0, 3.5).Snapshot));
    }

    [Fact]
    public void Prune_InTopHalfAtRung_False()
    {
        var study = FourFlatCurves();
        Assert.False(Eta2().Prune(study, study.AddRunningCurve(0, 1.5).Snapshot));
    }

    [Fact]
    public void Prune_Maximize_KeepsLargeValues()
    {
        var study = FourFlatCurves(StudyDirection.Maximize);
        var pruner = Eta2();
        Assert.False(pruner.Prune(study, study.AddRunningCurve(0, 3.5).Snapshot));   // top 2 of 1,2,3,3.5,4
        Assert.True(pruner.Prune(study, study.AddRunningCurve(0, 1.5).Snapshot));
    }

    [Fact]
    public void Prune_FewerValuesThanReductionFactor_OnlyTheBestGoesOn()
    {
        var study = TestStudies.New();
        study.AddCompleteCurve(0, 2, 2);
        var pruner = new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3);
        // Two values at rung 0 (step 1) < η = 3: only one at least as good as the best (2) goes on.
        Assert.False(pruner.Prune(study, study.AddRunningCurve(0, 2).Snapshot));
        Assert.True(pruner.Prune(study, study.AddRunningCurve(0, 2.5).Snapshot));
    }

    [Fact]
    public void Prune_PassedFirstRungFailsSecond_TrueAtSecondRungStep()
    {
        // Rung 1 sits at step 2. The trial is best at step 1, worst at step 2.
        var study = FourFlatCurves();
        var pruner = Eta2();
        var trial = study.AddRunningCurve(0, 0.5);
        Assert.False(pruner.Prune(study, trial.Snapshot));
        trial.Report(9, 2);
        Assert.True(pruner.Prune(study, trial.Snapshot));
    }

    [Fact]
    public void Prune_BetweenRungs_FalseEvenWhenWorseThanAll()
    {
        // Step 3 lies between rung 1 (step 2) and rung 2 (step 4): nothing is judged there.
        var study = FourFlatCurves();
        var pruner = Eta2();
        var trial = study.AddRunningCurve(0, 0.5, 0.5);
        Assert.False(pruner.Prune(study, trial.Snapshot));
        trial.Report(50, 3);
        Assert.False(pruner.Prune(study, trial.Snapshot));
    }

    [Fact]
    public void Prune_RungsTakenFromPrunedAndRunningTrialsToo()
    {
        // Only running/pruned trials have reached rung 0, with values 1 and 2; a third at 3 is not in the top 3/2 = 1.
        var study = TestStudies.New();
        study.Tell(study.AddRunningCurve(0, 1), TrialState.Pruned);
        study.AddRunningCurve(0, 2);
        Assert.True(Eta2().Prune(study, study.AddRunningCurve(0, 3).Snapshot));
    }

    [Fact]
    public void Prune_NaNAtRung_True()
    {
        var study = FourFlatCurves();
        Assert.True(Eta2().Prune(study, study.AddRunningCurve(0, double.NaN).Snapshot));
    }

    [Fact]
    public void Prune_MinEarlyStoppingRate_MovesFirstRung()
    {
        // minResource 2, η 3, s 1: rung 0 at step 6.
        var study = TestStudies.New();
        for (int i = 1; i <= 3; i++) study.AddCompleteCurve(Enumerable.Repeat((double)i, 8).ToArray());
        var pruner = new SuccessiveHalvingPruner(minResource: 2, reductionFactor: 3, minEarlyStoppingRate: 1);
        Assert.Equal(6, pruner.RungStep(2, 0));
        var trial = study.AddRunningCurve(9, 9, 9, 9, 9, 9);   // steps 0..5
        Assert.False(pruner.Prune(study, trial.Snapshot));
        trial.Report(9, 6);
        Assert.True(pruner.Prune(study, trial.Snapshot));
    }

    [Fact]
    public void Prune_AutoMinResourceWithoutCompleteTrial_False()
    {
        var study = TestStudies.New();
        study.AddRunningCurve(1, 1, 1);
        Assert.False(new SuccessiveHalvingPruner().Prune(study, study.AddRunningCurve(9, 9, 9).Snapshot));
    }

    [Fact]
    public void Prune_AutoMinResource_IsLongestCompleteCurveOverHundred()
    {
        // A complete trial of 300 steps (last step 299) makes minResource 2; η 4: rung 0 at step 2.
        var study = TestStudies.New();
        study.AddCompleteCurve(Enumerable.Repeat(1.0, 300).ToArray());
        var pruner = new SuccessiveHalvingPruner();
        var trial = study.AddRunningCurve(5, 5);
        Assert.False(pruner.Prune(study, trial.Snapshot));   // step 1 < 2
        trial.Report(5, 2);
        Assert.True(pruner.Prune(study, trial.Snapshot));    // 5 vs the complete trial's 1: only the best goes on
    }

    [Fact]
    public void Prune_BootstrapCount_PrunesUntilEnoughValues()
    {
        var study = TestStudies.New();
        var pruner = new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 2, bootstrapCount: 2);
        Assert.True(pruner.Prune(study, study.AddRunningCurve(0, 1).Snapshot));   // 1 value ≤ 2
        Assert.True(pruner.Prune(study, study.AddRunningCurve(0, 1).Snapshot));   // 2 values ≤ 2
        Assert.False(pruner.Prune(study, study.AddRunningCurve(0, 0.5).Snapshot)); // 3 values, best of them
    }

    [Fact]
    public void Constructor_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SuccessiveHalvingPruner(minResource: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SuccessiveHalvingPruner(reductionFactor: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SuccessiveHalvingPruner(minEarlyStoppingRate: -1));
        Assert.Throws<ArgumentException>(() => new SuccessiveHalvingPruner(bootstrapCount: 1));
    }

    [Fact]
    public void Optimize_WithSuccessiveHalving_PrunesMostOfManyFlatBadCurves()
    {
        // Curves at a trial-specific level; with η 3 about two in three trials stop at each rung.
        var study = new Study(new StudyOptions { Sampler = new RandomSampler(3), Pruner = new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3) });
        study.Optimize(trial =>
        {
            double level = trial.SuggestFloat("level", 0, 1);
            for (int step = 0; step < 27; step++)
            {
                trial.Report(level, step);
                if (trial.ShouldPrune()) throw new TrialPrunedException();
            }
            return level;
        }, nTrials: 40);
        int pruned = study.Trials.Count(t => t.State == TrialState.Pruned);
        Assert.InRange(pruned, 20, 39);
        // The best level is never pruned: nothing beats it at any rung.
        var bestLevel = study.Trials.Min(t => (double)t.Params["level"]!);
        Assert.Equal(TrialState.Complete, study.Trials.Single(t => (double)t.Params["level"]! == bestLevel).State);
    }
}
