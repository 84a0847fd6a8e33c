namespace AutoVision.Runner.Profiles;

/// <summary>
/// Settings of the diagnostic learner (profile field <c>diagnostic</c>): a learner with no model that misbehaves
/// on purpose, so that the platform's caps and kills can be exercised in seconds. It never respects the budget
/// or the ingestion's cancellation: its waits block.
/// </summary>
public sealed record DiagnosticOptions
{
    /// <summary>Seconds its constructor blocks (model construction, outside the clock).</summary>
    public double ConstructionSeconds { get; init; }

    /// <summary>Seconds each <c>Train</c> call blocks.</summary>
    public double TrainSeconds { get; init; }

    /// <summary>After this many predictions, <c>Train</c> never returns (the platform must kill it at start + T).</summary>
    public int? StallAfterPredictions { get; init; }

    /// <summary>After this many predictions, <c>Train</c> ends the process abruptly (SIGKILL, no <c>end.txt</c>).</summary>
    public int? CrashAfterPredictions { get; init; }

    /// <summary>After this many predictions the learner says it is done training.</summary>
    public int? MaxPredictions { get; init; }
}
