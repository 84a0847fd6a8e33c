namespace AutoVision.Search;

/// <summary>Keeps the trials of one study. Every implementation passes the same contract tests.</summary>
public interface ITrialStore
{
    /// <summary>Adds a trial, giving it the next number (0, 1, 2, … — numbering continues across reopenings of a
    /// persistent store); returns the trial as stored. The template's own number is ignored.</summary>
    FrozenTrial CreateTrial(FrozenTrial template);

    /// <summary>Replaces the stored trial of the same number.</summary>
    /// <exception cref="KeyNotFoundException">No trial has that number.</exception>
    /// <exception cref="InvalidOperationException">The stored trial is finished: finished trials never change.</exception>
    void SaveTrial(FrozenTrial trial);

    /// <summary>All trials, in number order.</summary>
    IReadOnlyList<FrozenTrial> GetTrials();
}
