using AutoVision.Budget;
using AutoVision.Data.AutoDL;
using AutoVision.Runner.Ingestion;
using AutoVision.Runner.Learning;
using AutoVision.Scoring;
using Microsoft.Extensions.Logging;

namespace AutoVision.Runner;

/// <summary>The outcome of one run, for the summary a person reads.</summary>
public sealed record RunOutcome(string TaskName, string OutputDir, double BudgetSeconds, IngestionResult Ingestion, ScoreReport? Score);

/// <summary>
/// One run of the main job: open the dataset, run the ingestion loop with the transfer learner, and score the
/// predictions when the dataset folder carries the solution.
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

    public RunOutcome Run(RunOptions options, CancellationToken cancellation, Func<DataSpecification, ILearner>? createLearner = null)
    {
        if (options.BudgetSeconds <= 0 || double.IsNaN(options.BudgetSeconds))
            throw new ArgumentException($"--budget must be a positive number of seconds, got {options.BudgetSeconds}.");
        var dataset = AutoDLDataset.Open(options.DatasetDir);
        _log.LogInformation(LogEvents.DatasetOpened, "Dataset {Name}: {Train} train / {Test} test examples, {Classes} classes, {H}x{W}x{C}",
            dataset.Name, dataset.TrainMetadata.SampleCount, dataset.TestMetadata.SampleCount, dataset.TrainMetadata.OutputDim,
            dataset.TrainMetadata.Matrix.RowCount, dataset.TrainMetadata.Matrix.ColCount, dataset.TrainMetadata.Channels);
        EnsureFreshOutput(options.OutputDir, dataset.Name);

        createLearner ??= metadata => new TransferLearner(metadata,
            new LearnerOptions { Seed = options.Seed, Device = options.Device },
            _logs.CreateLogger<TransferLearner>());
        var budget = new TimeBudget(TimeSpan.FromSeconds(options.BudgetSeconds), _time);
        var loop = new IngestionLoop(_logs.CreateLogger<IngestionLoop>(), _time);
        var result = loop.Run(dataset, () => createLearner(dataset.TrainMetadata), budget, options.OutputDir, cancellation);

        ScoreReport? score = null;
        if (options.ScoreAfterwards && dataset.SolutionPath is not null && result.Predictions.Count > 0)
        {
            score = DirectoryScorer.Score(Path.GetDirectoryName(Path.GetFullPath(dataset.SolutionPath))!, options.OutputDir, options.T0);
            DirectoryScorer.WriteScores(options.OutputDir, score);
            _log.LogInformation(LogEvents.Scored, "Scored {Count} predictions: ALC {Alc:F4}", score.Nauc.Count, score.Alc);
        }
        return new RunOutcome(dataset.Name, options.OutputDir, options.BudgetSeconds, result, score);
    }

    /// <summary>An earlier run's files would be mixed into this run's scores: refuse them.</summary>
    internal static void EnsureFreshOutput(string outputDir, string taskName)
    {
        if (!Directory.Exists(outputDir)) return;
        var clash = Directory.EnumerateFiles(outputDir)
            .Select(Path.GetFileName)
            .FirstOrDefault(f => f is "start.txt" or "end.txt" or "scores.txt" || f!.StartsWith(taskName + ".predict_", StringComparison.Ordinal));
        if (clash is not null)
            throw new IOException($"The output folder '{outputDir}' already holds '{clash}' from an earlier run; choose a new or empty folder.");
    }
}
