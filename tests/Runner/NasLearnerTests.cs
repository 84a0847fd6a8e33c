using AutoVision.Data.AutoDL;
using AutoVision.Data.Caching;
using AutoVision.Runner.Learning;
using AutoVision.Transfer.Checkpoints;
using AutoVision.Transfer.Nas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AutoVision.Runner.Tests;

/// <summary>The transfer learner with the architecture search on (<see cref="LearnerOptions.Nas"/>), on real data.</summary>
[Trait("Category", "Slow")]
[Collection(SlowRuns.Name)]
public class NasLearnerTests
{
    private static readonly TimeSpan Remaining = TimeSpan.FromSeconds(60);

    private static void AssertFinite(float[,]? prediction)
    {
        Assert.NotNull(prediction);
        foreach (var v in prediction) Assert.True(float.IsFinite(v));
    }

    [Fact]
    public void Train_NasOn_SearchesOnceAfterTheProbesThenFineTunesTheDerivedModelAndResumes()
    {
        var dataset = AutoDLDataset.Open(TestPaths.MiniCiao);
        var options = new LearnerOptions { Device = "cpu", Seed = 4, Nas = "on", ValidationFraction = 0.2 };   // 16 held-out examples
        var log = new ListLogger();
        using var learner = new TransferLearner(dataset.TrainMetadata, options, log);
        for (int r = 0; r < 2; r++)
        {
            learner.Train(dataset, Remaining, CancellationToken.None);
            AssertFinite(learner.Test(dataset, Remaining, CancellationToken.None));
        }
        Assert.Null(learner.Nas);

        learner.Train(dataset, Remaining, CancellationToken.None);   // round 2: the search
        var record = learner.Nas;
        Assert.True(record is not null, "no search record; log:\n" + string.Join("\n", log.Lines));
        Assert.True(record.WeightSteps > 0, "the search took no step");
        Assert.InRange(record.PlannedSeconds, 0.001, NasPolicy.SliceFor(Remaining).TotalSeconds);   // the slice the policy grants, at most
        Assert.Equal(0, learner.Steps);                                // the search's steps are not fine-tuning steps
        string reported = ((AutoVision.Runner.Progress.ILearnerReport)learner).Choices.Architecture;
        Assert.Contains(record.Chosen.ToString(), reported);          // the run's summary and report say what was chosen
        Assert.Contains(NasCheckpoint.FileName, reported);
        AssertFinite(learner.Test(dataset, Remaining, CancellationToken.None));

        learner.Train(dataset, Remaining, CancellationToken.None);   // round 3: fine-tuning the derived model
        Assert.True(learner.Steps > 0, "no fine-tuning step after the search");
        Assert.Same(record, learner.Nas);                              // searched once
        AssertFinite(learner.Test(dataset, Remaining, CancellationToken.None));

        var folder = TestPaths.NewTempDir();
        learner.SaveCheckpoint(folder, lastPredictionIndex: 3);
        Assert.True(File.Exists(Path.Combine(folder, NasCheckpoint.FileName)));

        using var resumed = new TransferLearner(dataset.TrainMetadata, options, NullLogger<TransferLearner>.Instance);
        resumed.Restore(folder);   // rebuilds the derived architecture, then loads its weights
        Assert.Equal(record.Chosen.ToString(), resumed.Nas!.Chosen.ToString());
        resumed.Train(dataset, Remaining, CancellationToken.None);
        Assert.True(resumed.Steps > learner.Steps, "the resumed learner did not fine-tune");
        AssertFinite(resumed.Test(dataset, Remaining, CancellationToken.None));

        // The last checkpoint is the model the learner held when it was saved and says which: predict loads it as
        // that model. That is the derived model, unless a divergence rolled back past the search to the plain
        // classifier's weights (a 16-example validation can fall 0.2 below the best when the CPU is loaded and the
        // rounds are short); the resume after such a rollback has its own deterministic test
        // (WarmStartAndPredictTests.Restore_AfterARollbackPastTheSearch_ContinuesWithTheClassifier).
        string? holding = learner.Architecture?.ToString();
        if (learner.Rollbacks == 0) Assert.Equal(record.Chosen.ToString(), holding);
        string last = Path.Combine(folder, "last.ckpt");
        using (var model = TrainedModel.Load(last))
        {
            Assert.Equal(holding, model.Metadata.Architecture?.ToString());
            Assert.Equal(holding, model.Derived?.Architecture.ToString());
            using var cache = ImageCache.Build(AutoDLCacheSource.Test(dataset), model.Metadata.InputSize, new CacheMemory());
            using var probabilities = model.Probabilities(new ImageSet(cache).Range(0, cache.Count, TorchSharp.torch.CPU));
            Assert.True(probabilities.isfinite().all().item<bool>());
            Assert.True(probabilities.sum(1).sub(1).abs().max().item<float>() < 1e-4f, "rows of a softmax must sum to one");
        }

        if (holding is null) return;   // the warm start below needs a derived model in the last checkpoint

        // A warm start from it with the same classes continues with the derived model and does not search again.
        using var warm = new TransferLearner(dataset.TrainMetadata, options with { TestTimeFlip = false }, NullLogger<TransferLearner>.Instance);
        Assert.Equal(WarmStartKind.Whole, warm.WarmStart(last));
        Assert.Equal(record.Chosen.ToString(), warm.Nas?.Chosen.ToString());
        for (int r = 0; r < 4; r++) warm.Train(dataset, Remaining, CancellationToken.None);
        Assert.True(warm.Steps > 0, "no fine-tuning after the warm start");
        Assert.Equal(record.Chosen.ToString(), warm.Nas?.Chosen.ToString());   // no new search
        AssertFinite(warm.Test(dataset, Remaining, CancellationToken.None));
    }
}

/// <summary>Keeps the learner's log lines, to show them when an assertion fails.</summary>
internal sealed class ListLogger : ILogger<TransferLearner>
{
    public List<string> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Add($"{logLevel}: {formatter(state, exception)}");
}
