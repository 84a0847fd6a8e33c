namespace AutoVision.Budget;

/// <summary>What the learner may spend before its next prediction.</summary>
/// <param name="Train">Training time for this round (zero: do not train).</param>
/// <param name="Steps">Training steps that fit into <paramref name="Train"/> at the measured cost (stop at whichever comes first).</param>
/// <param name="Reserve">Time kept at the end of the budget for the final prediction (measured test time, not a constant).</param>
/// <param name="IsLast">No further round fits after this one.</param>
public readonly record struct PlannedTraining(TimeSpan Train, int Steps, TimeSpan Reserve, bool IsLast)
{
    public PlannedRound AsRound => new(Train, IsLast);
}
