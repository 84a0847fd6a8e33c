namespace AutoVision.Search.Tests;

public class NopPrunerTests
{
    [Fact]
    public void Prune_HopelessTrial_False()
    {
        var study = TestStudies.New();
        for (int i = 0; i < 5; i++) study.AddCompleteCurve(1, 1);
        Assert.False(new NopPruner().Prune(study, study.AddRunningCurve(100, 100).Snapshot));
    }
}
