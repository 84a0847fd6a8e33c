namespace AutoVision.Search.Tests;

public class TpeSplitTests
{
    [Fact]
    public void Split_Minimize_SmallestValuesBelowInTrialOrder()
    {
        var study = TestStudies.New();
        foreach (double v in new[] { 5.0, 1.0, 4.0, 0.5, 3.0 }) study.AddCompleteCurve(v);
        var (below, above) = TpeSplit.Split(study.Trials, 2, StudyDirection.Minimize);
        Assert.Equal([1, 3], below.Select(t => t.Number));
        Assert.Equal([0, 2, 4], above.Select(t => t.Number));
    }

    [Fact]
    public void Split_Maximize_LargestValuesBelow()
    {
        var study = TestStudies.New(StudyDirection.Maximize);
        foreach (double v in new[] { 5.0, 1.0, 4.0 }) study.AddCompleteCurve(v);
        var (below, _) = TpeSplit.Split(study.Trials, 1, StudyDirection.Maximize);
        Assert.Equal(0, below.Single().Number);
    }

    [Fact]
    public void Split_PrunedTrials_RankAfterCompleteThenByStepReachedThenValue()
    {
        var study = TestStudies.New();
        study.Tell(study.AddRunningCurve(9, 0.1), TrialState.Pruned);       // 0: pruned at step 1, value 0.1
        study.AddCompleteCurve(100);                                         // 1: complete, bad value
        study.Tell(study.AddRunningCurve(9, 9, 5), TrialState.Pruned);       // 2: pruned at step 2
        study.Tell(study.AddRunningCurve(9, 0.05), TrialState.Pruned);      // 3: pruned at step 1, value 0.05
        study.Tell(study.Ask(), TrialState.Pruned);                          // 4: pruned before any report
        var (below, above) = TpeSplit.Split(study.Trials, 4, StudyDirection.Minimize);
        Assert.Equal([0, 1, 2, 3], below.Select(t => t.Number));
        Assert.Equal(4, above.Single().Number);
        var (best3, _) = TpeSplit.Split(study.Trials, 3, StudyDirection.Minimize);
        Assert.Equal([1, 2, 3], best3.Select(t => t.Number));
    }
}
