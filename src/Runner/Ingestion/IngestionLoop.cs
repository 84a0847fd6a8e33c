using System.Diagnostics;
using AutoVision.Budget;
using AutoVision.Data.AutoDL;
using AutoVision.Scoring;
using Microsoft.Extensions.Logging;

namespace AutoVision.Runner.Ingestion;

/// <summary>
/// The AutoDL ingestion program's loop, step for step (ingestion.py v20191204): the learner is built before
/// the clock starts; then train → test → timestamp appended to <c>start.txt</c> → <c>&lt;name&gt;.predict_&lt;k&gt;</c>,
/// until the learner is done, <c>test</c> returns null, or no time is left; <c>end.txt</c> is always written.
/// On top of the challenge's loop, a hard deadline at the end of the budget cancels the learner (the platform
/// killed the process at that instant), so a learner that overruns loses its current round, never the files.
/// </summary>
public sealed class IngestionLoop
{
    private readonly ILogger _log;
    private readonly TimeProvider _time;

    public IngestionLoop(ILogger<IngestionLoop> log, TimeProvider time)
    {
        _log = log;
        _time = time;
    }

    public IngestionResult Run(
        AutoDLDataset dataset,
        Func<ILearner> createLearner,
        IBudget budget,
        string outputDir,
        CancellationToken cancellation)
    {
        Directory.CreateDirectory(outputDir);
        var files = new IngestionFiles(outputDir, dataset.Name);
        int nTest = dataset.TestMetadata.SampleCount, outputDim = dataset.TrainMetadata.OutputDim;

        using var learner = createLearner();   // outside the budget, as the challenge did
        budget.Start();
        files.WriteStart(Environment.ProcessId, budget.Total.TotalSeconds, budget.StartUnixSeconds);
        _log.LogInformation(LogEvents.ClockStarted, "Clock started: budget {Budget:F0} s, task {Task}, {Test} test rows x {Classes} classes",
            budget.Total.TotalSeconds, dataset.Name, nTest, outputDim);

        using var deadline = new CancellationTokenSource(budget.Remaining > TimeSpan.Zero ? budget.Remaining : TimeSpan.Zero, _time);
        using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, deadline.Token);

        var written = new List<WrittenPrediction>();
        var reason = StopReason.BudgetUsed;
        Exception? error = null;
        try
        {
            while (!learner.DoneTraining)
            {
                learner.Train(dataset, budget.Remaining, hardStop.Token);
                if (hardStop.IsCancellationRequested) { reason = Stopped(cancellation); break; }

                var prediction = learner.Test(dataset, budget.Remaining, hardStop.Token);
                if (hardStop.IsCancellationRequested) { reason = Stopped(cancellation); break; }
                if (prediction is null) { reason = StopReason.TestReturnedNull; break; }
                if (prediction.GetLength(0) != nTest || prediction.GetLength(1) != outputDim)
                    throw new InvalidOperationException(
                        $"Bad prediction shape: the learner returned ({prediction.GetLength(0)}, {prediction.GetLength(1)}), expected ({nTest}, {outputDim}).");

                int k = written.Count;
                double now = budget.NowUnixSeconds();
                string path = files.WritePrediction(k, now, prediction);
                var after = TimeSpan.FromSeconds(now - budget.StartUnixSeconds);
                written.Add(new WrittenPrediction(k, path, after));
                _log.LogInformation(LogEvents.PredictionWritten, "Prediction {Index} written at {Time:F1} s", k, after.TotalSeconds);

                if (budget.Remaining <= TimeSpan.Zero) { reason = StopReason.BudgetUsed; break; }
                if (learner.DoneTraining) reason = StopReason.DoneTraining;
            }
        }
        catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
        {
            reason = Stopped(cancellation);
        }
        catch (Exception ex)
        {
            error = ex;
            reason = StopReason.Failed;
            _log.LogError(LogEvents.LearnerFailed, ex, "The learner failed; {Count} predictions were written before", written.Count);
        }

        var duration = budget.Elapsed;
        files.WriteEnd(duration.TotalSeconds, error is null, budget.NowUnixSeconds());
        if (reason == StopReason.HardDeadline)
            _log.LogWarning(LogEvents.HardDeadline, "The budget ran out during a learner call; it was cancelled");
        _log.LogInformation(LogEvents.IngestionEnded, "Ingestion ended after {Duration:F1} s ({Reason}), {Count} predictions",
            duration.TotalSeconds, reason, written.Count);
        return new IngestionResult(written, error is null, error, duration, reason);
    }

    private static StopReason Stopped(CancellationToken outer) =>
        outer.IsCancellationRequested ? StopReason.Cancelled : StopReason.HardDeadline;
}
