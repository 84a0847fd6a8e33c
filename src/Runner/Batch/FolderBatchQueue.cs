namespace AutoVision.Runner.Batch;

/// <summary>
/// The work list of a batch over a folder: every dataset folder under it (a folder holding one
/// <c>&lt;name&gt;.data/</c>, as <c>run</c> takes; the folder itself when it is one) times every entry, less the
/// runs <c>results.csv</c> already records (unless <c>retryFailed</c> and the recorded run failed). Results are
/// appended to <c>results.csv</c> under a lock.
/// </summary>
public sealed class FolderBatchQueue : IBatchQueue
{
    private readonly object _gate = new();
    private readonly Queue<BatchItem> _pending;
    private readonly string _resultsPath;

    public FolderBatchQueue(string datasetsDir, IReadOnlyList<(string Name, string? Path)> entries, string resultsPath, bool retryFailed)
    {
        _resultsPath = resultsPath;
        var datasets = FindDatasets(datasetsDir);
        if (datasets.Count == 0)
            throw new IOException($"'{datasetsDir}' holds no AutoDL dataset: expected folders that each hold one <name>.data/ folder.");
        var done = Latest(ResultsCsv.Read(resultsPath))
            .Where(r => !(retryFailed && r.Status == BatchResult.Failed))
            .Select(r => (r.Entry, r.Dataset)).ToHashSet();
        Skipped = [];
        _pending = new Queue<BatchItem>();
        foreach (var (entry, path) in entries)
        {
            foreach (var (name, dir) in datasets)
            {
                if (done.Contains((entry, name))) Skipped.Add(new BatchItem(entry, path, name, dir));
                else _pending.Enqueue(new BatchItem(entry, path, name, dir));
            }
        }
    }

    /// <summary>The runs earlier sessions finished, not run again.</summary>
    public List<BatchItem> Skipped { get; }

    public int PendingCount
    {
        get
        {
            lock (_gate) return _pending.Count;
        }
    }

    public BatchItem? Take()
    {
        lock (_gate) return _pending.TryDequeue(out var item) ? item : null;
    }

    public void Complete(BatchResult result)
    {
        lock (_gate) ResultsCsv.Append(_resultsPath, result);
    }

    public IReadOnlyList<BatchResult> Results()
    {
        lock (_gate) return Latest(ResultsCsv.Read(_resultsPath));
    }

    /// <summary>The dataset folders under <paramref name="dir"/> by name, sorted; <paramref name="dir"/> itself when it is one.</summary>
    public static IReadOnlyList<(string Name, string Dir)> FindDatasets(string dir)
    {
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"The datasets folder '{dir}' does not exist.");
        static bool IsDataset(string d) => Directory.EnumerateDirectories(d, "*.data").Take(2).Count() == 1;
        string full = Path.GetFullPath(dir);
        if (IsDataset(full)) return [(new DirectoryInfo(full).Name, full)];
        return Directory.EnumerateDirectories(full)
            .Where(IsDataset)
            .Select(d => (new DirectoryInfo(d).Name, d))
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The last row per entry and dataset, in first-seen order.</summary>
    public static IReadOnlyList<BatchResult> Latest(IEnumerable<BatchResult> rows)
    {
        var latest = new Dictionary<(string, string), BatchResult>();
        var order = new List<(string, string)>();
        foreach (var r in rows)
        {
            var key = (r.Entry, r.Dataset);
            if (!latest.ContainsKey(key)) order.Add(key);
            latest[key] = r;
        }
        return order.Select(k => latest[k]).ToArray();
    }
}
