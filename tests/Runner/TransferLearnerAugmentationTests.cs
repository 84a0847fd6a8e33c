using AutoVision.Data.AutoDL;
using AutoVision.Policies;
using AutoVision.Policies.Search;
using AutoVision.Runner.Learning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AutoVision.Runner.Tests;

/// <summary>The faa-search augmentation inside the transfer learner, on real data.</summary>
[Trait("Category", "Slow")]
[Collection(SlowRuns.Name)]
public class TransferLearnerAugmentationTests
{
    [Fact]
    public void SearchAugmentation_AfterTraining_ScoresCandidatesAndKeepsOnlyWhatBeatsNoAugmentation()
    {
        var dataset = AutoDLDataset.Open(TestPaths.MiniCiao);
        var log = new LinesLogger();
        using var learner = new TransferLearner(dataset.TrainMetadata,
            // 30 % held out (miniciao has 82 examples: the default 10 % holds out none); the probe at the fine-tuning size.
            new LearnerOptions
            {
                Device = "cpu", Seed = 2, Augmentation = "faa-search", ValidationFraction = 0.3, ProbeInputSize = 32, InputSize = 32,
            },
            log);
        learner.Train(dataset, TimeSpan.FromSeconds(60), CancellationToken.None);   // the probe: a model and the data
        Assert.Null(learner.SearchResult);

        // Three trials whatever the machine's speed: the slice is generous, the trial count is the limit.
        learner.SearchOptions = new DensityMatchingOptions { MaxFolds = 1, MaxTrialsPerFold = 3, StartupTrials = 3, TopTrials = 2, Seed = 2 };
        learner.SearchAugmentation(TimeSpan.FromMinutes(10), CancellationToken.None);

        var result = learner.SearchResult;
        Assert.True(result is not null, string.Join("\n", log.Lines));
        Assert.Equal(3, result.Trials);
        Assert.Equal(1, result.Folds);
        Assert.True(double.IsFinite(result.BaselineScore) && result.BaselineScore > 0);
        Assert.NotNull(result.Policy);
        Assert.Equal(result.Improves, learner.FoundPolicy is not null);
        Assert.Equal(result.Improves, result.PolicyScore < result.BaselineScore);
        Assert.Contains(log.Lines, l => l.StartsWith("Augmentation search: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Checkpoint_FoundPolicy_IsWrittenIntoTheOutputFolderAndRestored()
    {
        var dataset = AutoDLDataset.Open(TestPaths.MiniCiao);
        var options = new LearnerOptions { Device = "cpu", Seed = 2, Augmentation = "faa-search" };
        string output = Path.Combine(Path.GetTempPath(), "av-policy-" + Guid.NewGuid().ToString("N"));
        string checkpoints = Path.Combine(output, "checkpoints");
        var policy = new Policy([new SubPolicy(new PolicyOperation("Rotate", 0.4, 0.9), new PolicyOperation("Color", 0.5, 0.3))]);
        try
        {
            using (var learner = new TransferLearner(dataset.TrainMetadata, options, NullLogger<TransferLearner>.Instance))
            {
                learner.Train(dataset, TimeSpan.FromSeconds(30), CancellationToken.None);
                learner.UsePolicy(policy);
                learner.SaveCheckpoint(checkpoints, 0);
            }
            Assert.Equal(policy.ToJson(), File.ReadAllText(Path.Combine(output, TransferLearner.PolicyFileName)));
            using var restored = new TransferLearner(dataset.TrainMetadata, options, NullLogger<TransferLearner>.Instance);
            restored.Restore(checkpoints);
            Assert.Equal(policy.ToJson(), restored.FoundPolicy!.ToJson());
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>Keeps the learner's log lines, to show them when an assertion fails.</summary>
    private sealed class LinesLogger : ILogger<TransferLearner>
    {
        public List<string> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
