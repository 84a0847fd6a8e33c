using AutoVision.Budget;
using AutoVision.Data.AutoDL;
using AutoVision.Runner.Ingestion;
using AutoVision.Runner.Learning;
using AutoVision.Runner.Platform;
using AutoVision.Runner.Profiles;
using AutoVision.Runner.Progress;
using AutoVision.Runner.Reports;
using AutoVision.Scoring;
using AutoVision.Transfer.Checkpoints;
using Microsoft.Extensions.Logging;

namespace AutoVision.Runner;

/// <summary>The outcome of one run, for the summary a person reads.</summary>
public sealed record RunOutcome(string TaskName, string OutputDir, double BudgetSeconds, IngestionResult Ingestion, ScoreReport? Score);

/// <summary><c>resume</c> found nothing to continue: no time left, or the run finished.</summary>
public sealed class NothingToResumeException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>
/// One run of the main job: open the dataset, run the ingestion loop with the transfer learner, and score the
/// predictions when the dataset folder carries the solution. <see cref="Resume"/> continues an interrupted run.
/// </summary>
public sealed class RunJob
{
    private readonly ILoggerFactory _logs;
    private readonly TimeProvider _time;
    private readonly ILogger _log;

    public RunJob(ILoggerFactory logs, TimeProvider time)
    {
        _logs = logs;
        _time = time;
        _log = logs.CreateLogger<RunJob>();
    }

    public RunOutcome Run(RunOptions options, CancellationToken cancellation, Func<DataSpecification, ILearner>? createLearner = null,
        IRunProgress? progress = null)
    {
        if (options.BudgetSeconds <= 0 || double.IsNaN(options.BudgetSeconds))
            throw new ArgumentException($"--budget must be a positive number of seconds, got {options.BudgetSeconds}.");
        string? warmStart = options.WarmStart is { } previous ? TrainedModel.FindCheckpoint(previous) : null;
        progress ??= NoProgress.Instance;
        var phases = new PhaseClock(_time);
        progress.Phase(RunPhases.PreparingData);
        string datasetDir = DatasetConversion.ToAutoDL(options.DatasetDir, options.OutputDir, _log);
        var dataset = AutoDLDataset.Open(datasetDir);
        _log.LogInformation(LogEvents.DatasetOpened, "Dataset {Name}: {Train} train / {Test} test examples, {Classes} classes, {H}x{W}x{C}",
            dataset.Name, dataset.TrainMetadata.SampleCount, dataset.TestMetadata.SampleCount, dataset.TrainMetadata.OutputDim,
            dataset.TrainMetadata.Matrix.RowCount, dataset.TrainMetadata.Matrix.ColCount, dataset.TrainMetadata.Channels);
        EnsureFreshOutput(options.OutputDir, dataset.Name);

        var learnerOptions = options.Learner ?? new LearnerOptions { Seed = options.Seed, Device = options.Device };
        createLearner ??= metadata =>
        {
            var learner = new TransferLearner(metadata, learnerOptions, _logs.CreateLogger<TransferLearner>());
            if (warmStart is not null) learner.WarmStart(warmStart);
            return learner;
        };
        var record = new RunRecord
        {
            DatasetDir = Path.GetFullPath(datasetDir),
            BudgetSeconds = options.BudgetSeconds,
            T0 = options.T0,
            ScoreAfterwards = options.ScoreAfterwards,
            Learner = learnerOptions,
            Diagnostic = options.Diagnostic,
        };
        Directory.CreateDirectory(options.OutputDir);
        record.Write(options.OutputDir);

        var budget = new TimeBudget(TimeSpan.FromSeconds(options.BudgetSeconds), _time);
        var loop = new IngestionLoop(_logs.CreateLogger<IngestionLoop>(), _time);
        var learner = new LearnerHandle(createLearner, dataset.TrainMetadata, phases, progress);
        var result = loop.Run(dataset, learner.Create, budget, options.OutputDir, cancellation, progress: progress);
        phases.End("ingestion (the budget)");
        return Finish(dataset, record, result, options.OutputDir, cancellation, phases, learner, progress);
    }

    /// <summary>
    /// Continues the run in <paramref name="outputDir"/> (killed, crashed or stopped by a signal) with what is left
    /// of its budget: start_time + time_budget of its <c>start.txt</c> minus now. The learner is restored from the
    /// last checkpoint (a fresh one when there is none); predictions go on with the next index.
    /// </summary>
    /// <exception cref="NothingToResumeException">No time is left, or the run finished.</exception>
    public RunOutcome Resume(string outputDir, double? t0, CancellationToken cancellation, Func<DataSpecification, ILearner>? createLearner = null,
        IRunProgress? progress = null)
    {
        progress ??= NoProgress.Instance;
        var phases = new PhaseClock(_time);
        progress.Phase(RunPhases.PreparingData);
        var record = RunRecord.Read(outputDir);
        if (record.State == RunRecord.States.Finished)
            throw new NothingToResumeException(ExitCodes.AlreadyFinished, $"The run in '{outputDir}' finished; there is nothing to resume.");
        var dataset = AutoDLDataset.Open(record.DatasetDir);
        var files = new IngestionFiles(outputDir, dataset.Name);
        if (!File.Exists(files.StartPath))
            throw new IOException($"'{files.StartPath}' does not exist: the run's clock never started; start a new run instead.");
        var start = IngestionFiles.ReadStart(files.StartPath);
        if (start.TaskName != dataset.Name)
            throw new InvalidDataException($"'{files.StartPath}' is for task '{start.TaskName}', but run.json names dataset '{dataset.Name}'.");
        var total = TimeSpan.FromSeconds(start.TimeBudget);
        var budget = new ResumedBudget(total, start.StartTime, _time);
        if (budget.Remaining <= TimeSpan.Zero)
            throw new NothingToResumeException(ExitCodes.NoTimeLeft, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"No time is left: the budget of {start.TimeBudget:0.###} s that started at {DateTimeOffset.FromUnixTimeMilliseconds((long)(start.StartTime * 1000)):u} ended {-budget.Remaining.TotalSeconds:F1} s ago."));

        int next = 0;
        while (File.Exists(files.PredictionPath(next))) next++;
        if (File.Exists(files.EndPath)) File.Delete(files.EndPath);   // the run is going on again; the new end.txt replaces it
        record = record with { State = RunRecord.States.Running, Resumes = record.Resumes + 1 };
        record.Write(outputDir);

        string checkpoints = Path.Combine(outputDir, IngestionLoop.CheckpointFolderName);
        createLearner ??= metadata => record.Diagnostic is { } diagnostic
            ? new DiagnosticLearner(diagnostic, record.Learner.Seed, _logs.CreateLogger<DiagnosticLearner>())
            : RestoredLearner(metadata, record.Learner, checkpoints, total);
        var loop = new IngestionLoop(_logs.CreateLogger<IngestionLoop>(), _time);
        var learner = new LearnerHandle(createLearner, dataset.TrainMetadata, phases, progress);
        var result = loop.Run(dataset, learner.Create, budget, outputDir, cancellation, new IngestionResume(next), progress);
        phases.End("ingestion (the rest of the budget)");
        return Finish(dataset, record with { T0 = t0 ?? record.T0 }, result, outputDir, cancellation, phases, learner, progress);
    }

    /// <summary>The transfer learner restored from the last checkpoint; a fresh one when there is none or it is damaged.</summary>
    private TransferLearner RestoredLearner(DataSpecification metadata, LearnerOptions options, string checkpoints, TimeSpan total)
    {
        var learner = new TransferLearner(metadata, options, _logs.CreateLogger<TransferLearner>()) { BudgetTotal = total };
        if (!File.Exists(Path.Combine(checkpoints, Transfer.Checkpoints.CheckpointStore.LastName + ".ckpt")))
        {
            _log.LogWarning(LogEvents.Resumed, "No checkpoint in {Folder}: a fresh learner continues the run", checkpoints);
            return learner;
        }
        try
        {
            learner.Restore(checkpoints);
            return learner;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            _log.LogWarning(LogEvents.Resumed, ex, "The checkpoint in {Folder} cannot be used: a fresh learner continues the run", checkpoints);
            learner.Dispose();
            return new TransferLearner(metadata, options, _logs.CreateLogger<TransferLearner>()) { BudgetTotal = total };
        }
    }

    /// <summary>Records how the run stands in run.json, then scores it when the solution is there (not after an
    /// interruption: the process should end promptly; <c>score</c> or <c>resume</c> can follow).</summary>
    private RunOutcome Finish(AutoDLDataset dataset, RunRecord record, IngestionResult result, string outputDir, CancellationToken cancellation,
        PhaseClock phases, LearnerHandle learner, IRunProgress progress)
    {
        string state = result.StoppedBy switch
        {
            StopReason.Cancelled => RunRecord.States.Interrupted,
            StopReason.Failed => RunRecord.States.Failed,
            _ => RunRecord.States.Finished,
        };
        (record with { State = state }).Write(outputDir);

        ScoreReport? score = null;
        if (record.ScoreAfterwards && !cancellation.IsCancellationRequested && dataset.SolutionPath is not null
            && Directory.EnumerateFiles(outputDir, dataset.Name + ".predict_*").Any())
        {
            progress.Phase(RunPhases.Scoring);
            score = DirectoryScorer.Score(Path.GetDirectoryName(Path.GetFullPath(dataset.SolutionPath))!, outputDir, record.T0);
            DirectoryScorer.WriteScores(outputDir, score);
            _log.LogInformation(LogEvents.Scored, "Scored {Count} predictions: ALC {Alc:F4}", score.Nauc.Count, score.Alc);
            phases.End("scoring");
        }
        // The report: for run and resume (the platform's ingestion process is scored, and reported, by the platform),
        // not after an interruption (the process should end promptly).
        if (record.ScoreAfterwards && !cancellation.IsCancellationRequested)
        {
            progress.Phase(RunPhases.Report);
            RunReports.Write(outputDir, dataset, record with { State = state }, result, score, phases, learner, _log);
        }
        progress.Phase(RunPhases.Done);
        return new RunOutcome(dataset.Name, outputDir, record.BudgetSeconds, result, score);
    }

    /// <summary>An earlier run's files would be mixed into this run's scores: refuse them.</summary>
    internal static void EnsureFreshOutput(string outputDir, string taskName)
    {
        if (!Directory.Exists(outputDir)) return;
        var clash = Directory.EnumerateFiles(outputDir)
            .Select(Path.GetFileName)
            .FirstOrDefault(f => f is "start.txt" or "end.txt" or "scores.txt" or RunRecord.FileName || f!.StartsWith(taskName + ".predict_", StringComparison.Ordinal));
        if (clash is not null)
            throw new IOException($"The output folder '{outputDir}' already holds '{clash}' from an earlier run; choose a new or empty folder (or 'resume --output' to continue it).");
    }
}
