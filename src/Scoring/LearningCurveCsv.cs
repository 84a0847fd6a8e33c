using System.Globalization;
using CsvHelper;

namespace AutoVision.Scoring;

/// <summary>
/// The learning curve as CSV (<c>learning-curve-&lt;task&gt;.csv</c>): a header, then one row per prediction in
/// prediction order with <c>index</c>, <c>time</c> (seconds from the start of the clock), <c>transformed_time</c>
/// (the curve's x, <see cref="Metrics.TransformTime"/>), <c>nauc</c> and, for a multiclass task only,
/// <c>accuracy</c>. Numbers are written as Python's <c>str(float)</c>, like <c>scores.txt</c> (shortest digits that
/// read back exactly; <c>nan</c>, <c>inf</c>). Comma-separated, '\n' line ends, UTF-8 without byte order mark.
/// </summary>
internal static class LearningCurveCsv
{
    // RFC 4180 quoting (never needed for these fields), '\n' line ends like the other files; fields are numbers
    // written as text, so the formula protection must stay off or '-0.5' would change.
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        NewLine = "\n",
        Injection = CsvInjection.None,
    };

    public static void Write(TextWriter writer, ScoreReport report)
    {
        bool withAccuracy = report.Accuracy is not null;
        using CsvWriter csv = CsvWriter.Create(writer, Options, leaveOpen: true);
        csv.WriteHeader(withAccuracy
            ? ["index", "time", "transformed_time", "nauc", "accuracy"]
            : ["index", "time", "transformed_time", "nauc"]);
        IReadOnlyList<double> transformed = report.TransformedTimestamps();
        for (int i = 0; i < report.Timestamps.Count; i++)
        {
            string index = i.ToString(CultureInfo.InvariantCulture);
            string time = PredictionFormat.FormatTimestamp(report.Timestamps[i]);
            string x = PredictionFormat.FormatTimestamp(transformed[i]);
            string nauc = PredictionFormat.FormatTimestamp(report.Nauc[i]);
            csv.WriteRecord(withAccuracy
                ? [index, time, x, nauc, PredictionFormat.FormatTimestamp(report.Accuracy![i])]
                : [index, time, x, nauc]);
        }
        csv.Flush();
    }
}
