using System.Diagnostics;
using AutoVision.Data.AutoDL;
using AutoVision.Runner.Ingestion;
using AutoVision.Runner.Profiles;
using Microsoft.Extensions.Logging;

namespace AutoVision.Runner.Platform;

/// <summary>
/// A learner with no model, for testing the platform: it hands in seeded random probabilities and misbehaves as
/// its <see cref="DiagnosticOptions"/> say (slow construction, blocking train calls that ignore the budget and the
/// ingestion's cancellation, a stall, an abrupt end of the process). Needs no TorchSharp.
/// </summary>
public sealed class DiagnosticLearner : ILearner
{
    private readonly DiagnosticOptions _options;
    private readonly int _seed;
    private readonly ILogger _log;
    private int _predictions;

    public DiagnosticLearner(DiagnosticOptions options, int seed, ILogger<DiagnosticLearner> log)
    {
        _options = options;
        _seed = seed;
        _log = log;
        _log.LogWarning(LogEvents.LearnerReady, "Diagnostic learner (no model): {Options}", options);
        Block(options.ConstructionSeconds);
    }

    public bool DoneTraining { get; private set; }

    public void Train(AutoDLDataset dataset, TimeSpan remaining, CancellationToken cancellation)
    {
        if (_options.CrashAfterPredictions == _predictions)
        {
            _log.LogWarning(LogEvents.LearnerFailed, "Diagnostic learner: ending the process abruptly after {Count} predictions", _predictions);
            using var self = Process.GetCurrentProcess();
            self.Kill();
            Thread.Sleep(Timeout.Infinite);
        }
        if (_options.StallAfterPredictions == _predictions)
        {
            _log.LogWarning(LogEvents.LearnerFailed, "Diagnostic learner: stalling after {Count} predictions", _predictions);
            Thread.Sleep(Timeout.Infinite);
        }
        Block(_options.TrainSeconds);
        if (_options.MaxPredictions is { } max && _predictions + 1 >= max) DoneTraining = true;
    }

    public float[,]? Test(AutoDLDataset dataset, TimeSpan remaining, CancellationToken cancellation) =>
        Prediction(_seed, _predictions++, dataset.TestMetadata.SampleCount, dataset.TrainMetadata.OutputDim);

    /// <summary>Prediction <paramref name="index"/> of a diagnostic learner seeded with <paramref name="seed"/>:
    /// values in [0, 1), reproducible, different for every index.</summary>
    public static float[,] Prediction(int seed, int index, int rows, int columns)
    {
        var random = new Random(unchecked((seed * 1_000_003) + index));
        var p = new float[rows, columns];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                p[i, j] = random.NextSingle();
        return p;
    }

    public void Dispose()
    {
    }

    /// <summary>Blocks the thread, deliberately deaf to the ingestion's cancellation.</summary>
    private static void Block(double seconds)
    {
        if (seconds > 0) Thread.Sleep(TimeSpan.FromSeconds(seconds));
    }
}
