using AutoVision.Budget;
using AutoVision.Data.AutoDL;
using AutoVision.Runner.Ingestion;
using AutoVision.Runner.Learning;
using AutoVision.Runner.Profiles;
using AutoVision.Scoring;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AutoVision.Runner.Tests;

/// <summary>Interruptions and resumption of the ingestion loop, with a scripted learner and a fake clock.</summary>
public class IngestionInterruptTests
{
    private const int Rows = 18, Classes = 10;

    /// <summary>Hands in prediction k = all 1/(k+1) on column k; cancels <see cref="Signal"/> during train call
    /// <see cref="SignalAtTrain"/>; has a ready prediction (or not) after the interruption; records checkpoints.</summary>
    private sealed class InterruptedLearner(FakeTimeProvider clock) : ILearner, ICheckpointedLearner
    {
        public CancellationTokenSource Signal { get; } = new();
        public int SignalAtTrain { get; init; } = int.MaxValue;
        public bool HasReady { get; init; } = true;
        public bool ReadyIsLastHandedIn { get; init; }
        public List<int> Checkpoints { get; } = new();
        public int Tests { get; private set; }
        private int _trains;
        public bool DoneTraining => false;

        public static float[,] Prediction(int k)
        {
            var p = new float[Rows, Classes];
            for (int i = 0; i < Rows; i++) p[i, k % Classes] = 1f / (k + 1);
            return p;
        }

        public void Train(AutoDLDataset dataset, TimeSpan remaining, CancellationToken cancellation)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            if (++_trains == SignalAtTrain) Signal.Cancel();
            cancellation.ThrowIfCancellationRequested();
        }

        public float[,]? Test(AutoDLDataset dataset, TimeSpan remaining, CancellationToken cancellation) => Prediction(Tests++);

        public float[,]? ReadyPrediction(TimeSpan allowance) =>
            !HasReady ? null : ReadyIsLastHandedIn ? Prediction(Tests - 1) : Prediction(100);

        public void SaveCheckpoint(string folder, int lastPredictionIndex) => Checkpoints.Add(lastPredictionIndex);

        public void Dispose() => Signal.Dispose();
    }

    private static (IngestionLoop Loop, FakeTimeProvider Clock, AutoDLDataset Data, string Out) Setup()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        return (new IngestionLoop(NullLogger<IngestionLoop>.Instance, clock), clock, AutoDLDataset.Open(TestPaths.MiniCiao), TestPaths.NewTempDir());
    }

    [Fact]
    public void Run_SignalDuringTrain_WritesTheNewerReadyPredictionThenACheckpointAndEndTxt()
    {
        var (loop, clock, data, output) = Setup();
        var learner = new InterruptedLearner(clock) { SignalAtTrain = 3 };
        var result = loop.Run(data, () => learner, new TimeBudget(TimeSpan.FromSeconds(100), clock), output, learner.Signal.Token);

        Assert.Equal(StopReason.Cancelled, result.StoppedBy);
        Assert.True(result.Success);
        Assert.Equal([0, 1, 2], result.Predictions.Select(p => p.Index));
        Assert.Equal(File.ReadAllBytes(Expected(InterruptedLearner.Prediction(100))), File.ReadAllBytes(Path.Combine(output, "miniciao.predict_2")));
        Assert.Equal(2, learner.Checkpoints[^1]);   // the checkpoint knows the last file written
        Assert.True(File.Exists(Path.Combine(output, "end.txt")));
        Assert.Equal(3, DirectoryScorer.Score(TestPaths.MiniCiao, output).Nauc.Count);
    }

    [Fact]
    public void Run_SignalWhenTheBestIsAlreadyWritten_WritesNoDuplicate()
    {
        var (loop, clock, data, output) = Setup();
        var learner = new InterruptedLearner(clock) { SignalAtTrain = 3, ReadyIsLastHandedIn = true };
        var result = loop.Run(data, () => learner, new TimeBudget(TimeSpan.FromSeconds(100), clock), output, learner.Signal.Token);

        Assert.Equal([0, 1], result.Predictions.Select(p => p.Index));
        Assert.Equal(1, learner.Checkpoints[^1]);
        Assert.True(File.Exists(Path.Combine(output, "end.txt")));
    }

    [Fact]
    public void Run_Resumed_KeepsStartTxtAndAppendsWithContinuingIndices()
    {
        var (loop, clock, data, output) = Setup();
        var files = new IngestionFiles(output, "miniciao");
        double start = clock.GetUtcNow().ToUnixTimeSeconds();
        files.WriteStart(4242, 20, start);
        files.WritePrediction(0, start + 1, InterruptedLearner.Prediction(7));
        files.WritePrediction(1, start + 2, InterruptedLearner.Prediction(8));
        clock.Advance(TimeSpan.FromSeconds(12));   // the run was down for a while: that time stays used
        var budget = new ResumedBudget(TimeSpan.FromSeconds(20), start, clock);
        Assert.Equal(TimeSpan.FromSeconds(8), budget.Remaining);

        var learner = new InterruptedLearner(clock);
        var result = loop.Run(data, () => learner, budget, output, CancellationToken.None, new IngestionResume(2));

        Assert.True(result.StoppedBy is StopReason.BudgetUsed or StopReason.HardDeadline, result.StoppedBy.ToString());
        Assert.Equal(2, result.Predictions[0].Index);
        var log = IngestionFiles.ReadStart(files.StartPath);
        Assert.Equal(4242, log.Pid);
        Assert.Equal(start, log.StartTime);
        Assert.Equal(2 + result.Predictions.Count, log.ConsecutiveTimestamps().Count);
        Assert.All(log.Timestamps.Values, t => Assert.True(t <= start + 20, $"prediction at {t - start} s"));
        Assert.Equal(File.ReadAllBytes(Expected(InterruptedLearner.Prediction(7))), File.ReadAllBytes(files.PredictionPath(0)));
        Assert.Equal(2 + result.Predictions.Count, DirectoryScorer.Score(TestPaths.MiniCiao, output).Nauc.Count);
    }

    [Fact]
    public void Resume_NoTimeLeft_SaysSoWithItsExitCode()
    {
        var output = TestPaths.NewTempDir();
        WriteRecord(output, RunRecord.States.Running);
        new IngestionFiles(output, "miniciao").WriteStart(1, 20, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60);

        var ex = Assert.Throws<NothingToResumeException>(() =>
            new RunJob(NullLoggerFactory.Instance, TimeProvider.System).Resume(output, null, CancellationToken.None));
        Assert.Equal(ExitCodes.NoTimeLeft, ex.ExitCode);
        Assert.Contains("No time is left", ex.Message);
    }

    [Fact]
    public void Resume_FinishedRun_SaysThereIsNothingToResume()
    {
        var output = TestPaths.NewTempDir();
        WriteRecord(output, RunRecord.States.Finished);
        var ex = Assert.Throws<NothingToResumeException>(() =>
            new RunJob(NullLoggerFactory.Instance, TimeProvider.System).Resume(output, null, CancellationToken.None));
        Assert.Equal(ExitCodes.AlreadyFinished, ex.ExitCode);
    }

    [Fact]
    public void Resume_KilledRun_ContinuesWithTheNextIndexAndScores()
    {
        var output = TestPaths.NewTempDir();
        WriteRecord(output, RunRecord.States.Running, new DiagnosticOptions { MaxPredictions = 2 });
        var files = new IngestionFiles(output, "miniciao");
        double start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 - 1;
        files.WriteStart(1, 60, start);
        files.WritePrediction(0, start + 0.5, InterruptedLearner.Prediction(0));
        File.AppendAllText(files.StartPath, "1: " + (start + 0.7).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");   // killed before file 1 appeared

        var outcome = new RunJob(NullLoggerFactory.Instance, TimeProvider.System).Resume(output, null, CancellationToken.None);

        Assert.Equal([1, 2], outcome.Ingestion.Predictions.Select(p => p.Index));
        Assert.NotNull(outcome.Score);
        Assert.Equal(3, outcome.Score.Nauc.Count);
        Assert.Equal(RunRecord.States.Finished, RunRecord.Read(output).State);
        Assert.Equal(1, RunRecord.Read(output).Resumes);
        Assert.True(IngestionFiles.ReadStart(files.StartPath).Timestamps[1] > start + 0.7);   // the new time of prediction 1 counts
    }

    private static void WriteRecord(string output, string state, DiagnosticOptions? diagnostic = null) =>
        new RunRecord
        {
            DatasetDir = TestPaths.MiniCiao,
            BudgetSeconds = 20,
            Learner = new LearnerOptions { Device = "cpu" },
            Diagnostic = diagnostic,
            State = state,
        }.Write(output);

    private static string Expected(float[,] prediction)
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "expected");
        PredictionFile.Write(path, prediction);
        return path;
    }
}
