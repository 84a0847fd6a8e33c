using System.Globalization;
using AutoVision.Scoring;

namespace AutoVision.Runner;

/// <summary>The lines a person reads at the end of a run or a scoring.</summary>
public static class Summary
{
    /// <param name="run">The run.</param>
    /// <param name="notScored">The line printed when the run has no score; null: the reason for a <c>run</c>.</param>
    public static string Of(RunOutcome run, string? notScored = null)
    {
        var i = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            $"task: {run.TaskName}   budget: {run.BudgetSeconds.ToString("0.###", i)} s   stopped: {run.Ingestion.StoppedBy}   duration: {run.Ingestion.Duration.TotalSeconds.ToString("F1", i)} s",
            $"predictions: {run.Ingestion.Predictions.Count}" + (run.Ingestion.Predictions.Count > 0
                ? $"   first at {run.Ingestion.Predictions[0].AfterStart.TotalSeconds.ToString("F2", i)} s   last at {run.Ingestion.Predictions[^1].AfterStart.TotalSeconds.ToString("F2", i)} s"
                : ""),
        };
        if (run.Score is { } s) lines.AddRange(ScoreLines(s));
        else lines.Add(notScored ?? "not scored (no <name>.solution in the dataset folder, or no prediction)");
        if (run.Ingestion.Error is { } e) lines.Add($"learner error: {e.GetType().Name}: {e.Message}");
        lines.Add($"output: {run.OutputDir}");
        return string.Join(Environment.NewLine, lines);
    }

    public static IEnumerable<string> ScoreLines(ScoreReport s)
    {
        var i = CultureInfo.InvariantCulture;
        yield return $"ALC: {s.Alc.ToString("F4", i)}   (T = {s.TimeBudget.ToString("0.###", i)} s, t0 = {s.T0.ToString("0.###", i)} s)";
        if (s.Nauc.Count > 0)
        {
            yield return $"final NAUC: {s.Nauc[^1].ToString("F4", i)}" +
                (s.Accuracy is { Count: > 0 } a ? $"   final accuracy: {a[^1].ToString("F4", i)}" : "");
            yield return $"first prediction: {s.Timestamps[0].ToString("F2", i)} s   predictions: {s.Nauc.Count}";
            yield return "NAUC per prediction: " + string.Join(" ", s.Nauc.Select(v => v.ToString("F4", i)));
        }
    }
}
