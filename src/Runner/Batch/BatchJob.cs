using System.Diagnostics;
using System.Globalization;
using System.Text;
using AutoVision.Runner.Platform;
using AutoVision.Scoring;
using Microsoft.Extensions.Logging;

namespace AutoVision.Runner.Batch;

/// <summary>What a batch did in this session.</summary>
public sealed record BatchOutcome(int Ran, int Failed, int Skipped, Leaderboard Leaderboard, IReadOnlyList<BatchResult> Results, string ResultsPath, string? MarkdownPath);

/// <summary>
/// <c>batch</c>: every run of the work list (<see cref="IBatchQueue"/>) as a child process of this program
/// (<c>run</c> for the built-in learner, <c>platform --entry</c> for an entry), <see cref="RunnerSettings.Workers"/>
/// at a time; each result is recorded as it comes; a run that fails is recorded with its error and the batch goes
/// on; at the end the leaderboard (CSV, Markdown) and one figure of all learning curves are written.
/// </summary>
public sealed class BatchJob(ILoggerFactory logs)
{
    private readonly ILogger _log = logs.CreateLogger<BatchJob>();

    public async Task<BatchOutcome> RunAsync(BatchOptions options, CancellationToken cancellation)
    {
        Directory.CreateDirectory(options.OutputDir);
        string resultsPath = Path.Combine(options.OutputDir, ResultsCsv.FileName);
        var entries = options.Entries.Select(EntryName).ToArray();
        if (entries.Select(e => e.Name).Distinct(StringComparer.Ordinal).Count() != entries.Length)
            throw new ArgumentException($"--entry: two entries have the same name ({string.Join(", ", entries.Select(e => e.Name))}); give each a folder of its own name.");
        var queue = new FolderBatchQueue(options.DatasetsDir, entries, resultsPath, options.RetryFailed);
        _ = Compared(options.Compare, new HashSet<string>()).ToArray();   // a bad --compare path fails before any run
        var datasets = FolderBatchQueue.FindDatasets(options.DatasetsDir).ToDictionary(d => d.Name, d => d.Dir);
        _log.LogInformation(LogEvents.BatchStarted, "Batch: {Pending} runs to do ({Skipped} already in {Results}), {Workers} at a time, budget {Budget} s each",
            queue.PendingCount, queue.Skipped.Count, resultsPath, options.Settings.Workers, options.Settings.Budget);
        foreach (var skipped in queue.Skipped)
            _log.LogInformation(LogEvents.BatchSkipped, "{Entry} on {Dataset}: already in {Results}, not run again", skipped.Entry, skipped.Dataset, ResultsCsv.FileName);

        int ran = 0, failed = 0;
        async Task Worker()
        {
            while (!cancellation.IsCancellationRequested && queue.Take() is { } item)
            {
                var result = await RunOneAsync(item, options, cancellation);
                if (result is null) return;   // interrupted: not recorded, so a later batch runs it again
                queue.Complete(result);
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

        var results = queue.Results().Concat(Compared(options.Compare, datasets.Keys.ToHashSet())).ToArray();
        var board = Leaderboard.Of(results);
        string? markdown = null;
        if (!cancellation.IsCancellationRequested)
        {
            board.WriteCsv(Path.Combine(options.OutputDir, Leaderboard.CsvName));
            markdown = Path.Combine(options.OutputDir, Leaderboard.MarkdownName);
            File.WriteAllText(markdown, "# Leaderboard\n\n" + board.ToMarkdown(results) +
                $"\nALC per dataset; a failed run counts as 0; ranks per dataset by ALC (ties share the mean rank), averaged over the datasets.\n\n![learning curves]({Leaderboard.FigureName})\n");
            WriteFigure(results, datasets, options, entries.Length > 1);
            _log.LogInformation(LogEvents.LeaderboardWritten, "Leaderboard: {Markdown}", markdown);
        }
        return new BatchOutcome(ran, failed, queue.Skipped.Count, board, results, resultsPath, markdown);
    }

    /// <summary>Runs one item as a child process; null when the batch was interrupted meanwhile.</summary>
    internal async Task<BatchResult?> RunOneAsync(BatchItem item, BatchOptions options, CancellationToken cancellation)
    {
        var settings = options.Settings;
        var i = CultureInfo.InvariantCulture;
        string output = Path.Combine(options.OutputDir, "runs", item.Entry, item.Dataset);
        string logPath = Path.Combine(options.OutputDir, "logs", item.Entry, item.Dataset + ".log");
        if (Directory.Exists(output)) Directory.Delete(output, recursive: true);   // an unfinished earlier attempt: start over
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);

        var arguments = new List<string> { PlatformEntry.CurrentRunnerAssembly };
        if (item.EntryPath is null)
        {
            arguments.AddRange(["run", "--dataset", item.DatasetDir, "--output", output, "--budget", settings.Budget.ToString("R", i),
                "--seed", settings.Seed.ToString(i), "--device", settings.Device, "--progress", "off", "--log-format", settings.LogFormat]);
        }
        else
        {
            arguments.AddRange(["platform", "--entry", item.EntryPath, "--dataset", item.DatasetDir, "--output", output,
                "--budget", settings.Budget.ToString("R", i)]);
        }
        if (settings.T0 is { } t0) arguments.AddRange(["--t0", t0.ToString("R", i)]);

        _log.LogInformation(LogEvents.BatchDatasetStarted, "{Entry} on {Dataset}: started (log {Log})", item.Entry, item.Dataset, logPath);
        var watch = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(settings.Budget + settings.ChildGrace);
        int? exitCode;
        string? error = null;
        var errorLines = new List<string>();
        using (var log = new StreamWriter(logPath, false, new UTF8Encoding(false)) { AutoFlush = true })
        {
            var info = new ProcessStartInfo(DotnetHost.Path()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in arguments) info.ArgumentList.Add(a);
            foreach (var (key, value) in ChildEnvironment(settings.Workers, Environment.ProcessorCount, Environment.GetEnvironmentVariable))
                info.Environment[key] = value;
            using var process = new Process { StartInfo = info };
            void Line(string? line)
            {
                if (line is null) return;
                lock (log)
                {
                    log.WriteLine(line);
                    if (line.StartsWith("error: ", StringComparison.Ordinal) || line.StartsWith("learner error: ", StringComparison.Ordinal)) errorLines.Add(line);
                }
            }
            process.OutputDataReceived += (_, e) => Line(e.Data);
            process.ErrorDataReceived += (_, e) => Line(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var timeout = new CancellationTokenSource(limit);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellation, timeout.Token);
            try
            {
                await process.WaitForExitAsync(either.Token);
                exitCode = process.ExitCode;
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                if (cancellation.IsCancellationRequested) return null;
                exitCode = null;
                error = string.Create(i, $"killed after {limit.TotalSeconds:F0} s (budget + child grace)");
            }
            lock (log)
            {
                // The platform's exit code 4 (killed at start + T) is how the challenge ended many runs: scored, not failed.
                if (exitCode is { } code && code != 0 && !(item.EntryPath is not null && code == PlatformExitCodes.KilledAtDeadline))
                    error = errorLines.Count > 0 ? errorLines[^1] : $"exit code {code} (see {logPath})";
            }
        }

        ScoreReport? score = TryScore(item.DatasetDir, output, settings.T0);
        int predictions = Directory.Exists(output) ? Directory.EnumerateFiles(output, "*.predict_*").Count() : 0;
        return new BatchResult(item.Entry, item.Dataset, error is null ? BatchResult.Ok : BatchResult.Failed, exitCode,
            score?.Alc, score is { Nauc.Count: > 0 } s ? s.Nauc[^1] : null, predictions,
            score is { Timestamps.Count: > 0 } f ? f.Timestamps[0] : null, watch.Elapsed.TotalSeconds, settings.Budget,
            Path.GetRelativePath(options.OutputDir, output), error, DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// With several runs at a time, each child gets an equal share of the cores (<c>OMP_NUM_THREADS</c>, read by
    /// libtorch when it loads) and OpenMP threads that sleep instead of spinning while they wait
    /// (<c>OMP_WAIT_POLICY=PASSIVE</c>): spinning threads of one run would take the cores the others need. A value
    /// already set in this process's environment is kept. One run at a time: nothing is changed.
    /// </summary>
    internal static IReadOnlyDictionary<string, string> ChildEnvironment(int workers, int cores, Func<string, string?> current)
    {
        var env = new Dictionary<string, string>();
        if (workers <= 1) return env;
        if (string.IsNullOrEmpty(current("OMP_NUM_THREADS")))
            env["OMP_NUM_THREADS"] = Math.Max(1, cores / workers).ToString(CultureInfo.InvariantCulture);
        if (string.IsNullOrEmpty(current("OMP_WAIT_POLICY")))
            env["OMP_WAIT_POLICY"] = "PASSIVE";
        return env;
    }

    /// <summary>The rows of other batches' results on <paramref name="datasets"/>, each entry named "entry (folder)".</summary>
    /// <exception cref="FileNotFoundException">A path holds no results.csv.</exception>
    internal static IEnumerable<BatchResult> Compared(IReadOnlyList<string> paths, IReadOnlySet<string> datasets)
    {
        var all = new List<BatchResult>();
        foreach (string path in paths)
        {
            string csv = Directory.Exists(path) ? Path.Combine(path, ResultsCsv.FileName) : path;
            if (!File.Exists(csv)) throw new FileNotFoundException($"--compare '{path}': no {ResultsCsv.FileName} there (give a batch's output folder or its {ResultsCsv.FileName}).", csv);
            string label = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(csv))!).Name;
            all.AddRange(FolderBatchQueue.Latest(ResultsCsv.Read(csv))
                .Where(r => datasets.Contains(r.Dataset))
                .Select(r => r with { Entry = $"{r.Entry} ({label})" }));
        }
        return all;
    }

    /// <summary>The score of a run's folder, or null (no solution, no prediction, or unreadable files).</summary>
    private static ScoreReport? TryScore(string datasetDir, string output, double? t0)
    {
        if (!Directory.Exists(output) || !Directory.EnumerateFiles(datasetDir, "*.solution").Any()
            || !Directory.EnumerateFiles(output, "*.predict_*").Any())
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

    private void WriteFigure(IReadOnlyList<BatchResult> results, Dictionary<string, string> datasets, BatchOptions options, bool withEntry)
    {
        var curves = new List<(string, ScoreReport)>();
        foreach (var r in results.Where(r => r.Status == BatchResult.Ok && r.Alc is not null))
        {
            if (!datasets.TryGetValue(r.Dataset, out var dir)) continue;
            if (TryScore(dir, Path.Combine(options.OutputDir, r.OutputDir), options.Settings.T0) is { } report)
                curves.Add((withEntry ? $"{r.Entry} / {r.Dataset}" : r.Dataset, report));
        }
        try
        {
            File.WriteAllBytes(Path.Combine(options.OutputDir, Leaderboard.FigureName),
                LearningCurvesFigure.RenderPng(curves, $"Learning curves: {curves.Count} runs"));
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            _log.LogWarning(LogEvents.LeaderboardWritten, ex, "The learning-curves figure could not be drawn");
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
