namespace AutoVision.Runner.Batch;

/// <summary>One run of a batch: an entry on a dataset.</summary>
/// <param name="Entry">The entry's name in the results (<see cref="BatchEntries.BuiltIn"/> for this program's own learner).</param>
/// <param name="EntryPath">Null for the built-in learner (the <c>run</c> verb); else an entry folder or package (the <c>platform</c> verb).</param>
/// <param name="Dataset">The dataset's name (its folder's name).</param>
/// <param name="DatasetDir">The folder holding one <c>&lt;name&gt;.data/</c>.</param>
public sealed record BatchItem(string Entry, string? EntryPath, string Dataset, string DatasetDir);

/// <summary>
/// The batch's work list: hands out runs not yet done, records each result as it comes, and remembers what
/// earlier sessions finished (so a batch started again goes on where it stopped). Implementations must allow
/// several workers at once. A folder of datasets with a results CSV is one (<see cref="FolderBatchQueue"/>); a
/// shared database queue would be another.
/// </summary>
public interface IBatchQueue
{
    /// <summary>The next run to do, or null when none is left; a run handed out is not handed out again.</summary>
    BatchItem? Take();

    /// <summary>Records a run's result (durably, before returning).</summary>
    void Complete(BatchResult result);

    /// <summary>Every recorded result, earlier sessions' included; the latest per entry and dataset.</summary>
    IReadOnlyList<BatchResult> Results();
}

/// <summary>The result of one run, as a row of <c>results.csv</c>.</summary>
/// <param name="Status">ok | failed.</param>
/// <param name="ExitCode">The child process's exit code (null when it was killed for overrunning).</param>
/// <param name="Alc">Null when the run has no score (failed, no prediction, or the dataset has no solution).</param>
/// <param name="Error">Why it failed (the child's error line), else null.</param>
public sealed record BatchResult(
    string Entry,
    string Dataset,
    string Status,
    int? ExitCode,
    double? Alc,
    double? FinalNauc,
    int Predictions,
    double? FirstPredictionSeconds,
    double DurationSeconds,
    double BudgetSeconds,
    string OutputDir,
    string? Error,
    DateTimeOffset FinishedAt)
{
    public const string Ok = "ok";
    public const string Failed = "failed";
}

public static class BatchEntries
{
    /// <summary>The entry name of this program's own learner (the <c>run</c> verb).</summary>
    public const string BuiltIn = "autovision";
}
