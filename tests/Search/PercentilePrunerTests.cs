namespace AutoVision.Search.Tests;

public class PercentilePrunerTests
{
    /// <summary>Five complete trials whose values at step 1 are 1, 2, 3, 4 and 5.</summary>
    private static Study FiveCurves(StudyDirection direction = StudyDirection.Minimize)
    {
        var study = TestStudies.New(direction);
        for (int i = 1; i <= 5; i++) study.AddCompleteCurve(10, i, i);
        return study;
    }

    [Fact]
    public void Prune_WorseThanLowerQuartileAtStep_True()
    {
        var study = FiveCurves();   // 25th percentile at step 1 is 2
        var pruner = new PercentilePruner(25, nStartupTrials: 5);
        Assert.True(pruner.Prune(study, study.AddRunningCurve(10, 2.5).Snapshot));
        Assert.False(pruner.Prune(study, study.AddRunningCurve(10, 1.5).Snapshot));
    }

    [Fact]
    public void Prune_BestValueSoFarCounts_NotJustTheLast()
    {
        var study = FiveCurves();
        var pruner = new PercentilePruner(25, nStartupTrials: 5);
        // At step 1 the trial reports 9, but its best so far (1.0 at step 0) beats the 25th percentile (2).
        Assert.False(pruner.Prune(study, study.AddRunningCurve(1.0, 9).Snapshot));
    }

    [Fact]
    public void Prune_Maximize_UsesTheUpperSide()
    {
        var study = FiveCurves(StudyDirection.Maximize);   // top quarter begins at 4
        var pruner = new PercentilePruner(25, nStartupTrials: 5);
        Assert.True(pruner.Prune(study, study.AddRunningCurve(0, 3.5).Snapshot));
        Assert.False(pruner.Prune(study, study.AddRunningCurve(0, 4.5).Snapshot));
    }

    [Fact]
    public void Prune_FewerCompleteTrialsThanStartup_False()
    {
        var study = FiveCurves();
        Assert.False(new PercentilePruner(25, nStartupTrials: 6).Prune(study, study.AddRunningCurve(10, 99).Snapshot));
    }

    [Fact]
    public void Prune_NotFirstStepOfItsInterval_False()
    {
        var study = TestStudies.New();
        for (int i = 0; i < 5; i++) study.AddCompleteCurve(1, 1, 1, 1, 1);
        var pruner = new PercentilePruner(50, nStartupTrials: 5, intervalSteps: 2);
        Assert.True(pruner.Prune(study, study.AddRunningCurve(9, 9, 9).Snapshot));      // step 2 opens an interval
        Assert.False(pruner.Prune(study, study.AddRunningCurve(9, 9, 9, 9).Snapshot));  // step 3 shares it with step 2
    }

    [Fact]
    public void Prune_AllIntermediateValuesNaN_True()
    {
        var study = FiveCurves();
        Assert.True(new PercentilePruner(50).Prune(study, study.AddRunningCurve(double.NaN).Snapshot));
    }

    [Fact]
    public void Prune_NoCompleteTrialReportedTheStep_False()
    {
        var study = FiveCurves();
        Assert.False(new PercentilePruner(50).Prune(study, study.AddRunningCurve(10, 10, 10, 99).Snapshot));
    }

    [Fact]
    public void Prune_NoReport_False()
    {
        var study = FiveCurves();
        Assert.False(new PercentilePruner(50).Prune(study, study.Ask().Snapshot));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(100.5)]
    public void Constructor_PercentileOutsideRange_Throws(double percentile) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PercentilePruner(percentile));

    [Fact]
    public void NanPercentile_LinearInterpolation_MatchesNumpy()
    {
        Assert.Equal(2.5, PercentilePruner.NanPercentile([4, 1, 3, 2, double.NaN], 50));
        Assert.Equal(1.75, PercentilePruner.NanPercentile([1, 2, 3, 4], 25));
        Assert.True(double.IsNaN(PercentilePruner.NanPercentile([double.NaN], 50)));
    }
}
