namespace AutoVision.Search;

/// <summary>
/// Keeps the trials of one study. Every implementation passes the same contract tests. The three writes are each
/// atomic in the store itself — numbering a new trial and claiming a waiting one included — so that several
/// processes (or, later, machines) sharing a store never hand out one number or one enqueued trial twice.
/// </summary>
public interface ITrialStore
{
    /// <summary>Adds a trial, giving it the next number (0, 1, 2, … — numbering continues across reopenings of a
    /// persistent store and across processes sharing one); returns the trial as stored. The template's own number is
    /// ignored.</summary>
    FrozenTrial CreateTrial(FrozenTrial template);

    /// <summary>Replaces the stored trial of the same number.</summary>
    /// <exception cref="KeyNotFoundException">No trial has that number.</exception>
    /// <exception cref="InvalidOperationException">The stored trial is finished: finished trials never change.</exception>
    void SaveTrial(FrozenTrial trial);

    /// <summary>Takes the oldest <see cref="TrialState.Waiting"/> trial, stores it as running from
    /// <paramref name="startTime"/> and returns it; null when none waits. Two callers never get the same trial.</summary>
    FrozenTrial? ClaimWaitingTrial(DateTimeOffset startTime);

    /// <summary>All trials, in number order (for a shared store: as of this call, others' writes included).</summary>
    IReadOnlyList<FrozenTrial> GetTrials();
}
