namespace AutoVision.Runner.Batch;

/// <summary>What the <c>batch</c> verb was asked to do.</summary>
public sealed record BatchOptions
{
    /// <summary>A folder of AutoDL dataset folders (or one dataset folder).</summary>
    public required string DatasetsDir { get; init; }

    /// <summary>Where results.csv, the leaderboard, runs/ and logs/ go.</summary>
    public required string OutputDir { get; init; }

    /// <summary>The entries compared: <see cref="BatchEntries.BuiltIn"/> or entry folders / packages (run by the <c>platform</c> verb).</summary>
    public IReadOnlyList<string> Entries { get; init; } = [BatchEntries.BuiltIn];

    /// <summary>Run again the runs results.csv records as failed.</summary>
    public bool RetryFailed { get; init; }

    public required RunnerSettings Settings { get; init; }
}
