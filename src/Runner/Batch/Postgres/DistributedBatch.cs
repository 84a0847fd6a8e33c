using System.Globalization;
using AutoVision.Scoring;
using Microsoft.Extensions.Logging;

namespace AutoVision.Runner.Batch.Postgres;

/// <summary>What one <c>batch --queue</c> invocation does.</summary>
public sealed record DistributedBatchOptions
{
    /// <summary>The database (postgres:// URI or Npgsql connection string).</summary>
    public required string Connection { get; init; }

    /// <summary>The queue's name in the database.</summary>
    public string QueueName { get; init; } = "default";

    /// <summary>When set, every dataset under it × every entry is added to the queue (runs already there are kept).</summary>
    public string? DatasetsDir { get; init; }

    public IReadOnlyList<string> Entries { get; init; } = [BatchEntries.BuiltIn];

    /// <summary>Take runs until none is left.</summary>
    public bool Work { get; init; }

    /// <summary>Write results.csv, the leaderboard and the learning-curves figure from the database.</summary>
    public bool Report { get; init; }

    /// <summary>Where this worker's runs/ and logs/ go, and where the report is written.</summary>
    public required string OutputDir { get; init; }

    public PostgresBatchQueueOptions Queue { get; init; } = new();

    public required RunnerSettings Settings { get; init; }
}

/// <summary>What a <c>batch --queue</c> invocation did.</summary>
public sealed record DistributedBatchOutcome(int Enqueued, int Ran, int Failed, int Lost, IReadOnlyList<BatchResult> Results, Leaderboard? Leaderboard, string? ResultsPath);

/// <summary>
/// <c>batch --queue</c>: a worker of a batch shared through <see cref="PostgresBatchQueue"/>. It adds the datasets it
/// is given to the queue, then takes runs one after another (<see cref="RunnerSettings.Workers"/> at a time), runs
/// each as the single-machine batch does (<see cref="BatchJob"/>: a child process of this program) and stores its
/// result row and learning curve in the database. <c>--report</c> writes results.csv, the leaderboard and the figure
/// from the database, in the same files and format as the single-machine batch.
/// </summary>
public sealed class DistributedBatch(BatchJob job, ILoggerFactory logs)
{
    private readonly ILogger _log = logs.CreateLogger<DistributedBatch>();

    public async Task<DistributedBatchOutcome> RunAsync(DistributedBatchOptions options, CancellationToken cancellation)
    {
        Directory.CreateDirectory(options.OutputDir);
        using var queue = new PostgresBatchQueue(options.Connection, options.QueueName, options.Queue, cancellation);
        int enqueued = 0;
        if (options.DatasetsDir is { } datasetsDir)
        {
            var entries = options.Entries.Select(EntryName).ToArray();
            var items = FolderBatchQueue.FindDatasets(datasetsDir);
            if (items.Count == 0) throw new IOException($"'{datasetsDir}' holds no AutoDL dataset: expected folders that each hold one <name>.data/ folder.");
            enqueued = queue.Enqueue(entries.SelectMany(e => items.Select(d => new BatchItem(e.Name, e.Path, d.Name, d.Dir))));
            _log.LogInformation(LogEvents.BatchStarted, "Queue {Queue}: {Added} runs added ({Items} asked for; the others were already there)",
                queue.Queue, enqueued, entries.Length * items.Count);
        }

        int ran = 0, failed = 0, lost = 0;
        if (options.Work)
        {
            _log.LogInformation(LogEvents.BatchStarted, "Worker {Worker} on queue {Queue}: {Workers} runs at a time, budget {Budget} s each",
                queue.WorkerId, queue.Queue, options.Settings.Workers, options.Settings.Budget);
            var batchOptions = new BatchOptions { DatasetsDir = options.DatasetsDir ?? "", OutputDir = options.OutputDir, Settings = options.Settings };
            async Task Worker()
            {
                while (!cancellation.IsCancellationRequested && queue.Take() is { } item)
                {
                    var result = await job.RunOneAsync(item, batchOptions, cancellation);
                    if (result is null)
                    {
                        queue.Release(item);   // interrupted: another worker runs it
                        return;
                    }
                    var curve = result.Status == BatchResult.Ok ? TryScore(item.DatasetDir, Path.Combine(options.OutputDir, result.OutputDir), options.Settings.T0) : null;
                    if (!queue.TryComplete(result, curve))
                    {
                        Interlocked.Increment(ref lost);
                        _log.LogWarning(LogEvents.BatchDatasetFailed, "{Entry} on {Dataset}: finished, but another worker took it over meanwhile (this worker's heartbeat had expired); not recorded", item.Entry, item.Dataset);
                        continue;
                    }
                    Interlocked.Increment(ref ran);
                    if (result.Status == BatchResult.Failed)
                    {
                        Interlocked.Increment(ref failed);
                        _log.LogWarning(LogEvents.BatchDatasetFailed, "{Entry} on {Dataset} failed: {Error}", item.Entry, item.Dataset, result.Error);
                    }
                    else
                    {
                        _log.LogInformation(LogEvents.BatchDatasetFinished, "{Entry} on {Dataset}: ALC {Alc}, {Predictions} predictions, {Duration:F1} s",
                            item.Entry, item.Dataset, result.Alc?.ToString("F4", CultureInfo.InvariantCulture) ?? "not scored", result.Predictions, result.DurationSeconds);
                    }
                }
            }
            await Task.WhenAll(Enumerable.Range(0, options.Settings.Workers).Select(_ => Task.Run(Worker, CancellationToken.None)));
        }

        if (!options.Report || cancellation.IsCancellationRequested)
            return new DistributedBatchOutcome(enqueued, ran, failed, lost, [], null, null);
        var done = queue.Done();
        var results = done.Select(d => d.Result).ToArray();
        string resultsPath = WriteReport(options.OutputDir, results, done.Where(d => d.Curve is not null).Select(d => (d.Result, d.Curve!)).ToArray());
        return new DistributedBatchOutcome(enqueued, ran, failed, lost, results, Leaderboard.Of(results), resultsPath);
    }

    /// <summary>results.csv (written afresh), leaderboard.csv, leaderboard.md and learning_curves.png, as the
    /// single-machine batch writes them; returns the path of results.csv.</summary>
    private string WriteReport(string outputDir, IReadOnlyList<BatchResult> results, IReadOnlyList<(BatchResult Result, ScoreReport Curve)> curves)
    {
        string resultsPath = Path.Combine(outputDir, ResultsCsv.FileName);
        File.Delete(resultsPath);
        foreach (var r in results) ResultsCsv.Append(resultsPath, r);
        var board = Leaderboard.Of(results);
        board.WriteCsv(Path.Combine(outputDir, Leaderboard.CsvName));
        File.WriteAllText(Path.Combine(outputDir, Leaderboard.MarkdownName), "# Leaderboard\n\n" + board.ToMarkdown(results) +
            $"\nALC per dataset; a failed run counts as 0; ranks per dataset by ALC (ties share the mean rank), averaged over the datasets.\n\n![learning curves]({Leaderboard.FigureName})\n");
        bool withEntry = results.Select(r => r.Entry).Distinct().Count() > 1;
        var figure = curves.Where(c => c.Result.Status == BatchResult.Ok && c.Result.Alc is not null)
            .Select(c => (withEntry ? $"{c.Result.Entry} / {c.Result.Dataset}" : c.Result.Dataset, c.Curve)).ToList();
        try
        {
            File.WriteAllBytes(Path.Combine(outputDir, Leaderboard.FigureName), LearningCurvesFigure.RenderPng(figure, $"Learning curves: {figure.Count} runs"));
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            _log.LogWarning(LogEvents.LeaderboardWritten, ex, "The learning-curves figure could not be drawn");
        }
        _log.LogInformation(LogEvents.LeaderboardWritten, "Leaderboard: {Markdown}", Path.Combine(outputDir, Leaderboard.MarkdownName));
        return resultsPath;
    }

    private static ScoreReport? TryScore(string datasetDir, string output, double? t0)
    {
        if (!Directory.Exists(output) || !Directory.EnumerateFiles(datasetDir, "*.solution").Any() || !Directory.EnumerateFiles(output, "*.predict_*").Any())
            return null;
        try
        {
            return DirectoryScorer.Score(datasetDir, output, t0);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>An entry's name in the results: <see cref="BatchEntries.BuiltIn"/>, or the entry folder's name.</summary>
    private static (string Name, string? Path) EntryName(string entry)
    {
        if (entry == BatchEntries.BuiltIn) return (entry, null);
        string full = System.IO.Path.GetFullPath(entry);
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"--entry '{entry}': no such folder (an entry folder with profile.json, a package made by 'pack', or '{BatchEntries.BuiltIn}').");
        return (new DirectoryInfo(full).Name, full);
    }
}
