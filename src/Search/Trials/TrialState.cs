namespace AutoVision.Search;

/// <summary>Where a trial is in its life. <see cref="Waiting"/> is an enqueued trial that no one has asked for yet.</summary>
public enum TrialState
{
    Running,
    Complete,
    Pruned,
    Fail,
    Waiting,
}

public static class TrialStateExtensions
{
    /// <summary>Complete, Pruned or Fail: the trial will not change any more.</summary>
    public static bool IsFinished(this TrialState state) =>
        state is TrialState.Complete or TrialState.Pruned or TrialState.Fail;
}
