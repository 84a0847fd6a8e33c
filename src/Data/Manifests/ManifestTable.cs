using CsvHelper;

namespace AutoVision.Data.Manifests;

/// <summary>One data row of a manifest: its 1-based line in the file and its fields.</summary>
internal sealed record ManifestRow(long Line, string[] Fields);

/// <summary>The raw content of a CSV manifest: header and rows, read with CsvHelper (RFC 4180, UTF-8, header required).</summary>
internal sealed class ManifestTable
{
    private static readonly CsvReaderOptions Options = CsvReaderOptions.Default with
    {
        HasHeader = true,
        TrackLineNumbers = true,
        MalformedData = CsvMalformedDataHandling.Throw,
        FieldCountMismatch = CsvFieldCountHandling.Throw,
        TrimWhitespace = true,
    };

    private ManifestTable(string path, string[] headers, List<ManifestRow> rows)
    {
        Path = path;
        Headers = headers;
        Rows = rows;
    }

    /// <summary>Full path of the manifest.</summary>
    public string Path { get; }

    /// <summary>Column names.</summary>
    public string[] Headers { get; }

    /// <summary>Data rows in file order.</summary>
    public IReadOnlyList<ManifestRow> Rows { get; }

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Malformed CSV or no header; the message names the file and line.</exception>
    public static ManifestTable Read(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"CSV manifest not found: {full}", full);
        }

        try
        {
            using CsvReader csv = CsvReader.FromFile(full, Options);
            string[] headers = [.. csv.Headers];
            if (headers.Length == 0)
            {
                throw new InvalidDataException($"CSV manifest '{full}', line 1: expected a header row (e.g. 'path,label') but the file is empty.");
            }

            var rows = new List<ManifestRow>();
            while (csv.Read())
            {
                var fields = new string[headers.Length];
                for (int i = 0; i < fields.Length; i++)
                {
                    fields[i] = csv.GetString(i);
                }

                rows.Add(new ManifestRow(csv.LineNumber, fields));
            }

            return new ManifestTable(full, headers, rows);
        }
        catch (CsvFormatException ex)
        {
            throw new InvalidDataException($"CSV manifest '{full}', line {ex.LineNumber}: malformed CSV: {ex.Message}", ex);
        }
    }

    /// <summary>Index of the column named <paramref name="name"/> (ignoring case and surrounding spaces), or -1.</summary>
    public int Column(string name) =>
        Array.FindIndex(Headers, h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Message prefix naming the file, line and column.</summary>
    public string Where(ManifestRow row, int column) => $"CSV manifest '{Path}', line {row.Line}, column '{Headers[column]}'";
}
