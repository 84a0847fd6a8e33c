using System.Globalization;

namespace AutoVision.Runner.Platform;

/// <summary>The lines a person reads at the end of a platform run (stdout).</summary>
public static class PlatformSummary
{
    public static string Of(PlatformOutcome run)
    {
        var i = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            run.Entry.Describe(),
            $"task: {run.TaskName}   budget: {run.BudgetSeconds.ToString("0.###", i)} s   ingestion: {Ending(run)}",
            "construction: " + (run.Construction is { } c
                ? $"{c.TotalSeconds.ToString("F1", i)} s (cap {run.ConstructionCapSeconds.ToString("0.###", i)} s)"
                : $"did not finish (cap {run.ConstructionCapSeconds.ToString("0.###", i)} s)") +
            (run.IngestionSeconds is { } d ? $"   ingestion duration: {d.ToString("F1", i)} s" : "") +
            $"   scored while running: {run.LiveScored}",
        };
        if (run.Score is { } s) lines.AddRange(Summary.ScoreLines(s));
        else if (run.Construction is null) lines.Add("not scored: the clock never started");
        else lines.Add("not scored (no <name>.solution in the dataset folder)");
        if (run.Ending is not (IngestionEnding.Succeeded or IngestionEnding.KilledAtDeadline) && run.ProcessTail.Count > 0)
        {
            lines.Add("last lines of the ingestion:");
            lines.AddRange(run.ProcessTail.TakeLast(8).Select(l => "  " + l));
        }
        lines.Add($"output: {run.OutputDir}");
        lines.Add($"exit code: {run.ExitCode}");
        return string.Join(Environment.NewLine, lines);
    }

    private static string Ending(PlatformOutcome run) => run.Ending switch
    {
        IngestionEnding.Succeeded => "ended by itself (ingestion_success 1)",
        IngestionEnding.Failed => "failed (ingestion_success 0; predictions written before count)",
        IngestionEnding.Crashed => $"crashed (exit code {run.ProcessExitCode}, no end.txt; predictions written before count)",
        IngestionEnding.KilledAtDeadline => "killed at start + T (time limit exceeded; predictions written before count)",
        IngestionEnding.ConstructionOverCap =>
            $"killed: model construction did not finish within its cap of {run.ConstructionCapSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s",
        _ => $"exited with code {run.ProcessExitCode} before starting the clock",
    };
}
