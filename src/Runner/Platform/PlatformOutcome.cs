using AutoVision.Scoring;

namespace AutoVision.Runner.Platform;

/// <summary>How the ingestion process ended.</summary>
public enum IngestionEnding
{
    /// <summary>It wrote <c>end.txt</c> with <c>ingestion_success: 1</c> before start + T.</summary>
    Succeeded,

    /// <summary>It wrote <c>end.txt</c> with <c>ingestion_success: 0</c> (the learner failed).</summary>
    Failed,

    /// <summary>It exited after starting the clock without writing <c>end.txt</c>.</summary>
    Crashed,

    /// <summary>It was still running at start + T and was killed.</summary>
    KilledAtDeadline,

    /// <summary>Model construction did not finish within its cap; it was killed before starting the clock.</summary>
    ConstructionOverCap,

    /// <summary>It exited before starting the clock (bad input, or construction failed).</summary>
    ExitedBeforeStart,
}

/// <summary>The outcome of one platform run.</summary>
/// <param name="Entry">What ran.</param>
/// <param name="TaskName">The dataset's name.</param>
/// <param name="OutputDir">The ingestion's output folder (and the scores').</param>
/// <param name="BudgetSeconds">T.</param>
/// <param name="ConstructionCapSeconds">The construction cap.</param>
/// <param name="Ending">How the ingestion ended.</param>
/// <param name="ProcessExitCode">The ingestion process's exit code (killed processes report the signal's).</param>
/// <param name="Construction">From the start of the process to <c>start.txt</c>; null if it never came.</param>
/// <param name="IngestionSeconds">From the start of the clock to the end or the kill; null without a clock.</param>
/// <param name="Score">The final score; null when the dataset has no solution or the clock never started.</param>
/// <param name="LiveScored">How many predictions were scored while the ingestion ran.</param>
/// <param name="ProcessTail">The last lines the ingestion wrote, for a failure report.</param>
public sealed record PlatformOutcome(
    PlatformEntry Entry,
    string TaskName,
    string OutputDir,
    double BudgetSeconds,
    double ConstructionCapSeconds,
    IngestionEnding Ending,
    int? ProcessExitCode,
    TimeSpan? Construction,
    double? IngestionSeconds,
    ScoreReport? Score,
    int LiveScored,
    IReadOnlyList<string> ProcessTail)
{
    /// <summary>The <c>platform</c> verb's exit code (see <see cref="PlatformExitCodes"/>).</summary>
    public int ExitCode => Ending switch
    {
        IngestionEnding.Succeeded => PlatformExitCodes.Success,
        IngestionEnding.Failed or IngestionEnding.Crashed => PlatformExitCodes.IngestionFailed,
        IngestionEnding.KilledAtDeadline => PlatformExitCodes.KilledAtDeadline,
        _ => PlatformExitCodes.NotStarted,
    };
}

/// <summary>Exit codes of the <c>platform</c> verb.</summary>
public static class PlatformExitCodes
{
    /// <summary>The ingestion ended by itself within T and reported success; its predictions were scored.</summary>
    public const int Success = 0;

    /// <summary>The ingestion failed (<c>ingestion_success: 0</c>) or crashed (no <c>end.txt</c>); what it wrote was scored.</summary>
    public const int IngestionFailed = 1;

    /// <summary>Bad input: entry, profile, package checksums, dataset, output folder, or files the scorer cannot read.</summary>
    public const int BadInput = 2;

    /// <summary>The clock never started: model construction overran its cap, or the process exited before <c>start.txt</c>.</summary>
    public const int NotStarted = 3;

    /// <summary>The ingestion was still running at start + T and was killed; what it wrote before was scored.</summary>
    public const int KilledAtDeadline = 4;
}
