using System.Text.Json;

namespace AutoVision.Search;

/// <summary>
/// Keeps trials in one JSON file, so that a study can resume: a study opened on the same file sees the earlier
/// trials and continues their numbering. Every change rewrites the file to a temporary name beside it, flushes it to
/// disk and renames it over the old one, so a crash leaves either the old or the new file, never half of one.
/// One process at a time; thread-safe within it. For several processes, or a crash in the middle of a write
/// costing nothing but that write, use <see cref="JournalFileTrialStore"/>.
/// </summary>
public sealed class JsonFileTrialStore : ITrialStore
{
    private readonly object _gate = new();
    private TrialLedger _ledger;

    /// <summary>Opens the store at <paramref name="path"/>, reading its trials if the file exists.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a readable trial store; the message names it.</exception>
    public JsonFileTrialStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        _ledger = File.Exists(Path) ? TrialLedger.From(Read(Path)) : TrialLedger.Empty;
    }

    public string Path { get; }

    public FrozenTrial CreateTrial(FrozenTrial template)
    {
        lock (_gate)
        {
            var (next, created) = _ledger.Create(template);
            Write(next);
            _ledger = next;
            return created;
        }
    }

    public void SaveTrial(FrozenTrial trial)
    {
        lock (_gate)
        {
            var next = _ledger.Save(trial);
            Write(next);
            _ledger = next;
        }
    }

    public FrozenTrial? ClaimWaitingTrial(DateTimeOffset startTime)
    {
        lock (_gate)
        {
            var (next, claimed) = _ledger.ClaimWaiting(startTime);
            if (claimed is null) return null;
            Write(next);
            _ledger = next;
            return claimed;
        }
    }

    public IReadOnlyList<FrozenTrial> GetTrials()
    {
        lock (_gate) return _ledger.Trials;
    }

    private void Write(TrialLedger ledger)
    {
        string? directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        string temp = $"{Path}.{Environment.ProcessId}.tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                TrialJson.WriteDocument(writer, ledger.Trials);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, Path, overwrite: true);
    }

    private static IReadOnlyList<FrozenTrial> Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            return TrialJson.ReadDocument(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException or InvalidOperationException or KeyNotFoundException or OverflowException)
        {
            throw new InvalidDataException($"Trial store file '{path}' cannot be read: {ex.Message}", ex);
        }
    }
}
