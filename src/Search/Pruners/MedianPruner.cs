namespace AutoVision.Search;

/// <summary>A <see cref="PercentilePruner"/> at 50: prunes a trial whose best value so far is worse than the median
/// of the complete trials' values at the same step.</summary>
public sealed class MedianPruner : PercentilePruner
{
    public MedianPruner(int nStartupTrials = 5, int nWarmupSteps = 0, int intervalSteps = 1, int nMinTrials = 1)
        : base(50.0, nStartupTrials, nWarmupSteps, intervalSteps, nMinTrials) { }
}
