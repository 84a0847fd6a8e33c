using System.Diagnostics;
using AutoVision.Budget;
using AutoVision.Budget.Resilience;
using AutoVision.Data.AutoDL;
using AutoVision.Runner.Progress;
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
        _writes = new BudgetPipelines(time).FileWriteRetry();
    }

    /// <summary>Retries a challenge file write that fails with an <see cref="IOException"/> (a full or busy disk
    /// for a moment), with a short backoff. A retried prediction appends its <c>k: t</c> line again; readers of
    /// <c>start.txt</c> (ours and the challenge's) keep the last value of a repeated key.</summary>
    private readonly Polly.ResiliencePipeline _writes;

    /// <summary>The folder under the output folder that holds the learner's checkpoints.</summary>
    public const string CheckpointFolderName = "checkpoints";

    /// <summary>What an interrupted learner may still spend on a prediction it has almost ready.</summary>
    public static readonly TimeSpan InterruptAllowance = TimeSpan.FromSeconds(2);

    /// <param name="dataset">The task.</param>
    /// <param name="createLearner">Builds the learner (outside the budget for a new run).</param>
    /// <param name="budget">The budget; a new run starts it, a resumed one finds it started.</param>
    /// <param name="outputDir">The output folder.</param>
    /// <param name="cancellation">An interruption (a signal): the learner is cancelled, a better prediction it already
    /// has is written, then a checkpoint and <c>end.txt</c>.</param>
    /// <param name="resume">Null for a new run; else the run goes on in a folder that already has its <c>start.txt</c>.</param>
    /// <param name="progress">Told the phase, the clock, each prediction and the learner's figures (<see cref="ILearnerReport"/>).</param>
    public IngestionResult Run(
        AutoDLDataset dataset,
        Func<ILearner> createLearner,
        IBudget budget,
        string outputDir,
        CancellationToken cancellation,
        IngestionResume? resume = null,
        IRunProgress? progress = null)
    {
        progress ??= NoProgress.Instance;
        Directory.CreateDirectory(outputDir);
        var files = new IngestionFiles(outputDir, dataset.Name);
        int nTest = dataset.TestMetadata.SampleCount, outputDim = dataset.TrainMetadata.OutputDim;
        string checkpointFolder = Path.Combine(outputDir, CheckpointFolderName);

        using var learner = createLearner();   // outside the budget, as the challenge did (a resumed run's clock runs)
        var checkpointed = learner as ICheckpointedLearner;
        var report = learner as ILearnerReport;
        int firstIndex = resume?.NextIndex ?? 0;
        if (resume is null)
        {
            budget.Start();
            _writes.Execute(() => files.WriteStart(Environment.ProcessId, budget.Total.TotalSeconds, budget.StartUnixSeconds));
            _log.LogInformation(LogEvents.ClockStarted, "Clock started: budget {Budget:F0} s, task {Task}, {Test} test rows x {Classes} classes",
                budget.Total.TotalSeconds, dataset.Name, nTest, outputDim);
        }
        else
        {
            _log.LogInformation(LogEvents.Resumed, "Resumed at {Elapsed:F1} s of {Budget:F0} s ({Remaining:F1} s left), task {Task}; next prediction {Index}",
                budget.Elapsed.TotalSeconds, budget.Total.TotalSeconds, budget.Remaining.TotalSeconds, dataset.Name, firstIndex);
        }

        progress.Clock(budget.Total, budget.Elapsed);
        using var deadline = new CancellationTokenSource(budget.Remaining > TimeSpan.Zero ? budget.Remaining : TimeSpan.Zero, _time);
        using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, deadline.Token);

        var written = new List<WrittenPrediction>();
        float[,]? lastWritten = null, unwritten = null;
        var checkpointCost = TimeSpan.FromSeconds(1);
        var reason = StopReason.BudgetUsed;
        Exception? error = null;

        void Write(float[,] prediction)
        {
            if (prediction.GetLength(0) != nTest || prediction.GetLength(1) != outputDim)
                throw new InvalidOperationException(
                    $"Bad prediction shape: the learner returned ({prediction.GetLength(0)}, {prediction.GetLength(1)}), expected ({nTest}, {outputDim}).");
            int k = firstIndex + written.Count;
            double now = budget.NowUnixSeconds();
            string path = _writes.Execute(() => files.WritePrediction(k, now, prediction));
            var after = TimeSpan.FromSeconds(now - budget.StartUnixSeconds);
            written.Add(new WrittenPrediction(k, path, after));
            lastWritten = prediction;
            _log.LogInformation(LogEvents.PredictionWritten, "Prediction {Index} written at {Time:F1} s", k, after.TotalSeconds);
            progress.Prediction(k, after);
        }

        // A checkpoint that cannot be written (disk full, say) costs the ability to resume, never the run.
        void Checkpoint()
        {
            if (checkpointed is null) return;
            var sw = Stopwatch.StartNew();
            try
            {
                checkpointed.SaveCheckpoint(checkpointFolder, firstIndex + written.Count - 1);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _log.LogWarning(LogEvents.CheckpointWritten, ex, "The checkpoint could not be written; the run goes on without it");
                return;
            }
            checkpointCost = sw.Elapsed;
            _log.LogInformation(LogEvents.CheckpointWritten, "Checkpoint written in {Seconds:F2} s (last prediction {Index})",
                sw.Elapsed.TotalSeconds, firstIndex + written.Count - 1);
        }

        try
        {
            while (!learner.DoneTraining)
            {
                progress.Phase(RunPhases.Training);
                learner.Train(dataset, budget.Remaining, hardStop.Token);
                if (report is not null) progress.Learner(report.ValidationNauc, report.TrainedSteps);
                if (hardStop.IsCancellationRequested) { reason = Stopped(cancellation); break; }

                progress.Phase(RunPhases.Predicting);
                var prediction = learner.Test(dataset, budget.Remaining, hardStop.Token);
                if (report is not null) progress.Learner(report.ValidationNauc, report.TrainedSteps);
                if (hardStop.IsCancellationRequested) { unwritten = prediction; reason = Stopped(cancellation); break; }
                if (prediction is null) { reason = StopReason.TestReturnedNull; break; }
                Write(prediction);

                if (budget.Remaining <= TimeSpan.Zero) { reason = StopReason.BudgetUsed; break; }
                if (learner.DoneTraining) { reason = StopReason.DoneTraining; break; }
                // A checkpoint is only worth its time when a resumed run could still use what is left after it.
                if (budget.Remaining > checkpointCost * 4) Checkpoint();
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

        if (reason == StopReason.Cancelled)
            Interrupted(checkpointed, budget, unwritten, lastWritten, Write, Checkpoint);

        var duration = budget.Elapsed;
        _writes.Execute(() => files.WriteEnd(duration.TotalSeconds, error is null, budget.NowUnixSeconds()));
        if (reason == StopReason.HardDeadline)
            _log.LogWarning(LogEvents.HardDeadline, "The budget ran out during a learner call; it was cancelled");
        _log.LogInformation(LogEvents.IngestionEnded, "Ingestion ended after {Duration:F1} s ({Reason}), {Count} predictions",
            duration.TotalSeconds, reason, written.Count);
        return new IngestionResult(written, error is null, error, duration, reason);
    }

    /// <summary>After an interruption, while the budget lasts: the learner's best prediction if it is newer than
    /// the last one written, then a checkpoint. Failures here are logged; they never lose what was written.</summary>
    private void Interrupted(ICheckpointedLearner? checkpointed, IBudget budget, float[,]? unwritten,
        float[,]? lastWritten, Action<float[,]> write, Action checkpoint)
    {
        if (budget.Remaining <= TimeSpan.Zero) return;
        try
        {
            var allowance = budget.Remaining < InterruptAllowance ? budget.Remaining : InterruptAllowance;
            var ready = unwritten ?? checkpointed?.ReadyPrediction(allowance);
            if (ready is not null && !SameValues(ready, lastWritten) && budget.Remaining > TimeSpan.Zero) write(ready);
            if (budget.Remaining > TimeSpan.Zero) checkpoint();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _log.LogError(LogEvents.LearnerFailed, ex, "After the interruption, the last prediction or the checkpoint could not be written");
        }
    }

    private static bool SameValues(float[,] a, float[,]? b)
    {
        if (b is null || a.GetLength(0) != b.GetLength(0) || a.GetLength(1) != b.GetLength(1)) return false;
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++)
                if (a[i, j].CompareTo(b[i, j]) != 0) return false;
        return true;
    }

    private static StopReason Stopped(CancellationToken outer) =>
        outer.IsCancellationRequested ? StopReason.Cancelled : StopReason.HardDeadline;
}
