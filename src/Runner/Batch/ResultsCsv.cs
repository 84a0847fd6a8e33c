using System.Globalization;
using CsvHelper;

namespace AutoVision.Runner.Batch;

/// <summary>
/// <c>results.csv</c>: one row per finished run, appended as each finishes (header written with the first row).
/// Columns: entry, dataset, status, exit_code, alc, final_nauc, predictions, first_prediction_s, duration_s,
/// budget_s, output, error, finished_at. Numbers in the invariant culture, empty when unknown.
/// </summary>
public static class ResultsCsv
{
    public const string FileName = "results.csv";

    private static readonly string[] Header =
        ["entry", "dataset", "status", "exit_code", "alc", "final_nauc", "predictions", "first_prediction_s", "duration_s", "budget_s", "output", "error", "finished_at"];

    private static readonly CsvWriterOptions WriteOptions = CsvWriterOptions.Default with { NewLine = "\n", Injection = CsvInjection.None };

    /// <summary>Appends <paramref name="result"/> to <paramref name="path"/>, creating it with its header; flushed to disk before returning.</summary>
    public static void Append(string path, BatchResult result)
    {
        bool fresh = !File.Exists(path) || new FileInfo(path).Length == 0;
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true))
        using (var csv = CsvWriter.Create(writer, WriteOptions, leaveOpen: true))
        {
            if (fresh) csv.WriteHeader(Header);
            var i = CultureInfo.InvariantCulture;
            csv.WriteRecord([
                result.Entry, result.Dataset, result.Status, result.ExitCode?.ToString(i) ?? "",
                N(result.Alc), N(result.FinalNauc), result.Predictions.ToString(i), N(result.FirstPredictionSeconds),
                result.DurationSeconds.ToString("0.###", i), result.BudgetSeconds.ToString("0.###", i), result.OutputDir,
                (result.Error ?? "").ReplaceLineEndings(" "), result.FinishedAt.ToString("o", i),
            ]);
            csv.Flush();
        }
        stream.Flush(flushToDisk: true);
    }

    private static string N(double? v) => v?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    /// <summary>Every row of <paramref name="path"/> (none when it does not exist).</summary>
    /// <exception cref="InvalidDataException">A row cannot be read; the message names the file, line and column.</exception>
    public static IReadOnlyList<BatchResult> Read(string path)
    {
        if (!File.Exists(path)) return [];
        var rows = new List<BatchResult>();
        using CsvReader csv = CsvReader.FromFile(path, CsvReaderOptions.Default with { TrackLineNumbers = true });
        string[] headers = [.. csv.Headers];
        int Column(string name)
        {
            int c = Array.IndexOf(headers, name);
            return c >= 0 ? c : throw new InvalidDataException($"'{path}', line 1: expected a column '{name}' (the header of a batch's {FileName}).");
        }
        int[] at = Header.Select(Column).ToArray();
        while (csv.Read())
        {
            string Field(int k) => csv.GetString(at[k]);
            long line = csv.LineNumber;
            double? D(int k)
            {
                string s = Field(k);
                if (s.Length == 0) return null;
                return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                    : throw new InvalidDataException($"'{path}', line {line}, column '{Header[k]}': expected a number, got '{s}'.");
            }
            rows.Add(new BatchResult(
                Field(0), Field(1), Field(2),
                D(3) is { } code ? (int)code : null,
                D(4), D(5), (int)(D(6) ?? 0), D(7), D(8) ?? 0, D(9) ?? 0, Field(10),
                Field(11) is { Length: > 0 } e ? e : null,
                DateTimeOffset.TryParse(Field(12), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at12) ? at12
                    : throw new InvalidDataException($"'{path}', line {line}, column 'finished_at': expected an ISO 8601 time, got '{Field(12)}'.")));
        }
        return rows;
    }
}
