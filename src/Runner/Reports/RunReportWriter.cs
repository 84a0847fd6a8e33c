using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using AutoVision.Scoring;

namespace AutoVision.Runner.Reports;

/// <summary>
/// Writes a run's report beside its challenge files: <c>summary.json</c>, <c>learning_curve.csv</c> and
/// <c>learning_curve.png</c> (the scorer's <c>learning-curve-&lt;task&gt;.csv/.png</c>, copied under a fixed name so
/// tools find them without knowing the task) and <c>report.md</c>, which links them. Each file is written under a
/// temporary name and renamed.
/// </summary>
public static class RunReportWriter
{
    public const string CurveCsv = "learning_curve.csv";
    public const string CurvePng = "learning_curve.png";
    public const string Markdown = "report.md";

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(string outputDir, RunSummary summary)
    {
        Atomic(outputDir, RunSummary.FileName, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(summary, Json)));
        bool curves = false;
        foreach (var (from, to) in new[] { (".csv", CurveCsv), (".png", CurvePng) })
        {
            string source = Path.Combine(outputDir, DirectoryScorer.LearningCurveFileName(summary.Task, from));
            string target = Path.Combine(outputDir, to);
            if (File.Exists(source))
            {
                Atomic(outputDir, to, File.ReadAllBytes(source));
                curves = true;
            }
            else if (File.Exists(target))
            {
                File.Delete(target);   // a resumed run that is not scored must not keep an earlier curve
            }
        }
        Atomic(outputDir, Markdown, Encoding.UTF8.GetBytes(ToMarkdown(summary, curves)));
    }

    /// <summary>Reads <c>summary.json</c> back.</summary>
    /// <exception cref="InvalidDataException">The file is not a run summary; the message names it.</exception>
    public static RunSummary Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<RunSummary>(File.ReadAllBytes(path), Json) ?? throw new InvalidDataException($"'{path}' holds null.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"'{path}' is not a run summary: {ex.Message}", ex);
        }
    }

    internal static string ToMarkdown(RunSummary s, bool curves)
    {
        var i = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(i, $"# Run report: {s.Task}");
        md.AppendLine();
        md.AppendLine(i, $"- dataset: `{s.DatasetDir}`");
        md.AppendLine(i, $"- budget: {s.BudgetSeconds:0.###} s; state: {s.State}; stopped by: {s.StoppedBy}");
        if (s.Error is { } e) md.AppendLine(i, $"- learner error: {e}");
        if (s.Scores is { } sc)
        {
            md.AppendLine(i, $"- **ALC {sc.Alc:F4}** (T = {sc.TimeBudget:0.###} s, t0 = {sc.T0:0.###} s); final NAUC {Num(sc.FinalNauc)}; final accuracy {Num(sc.FinalAccuracy)}");
        }
        else
        {
            md.AppendLine("- not scored (no solution, no prediction, or the run was interrupted)");
        }
        md.AppendLine(string.Create(i, $"- predictions: {s.Predictions.Count}") + (s.Predictions.Count > 0
            ? string.Create(i, $", first at {s.Predictions[0].Seconds:F2} s, last at {s.Predictions[^1].Seconds:F2} s") : ""));
        md.AppendLine(i, $"- learner: validation NAUC {Num(s.ValidationNauc)}, fine-tuning steps {(s.TrainingSteps is { } st ? st.ToString(i) : "not reported")}");
        md.AppendLine();
        md.AppendLine("## Choices");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("|---|---|");
        md.AppendLine(i, $"| backbone | {s.Choices.Backbone} |");
        md.AppendLine(i, $"| input size | {s.Choices.InputSize} |");
        md.AppendLine(i, $"| augmentation | {s.Choices.Augmentation} |");
        md.AppendLine(i, $"| architecture | {s.Choices.Architecture} |");
        md.AppendLine(i, $"| hyperparameters | {s.Choices.Hyperparameters} |");
        md.AppendLine();
        md.AppendLine("## Time per phase");
        md.AppendLine();
        md.AppendLine("| phase | seconds |");
        md.AppendLine("|---|---|");
        foreach (var p in s.Phases) md.AppendLine(i, $"| {p.Phase} | {p.Seconds:F2} |");
        md.AppendLine();
        md.AppendLine("## Dataset");
        md.AppendLine();
        if (s.Profile is { } d)
        {
            md.AppendLine(string.Create(i, $"{d.Modality}, {d.TrainCount} train / {d.TestCount} test examples, {d.OutputDim} classes, ") +
                string.Create(i, $"{d.Height.Min}-{d.Height.Max} x {d.Width.Min}-{d.Width.Max} px, channels {string.Join("/", d.Channels)}, ") +
                string.Create(i, $"imbalance {d.ImbalanceRatio:F2}{(d.IsMultiLabel ? ", multi-label" : "")}."));
        }
        else
        {
            md.AppendLine(i, $"Profile not available: {s.ProfileError}");
        }
        md.AppendLine();
        md.AppendLine("## Files");
        md.AppendLine();
        md.AppendLine(i, $"- [{RunSummary.FileName}]({RunSummary.FileName}): everything above, as JSON");
        if (curves)
        {
            md.AppendLine(i, $"- [{CurveCsv}]({CurveCsv}): NAUC per prediction");
            md.AppendLine(i, $"- [{CurvePng}]({CurvePng}): the learning curve");
            md.AppendLine();
            md.AppendLine(i, $"![learning curve]({CurvePng})");
        }
        return md.ToString();
    }

    private static string Num(double? v) => v is { } x ? x.ToString("F4", CultureInfo.InvariantCulture) : "-";

    private static void Atomic(string folder, string name, byte[] bytes)
    {
        string temp = Path.Combine(folder, $"temp_report_{Guid.NewGuid():N}");
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, Path.Combine(folder, name), overwrite: true);
    }
}
