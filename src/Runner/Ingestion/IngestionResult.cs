namespace AutoVision.Runner.Ingestion;

/// <summary>What one run of the ingestion loop produced.</summary>
/// <param name="Predictions">The prediction files written, in order, with their time after the start of the clock.</param>
/// <param name="Success">False when the learner threw (predictions already written still count).</param>
/// <param name="Error">The learner's exception, if any.</param>
/// <param name="Duration">Time from the start of the clock to the end of the loop.</param>
/// <param name="StoppedBy">Why the loop ended.</param>
public sealed record IngestionResult(
    IReadOnlyList<WrittenPrediction> Predictions,
    bool Success,
    Exception? Error,
    TimeSpan Duration,
    StopReason StoppedBy);

/// <summary>A prediction file the ingestion wrote.</summary>
public sealed record WrittenPrediction(int Index, string Path, TimeSpan AfterStart);

public enum StopReason
{
    DoneTraining,
    TestReturnedNull,
    BudgetUsed,
    HardDeadline,
    Cancelled,
    Failed,
}
