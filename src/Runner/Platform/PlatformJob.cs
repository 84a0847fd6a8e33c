using System.Globalization;
using AutoVision.Data.AutoDL;
using AutoVision.Scoring;
using Microsoft.Extensions.Logging;

namespace AutoVision.Runner.Platform;

/// <summary>
/// The local platform: runs an entry the way the challenge ran it, as two processes. This process is the scoring
/// program (score.py v20191219); the ingestion is a child process (the runner's hidden <c>ingest</c> verb with the
/// entry's profile). The scoring program:
/// <list type="number">
/// <item>starts the ingestion and waits for its <c>start.txt</c>: model construction happens before it, outside
/// the clock, under its own cap; past the cap the ingestion is killed;</item>
/// <item>until start + T (from <c>start.txt</c>), every poll interval scores the new prediction files, and stops
/// early when <c>end.txt</c> appears or the process exits;</item>
/// <item>kills the ingestion (and everything it started) if it is still running at start + T;</item>
/// <item>scores once more after the ingestion is gone and writes <c>scores.txt</c>.</item>
/// </list>
/// Unlike the challenge's scorer, it also stops waiting when the ingestion process dies without <c>end.txt</c>
/// (a crash) rather than sleeping until start + T; the score is the same.
/// </summary>
public sealed class PlatformJob
{
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ILogger _scorerLog;

    public PlatformJob(ILoggerFactory logs, TimeProvider time)
    {
        _time = time;
        _log = logs.CreateLogger<PlatformJob>();
        _scorerLog = logs.CreateLogger<LiveScorer>();
    }

    public async Task<PlatformOutcome> RunAsync(PlatformOptions options, CancellationToken cancellation)
    {
        if (!(options.BudgetSeconds > 0) || double.IsInfinity(options.BudgetSeconds))
            throw new ArgumentException($"--budget must be a positive number of seconds, got {options.BudgetSeconds}.");
        if (!(options.ConstructionCapSeconds > 0))
            throw new ArgumentException($"--construction-cap must be a positive number of seconds, got {options.ConstructionCapSeconds}.");

        var entry = PlatformEntry.Open(options.Entry);
        if (entry.Package is { } package)
            _log.LogInformation(LogEvents.PackageVerified, "Package {Path}: entry {Entry}, runner {Version}, SHA-256 of {Count} files verified",
                entry.Path, entry.Name, entry.Version, package.Files.Count);
        var dataset = AutoDLDataset.Open(options.DatasetDir);
        RunJob.EnsureFreshOutput(options.OutputDir, dataset.Name);
        Directory.CreateDirectory(options.OutputDir);
        string outputDir = Path.GetFullPath(options.OutputDir);
        string startPath = Path.Combine(outputDir, IngestionFiles.StartFileName);
        string endPath = Path.Combine(outputDir, IngestionFiles.EndFileName);

        var launchedAt = _time.GetTimestamp();
        using var child = ChildProcess.Start(DotnetHost.Path(),
        [
            entry.RunnerAssembly, "ingest",
            "--dataset", Path.GetFullPath(options.DatasetDir),
            "--output", outputDir,
            "--budget", options.BudgetSeconds.ToString("R", CultureInfo.InvariantCulture),
            "--profile", entry.ProfilePath,
        ], "[ingestion] ");
        _log.LogInformation(LogEvents.IngestionLaunched, "Ingestion process {Pid} started ({Runner}); model construction cap {Cap:0.###} s",
            child.Id, entry.RunnerAssembly, options.ConstructionCapSeconds);

        PlatformOutcome Outcome(IngestionEnding ending, TimeSpan? construction, double? seconds, ScoreReport? score, int live) =>
            new(entry, dataset.Name, outputDir, options.BudgetSeconds, options.ConstructionCapSeconds, ending,
                child.ExitCode, construction, seconds, score, live, child.Tail);

        // 1. Model construction, outside the clock, under its own cap.
        var cap = TimeSpan.FromSeconds(options.ConstructionCapSeconds);
        while (!File.Exists(startPath))
        {
            if (child.HasExited)
            {
                child.WaitForExit();
                if (File.Exists(startPath)) break;
                _log.LogError(LogEvents.IngestionExited, "The ingestion exited with code {Code} before starting the clock", child.ExitCode);
                return Outcome(IngestionEnding.ExitedBeforeStart, null, null, null, 0);
            }
            var left = cap - _time.GetElapsedTime(launchedAt);
            if (left <= TimeSpan.Zero)
            {
                child.KillTree();
                _log.LogError(LogEvents.ConstructionOverCap,
                    "Model construction did not finish within its cap of {Cap:0.###} s: the ingestion was killed before starting the clock",
                    options.ConstructionCapSeconds);
                return Outcome(IngestionEnding.ConstructionOverCap, null, null, null, 0);
            }
            await WaitAsync(child, Min(options.StartPollInterval, left), cancellation);
        }
        var construction = _time.GetElapsedTime(launchedAt);
        var start = IngestionFiles.ReadStart(startPath);
        double deadline = start.StartTime + start.TimeBudget;
        _log.LogInformation(LogEvents.ClockSeen, "Clock started after {Construction:F1} s of construction: T = {Budget:0.###} s, the ingestion is killed at start + T",
            construction.TotalSeconds, start.TimeBudget);

        // 2. Poll until end.txt, the end of the process, or start + T.
        string? solutionDir = dataset.SolutionPath is null ? null : Path.GetDirectoryName(Path.GetFullPath(dataset.SolutionPath))!;
        var live = solutionDir is null ? null : new LiveScorer(solutionDir, outputDir, dataset.Name, options.T0, _scorerLog);
        while (Now() < deadline && !File.Exists(endPath) && !child.HasExited)
        {
            await WaitAsync(child, Min(options.PollInterval, TimeSpan.FromSeconds(Math.Max(0, deadline - Now()))), cancellation);
            live?.Poll();
        }

        // 3. The kill at start + T; an ingestion that wrote end.txt gets a short grace to exit.
        bool killedAtDeadline = false;
        double? ingestionSeconds = null;
        if (!child.HasExited)
        {
            if (File.Exists(endPath))
            {
                await WaitAsync(child, options.ExitGrace, cancellation);
                if (!child.HasExited)
                    _log.LogWarning(LogEvents.IngestionKilled, "The ingestion wrote end.txt but did not exit within {Grace:0.#} s: killed", options.ExitGrace.TotalSeconds);
            }
            else
            {
                killedAtDeadline = true;
                ingestionSeconds = Now() - start.StartTime;
                _log.LogWarning(LogEvents.IngestionKilled, "Time limit exceeded: the ingestion was still running at start + T; killed at {Seconds:F2} s",
                    ingestionSeconds);
            }
            child.KillTree();
        }
        else
        {
            child.WaitForExit();
        }

        IngestionEnding ending;
        if (killedAtDeadline)
        {
            ending = IngestionEnding.KilledAtDeadline;
        }
        else if (File.Exists(endPath))
        {
            var end = IngestionFiles.ReadEnd(endPath);
            ending = end.Success ? IngestionEnding.Succeeded : IngestionEnding.Failed;
            ingestionSeconds = end.Duration;
        }
        else
        {
            ending = IngestionEnding.Crashed;
            ingestionSeconds = Now() - start.StartTime;
            _log.LogError(LogEvents.IngestionExited, "The ingestion exited with code {Code} without writing end.txt; scoring what it wrote", child.ExitCode);
        }

        // 4. Score once more, now that nothing writes into the folder.
        ScoreReport? score = null;
        if (solutionDir is not null)
        {
            score = DirectoryScorer.Score(solutionDir, outputDir, options.T0);
            DirectoryScorer.WriteScores(outputDir, score);
            _log.LogInformation(LogEvents.Scored, "Scored {Count} predictions: ALC {Alc:F4}", score.Nauc.Count, score.Alc);
        }
        return Outcome(ending, construction, ingestionSeconds, score, live?.Scored ?? 0);
    }

    private double Now() => (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Waits <paramref name="delay"/>, or less if the process exits first.</summary>
    private async Task WaitAsync(ChildProcess child, TimeSpan delay, CancellationToken cancellation)
    {
        if (delay > TimeSpan.Zero)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var sleep = Task.Delay(delay, _time, stop.Token);
            await Task.WhenAny(sleep, child.Exited).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
        }
        cancellation.ThrowIfCancellationRequested();
    }
}
