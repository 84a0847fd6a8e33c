using System.Text.Json;
using System.Text.Json.Serialization;

namespace AutoVision.Scoring;

/// <summary>
/// The whole report as JSON (<c>detailed_results.json</c>), indented, snake_case keys:
/// <c>scorer_version</c> (<see cref="DirectoryScorer.ScorerVersion"/>), <c>task</c>, <c>time_budget</c> (T),
/// <c>t0</c>, <c>alc</c> (the score), <c>alc_plot_variant</c> (the figure's ALC), <c>duration</c>,
/// <c>valid_columns</c> (0-based label columns NAUC averages over), and <c>predictions</c>: one object per prediction
/// in prediction order with <c>index</c>, <c>time</c>, <c>transformed_time</c>, <c>nauc</c> and <c>accuracy</c>
/// (null when the task is not multiclass). Numbers read back to the same doubles; since JSON has no NaN or infinity,
/// those are written as the strings <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>.
/// </summary>
internal static class DetailedResultsJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(Stream stream, ScoreReport report)
    {
        IReadOnlyList<double> transformed = report.TransformedTimestamps();
        var predictions = new Prediction[report.Timestamps.Count];
        for (int i = 0; i < predictions.Length; i++)
        {
            predictions[i] = new Prediction(i, report.Timestamps[i], transformed[i], report.Nauc[i], report.Accuracy?[i]);
        }
        var document = new Document(
            DirectoryScorer.ScorerVersion,
            report.TaskName,
            report.TimeBudget,
            report.T0,
            report.Alc,
            report.AlcPlotVariant,
            report.Duration,
            report.ValidColumns,
            predictions);
        JsonSerializer.Serialize(stream, document, Options);
        stream.WriteByte((byte)'\n');
    }

    private sealed record Document(
        string ScorerVersion,
        string Task,
        double TimeBudget,
        double T0,
        double Alc,
        double AlcPlotVariant,
        double Duration,
        IReadOnlyList<int> ValidColumns,
        IReadOnlyList<Prediction> Predictions);

    private sealed record Prediction(int Index, double Time, double TransformedTime, double Nauc, double? Accuracy);
}
