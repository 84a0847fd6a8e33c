using AutoVision.Scoring;
using Microsoft.Extensions.Logging;

namespace AutoVision.Runner.Platform;

/// <summary>
/// The scoring program's work while the ingestion runs: when new <c>&lt;task&gt;.predict_*</c> files have appeared,
/// scores the folder and rewrites <c>scores.txt</c>. Prediction files appear only by rename, so only whole files
/// are ever read. A read that overlaps the ingestion's append to <c>start.txt</c> is detected (the timestamps
/// differ from a second read) and simply retried at the next poll.
/// </summary>
internal sealed class LiveScorer(string solutionDir, string outputDir, string taskName, double? t0, ILogger log)
{
    /// <summary>How many predictions the last successful scoring covered.</summary>
    public int Scored { get; private set; }

    public void Poll()
    {
        int files = Directory.EnumerateFiles(outputDir, taskName + ".predict_*").Count();
        if (files <= Scored) return;
        ScoreReport report;
        try
        {
            report = DirectoryScorer.Score(solutionDir, outputDir, t0);
            if (!Consistent(report)) return;
            // While the ingestion runs only scores.txt is rewritten (cheap); the final scoring writes every file.
            DirectoryScorer.WriteScores(outputDir, report, ScoreFiles.Scores);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or InvalidOperationException)
        {
            log.LogDebug(LogEvents.PredictionScored, "Scoring deferred to the next poll: {Message}", ex.Message);
            return;
        }
        for (int k = Scored; k < report.Nauc.Count; k++)
        {
            log.LogInformation(LogEvents.PredictionScored, "Scored prediction {Index} at {Time:F2} s: NAUC {Nauc:F4}",
                k, report.Timestamps[k], report.Nauc[k]);
        }
        if (report.Nauc.Count > Scored)
            log.LogInformation(LogEvents.PredictionScored, "ALC so far: {Alc:F4} ({Count} predictions)", report.Alc, report.Nauc.Count);
        Scored = Math.Max(Scored, report.Nauc.Count);
    }

    private bool Consistent(ScoreReport report)
    {
        var again = IngestionFiles.ReadStart(Path.Combine(outputDir, IngestionFiles.StartFileName));
        var timestamps = again.ConsecutiveTimestamps();
        if (timestamps.Count < report.Timestamps.Count) return false;
        for (int k = 0; k < report.Timestamps.Count; k++)
        {
            if (timestamps[k] - again.StartTime != report.Timestamps[k]) return false;
        }
        return true;
    }
}
