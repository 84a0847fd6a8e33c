namespace AutoVision.Scoring;

/// <summary>The text of the scorer's <c>scores.txt</c> (challenge scorer version v20191219).</summary>
internal static class ScoresText
{
    /// <summary>
    /// <c>score</c> (the ALC), <c>Duration</c>, <c>timestamps</c>, <c>nauc_scores</c> and, for a multiclass task,
    /// <c>accuracy</c>, numbers as Python prints them. Without predictions the scorer prints its integer zeros
    /// (<c>score: 0</c>, <c>Duration: 0</c>) and no accuracy line.
    /// </summary>
    public static string Format(ScoreReport report)
    {
        bool any = report.Timestamps.Count > 0;
        string text =
            $"score: {(any ? PredictionFormat.FormatTimestamp(report.Alc) : "0")}\n" +
            $"Duration: {(any ? PredictionFormat.FormatTimestamp(report.Duration) : "0")}\n" +
            $"timestamps: {PredictionFormat.FormatList(report.Timestamps)}\n" +
            $"nauc_scores: {PredictionFormat.FormatList(report.Nauc)}\n";
        if (any && report.Accuracy is not null) text += $"accuracy: {PredictionFormat.FormatList(report.Accuracy)}\n";
        return text;
    }
}
