using System.Globalization;
using System.Text;
using CsvHelper;

namespace AutoVision.Runner.Batch;

/// <summary>One entry's line of the leaderboard.</summary>
/// <param name="Alc">ALC per dataset (in <see cref="Leaderboard.Datasets"/> order); null: the run failed or was not scored.</param>
/// <param name="AverageAlc">Mean over all datasets, a missing ALC counting as 0.</param>
/// <param name="AverageRank">Mean over the datasets of the entry's rank among the entries (1 = best ALC, ties share the mean rank).</param>
public sealed record LeaderboardLine(string Entry, IReadOnlyList<double?> Alc, double AverageAlc, double AverageRank);

/// <summary>
/// The batch's leaderboard, ranked as the AutoDL challenge ranked teams: on each dataset the entries are ranked by
/// ALC (ties share the mean of their ranks), and entries are ordered by their average rank over the datasets, then
/// by average ALC. A run that failed or has no score counts as ALC 0 (the challenge's score of a run without
/// predictions).
/// </summary>
public sealed class Leaderboard
{
    public const string CsvName = "leaderboard.csv";
    public const string MarkdownName = "leaderboard.md";
    public const string FigureName = "learning_curves.png";

    public required IReadOnlyList<string> Datasets { get; init; }
    public required IReadOnlyList<LeaderboardLine> Lines { get; init; }

    public static Leaderboard Of(IReadOnlyList<BatchResult> results)
    {
        var datasets = results.Select(r => r.Dataset).Distinct().Order(StringComparer.Ordinal).ToArray();
        var entries = results.Select(r => r.Entry).Distinct().ToArray();
        var alc = entries.ToDictionary(e => e, e => datasets.Select(d =>
            results.LastOrDefault(r => r.Entry == e && r.Dataset == d) is { Status: BatchResult.Ok, Alc: { } a } ? a : (double?)null).ToArray());
        var rankSums = entries.ToDictionary(e => e, _ => 0.0);
        for (int d = 0; d < datasets.Length; d++)
        {
            var values = entries.Select(e => (Entry: e, Value: alc[e][d] ?? 0)).ToArray();
            foreach (var (entry, value) in values)
            {
                int better = values.Count(v => v.Value > value);
                int equal = values.Count(v => v.Value == value);
                rankSums[entry] += better + (equal + 1) / 2.0;   // mean of ranks better+1 .. better+equal
            }
        }
        var lines = entries.Select(e => new LeaderboardLine(e, alc[e],
                datasets.Length == 0 ? 0 : alc[e].Average(v => v ?? 0),
                datasets.Length == 0 ? 0 : rankSums[e] / datasets.Length))
            .OrderBy(l => l.AverageRank).ThenByDescending(l => l.AverageAlc).ThenBy(l => l.Entry, StringComparer.Ordinal)
            .ToArray();
        return new Leaderboard { Datasets = datasets, Lines = lines };
    }

    /// <summary>CSV: entry, one ALC column per dataset, average_alc, average_rank.</summary>
    public void WriteCsv(string path)
    {
        var i = CultureInfo.InvariantCulture;
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        using var csv = CsvWriter.Create(writer, CsvWriterOptions.Default with { NewLine = "\n", Injection = CsvInjection.None }, leaveOpen: true);
        csv.WriteHeader(["entry", .. Datasets, "average_alc", "average_rank"]);
        foreach (var line in Lines)
            csv.WriteRecord([line.Entry, .. line.Alc.Select(a => a?.ToString("R", i) ?? ""), line.AverageAlc.ToString("R", i), line.AverageRank.ToString("R", i)]);
        csv.Flush();
    }

    /// <summary>A Markdown table: entries as rows, ALC per dataset (else why there is none: failed, no prediction,
    /// not scored when the dataset has no solution, not run), average ALC and rank.</summary>
    public string ToMarkdown(IReadOnlyList<BatchResult> results)
    {
        var i = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("| entry | " + string.Join(" | ", Datasets) + " | average ALC | average rank |");
        md.AppendLine("|---|" + string.Concat(Datasets.Select(_ => "---|")) + "---|---|");
        foreach (var line in Lines)
        {
            var cells = Datasets.Select((d, k) => line.Alc[k] is { } a ? a.ToString("F4", i)
                : results.LastOrDefault(r => r.Entry == line.Entry && r.Dataset == d) switch
                {
                    { Status: BatchResult.Failed } => "failed",
                    { Predictions: 0 } => "no prediction",
                    null => "not run",
                    _ => "not scored",
                });
            md.AppendLine(i, $"| {line.Entry} | {string.Join(" | ", cells)} | {line.AverageAlc:F4} | {line.AverageRank:0.##} |");
        }
        return md.ToString();
    }
}
