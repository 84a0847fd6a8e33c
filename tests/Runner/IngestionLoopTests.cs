using AutoVision.Budget;
using AutoVision.Data.AutoDL;
using AutoVision.Runner.Ingestion;
using AutoVision.Scoring;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AutoVision.Runner.Tests;

public class IngestionLoopTests
{
    /// <summary>A learner whose every call advances a fake clock by a fixed time and returns a fixed prediction.</summary>
    private sealed class ScriptedLearner(FakeTimeProvider clock, int rows, int cols) : ILearner
    {
        public TimeSpan TrainTime { get; init; } = TimeSpan.FromSeconds(10);
        public TimeSpan TestTime { get; init; } = TimeSpan.FromSeconds(1);
        public int DoneAfterTrains { get; init; } = int.MaxValue;
        public int NullAtTest { get; init; } = int.MaxValue;
        public int BadShapeAtTest { get; init; } = int.MaxValue;
        public List<TimeSpan> RemainingSeen { get; } = new();
        public int Trains { get; private set; }
        public int Tests { get; private set; }
        public bool Disposed { get; private set; }
        public bool DoneTraining { get; private set; }

        public void Train(AutoDLDataset dataset, TimeSpan remaining, CancellationToken cancellation)
        {
            RemainingSeen.Add(remaining);
            clock.Advance(TrainTime);
            cancellation.ThrowIfCancellationRequested();
            if (++Trains >= DoneAfterTrains) DoneTraining = true;
        }

        public float[,]? Test(AutoDLDataset dataset, TimeSpan remaining, CancellationToken cancellation)
        {
            clock.Advance(TestTime);
            int k = Tests++;
            if (k == NullAtTest) return null;
            var p = new float[k == BadShapeAtTest ? rows + 1 : rows, cols];
            for (int i = 0; i < rows; i++) p[i, (i + k) % cols] = 1f / (k + 1);
            return p;
        }

        public void Dispose() => Disposed = true;
    }

    private static (IngestionLoop Loop, FakeTimeProvider Clock, AutoDLDataset Data, string Out) Setup()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        return (new IngestionLoop(NullLogger<IngestionLoop>.Instance, clock), clock, AutoDLDataset.Open(TestPaths.MiniCiao), TestPaths.NewTempDir());
    }

    [Fact]
    public void Run_LearnerSaysDone_StillTestsOnceThenStopsAndWritesAllFiles()
    {
        var (loop, clock, data, output) = Setup();
        var learner = new ScriptedLearner(clock, 18, 10) { DoneAfterTrains = 3 };
        clock.Advance(TimeSpan.FromSeconds(5));
        var result = loop.Run(data, () => { clock.Advance(TimeSpan.FromSeconds(30)); return learner; },
            new TimeBudget(TimeSpan.FromSeconds(100), clock), output, CancellationToken.None);

        Assert.True(result.Success);
        Assert.Equal(StopReason.DoneTraining, result.StoppedBy);
        Assert.Equal(3, learner.Tests);
        Assert.True(learner.Disposed);
        Assert.Equal(new[] { 11.0, 22.0, 33.0 }, result.Predictions.Select(p => p.AfterStart.TotalSeconds));

        var log = IngestionFiles.ReadStart(Path.Combine(output, "start.txt"));
        Assert.Equal("miniciao", log.TaskName);
        Assert.Equal(100.0, log.TimeBudget);
        // The clock started after the learner was built (5 s + 30 s of construction are outside the budget).
        Assert.Equal(1_700_000_035.0, log.StartTime, 6);
        Assert.Equal(1_700_000_046.0, log.Timestamps[0], 6);
        Assert.Equal(1_700_000_068.0, log.Timestamps[2], 6);
        for (int k = 0; k < 3; k++)
        {
            var p = PredictionFile.Read(Path.Combine(output, $"miniciao.predict_{k}"));
            Assert.Equal(18, p.GetLength(0));
            Assert.Equal(10, p.GetLength(1));
            Assert.Equal(1.0 / (k + 1), p[0, k], 5);
        }
        var end = File.ReadAllText(Path.Combine(output, "end.txt"));
        Assert.Contains("ingestion_success: 1", end);
        Assert.Empty(Directory.GetFiles(output, "temp_*"));
    }

    [Fact]
    public void Run_EachTrainCall_ReceivesTheTimeLeft()
    {
        var (loop, clock, data, output) = Setup();
        var learner = new ScriptedLearner(clock, 18, 10) { TrainTime = TimeSpan.FromSeconds(20), TestTime = TimeSpan.FromSeconds(5) };
        var result = loop.Run(data, () => learner, new TimeBudget(TimeSpan.FromSeconds(60), clock), output, CancellationToken.None);

        Assert.Equal(new[] { 60.0, 35.0, 10.0 }, learner.RemainingSeen.Select(r => r.TotalSeconds));
        // The third round runs past the end: the hard deadline cancels it and nothing more is written.
        Assert.Equal(StopReason.HardDeadline, result.StoppedBy);
        Assert.Equal(2, result.Predictions.Count);
        Assert.True(File.Exists(Path.Combine(output, "end.txt")));
    }

    [Fact]
    public void Run_TestEndingAfterTheDeadline_IsNotWritten()
    {
        // The platform killed the ingestion at start + T: a prediction that would come later never exists.
        var (loop, clock, data, output) = Setup();
        var learner = new ScriptedLearner(clock, 18, 10) { TrainTime = TimeSpan.FromSeconds(1), TestTime = TimeSpan.FromSeconds(30) };
        var result = loop.Run(data, () => learner, new TimeBudget(TimeSpan.FromSeconds(50), clock), output, CancellationToken.None);
        Assert.Single(result.Predictions);
        Assert.Equal(StopReason.HardDeadline, result.StoppedBy);
        Assert.False(File.Exists(Path.Combine(output, "miniciao.predict_1")));
        Assert.Single(IngestionFiles.ReadStart(Path.Combine(output, "start.txt")).Timestamps);
    }

    [Fact]
    public void Run_TestReturnsNull_StopsWithoutWriting()
    {
        var (loop, clock, data, output) = Setup();
        var learner = new ScriptedLearner(clock, 18, 10) { NullAtTest = 1 };
        var result = loop.Run(data, () => learner, new TimeBudget(TimeSpan.FromSeconds(1000), clock), output, CancellationToken.None);
        Assert.Equal(StopReason.TestReturnedNull, result.StoppedBy);
        Assert.Single(result.Predictions);
        Assert.False(File.Exists(Path.Combine(output, "miniciao.predict_1")));
        Assert.True(result.Success);
    }

    [Fact]
    public void Run_BadPredictionShape_FailsButKeepsEarlierPredictions()
    {
        var (loop, clock, data, output) = Setup();
        var learner = new ScriptedLearner(clock, 18, 10) { BadShapeAtTest = 2 };
        var result = loop.Run(data, () => learner, new TimeBudget(TimeSpan.FromSeconds(1000), clock), output, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Equal(StopReason.Failed, result.StoppedBy);
        Assert.Contains("(19, 10)", result.Error!.Message);
        Assert.Contains("(18, 10)", result.Error.Message);
        Assert.Equal(2, result.Predictions.Count);
        Assert.True(File.Exists(Path.Combine(output, "miniciao.predict_1")));
        Assert.Contains("ingestion_success: 0", File.ReadAllText(Path.Combine(output, "end.txt")));
    }

    [Fact]
    public void Run_OuterCancellation_StopsAsCancelled()
    {
        var (loop, clock, data, output) = Setup();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var learner = new ScriptedLearner(clock, 18, 10);
        var result = loop.Run(data, () => learner, new TimeBudget(TimeSpan.FromSeconds(1000), clock), output, cts.Token);
        Assert.Equal(StopReason.Cancelled, result.StoppedBy);
        Assert.Empty(result.Predictions);
    }
}
