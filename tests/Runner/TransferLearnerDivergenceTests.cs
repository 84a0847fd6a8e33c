using AutoVision.Budget;
using AutoVision.Data.AutoDL;
using AutoVision.Runner.Ingestion;
using AutoVision.Runner.Learning;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace AutoVision.Runner.Tests;

/// <summary>The transfer learner on real data with a learning rate that makes fine-tuning diverge at once.</summary>
[Trait("Category", "Slow")]
[Collection(SlowRuns.Name)]
public class TransferLearnerDivergenceTests(ITestOutputHelper output)
{
    [Fact]
    public void Run_LearningRateOf1e6_RollsBackHalvesTheRateAndKeepsHandingInFinitePredictions()
    {
        var dataset = AutoDLDataset.Open(TestPaths.MiniCiao);
        var dir = TestPaths.NewTempDir();
        TransferLearner? learner = null;
        var loop = new IngestionLoop(NullLogger<IngestionLoop>.Instance, TimeProvider.System);
        var result = loop.Run(dataset,
            () => learner = new TransferLearner(dataset.TrainMetadata, new LearnerOptions { Device = "cpu", Seed = 2, LearningRate = 1e6 },
                NullLogger<TransferLearner>.Instance),
            new TimeBudget(TimeSpan.FromSeconds(12)), dir, CancellationToken.None);

        Assert.True(result.Success, result.Error?.ToString());
        Assert.NotNull(learner);
        output.WriteLine($"{result.Predictions.Count} predictions, {learner.Rollbacks} rollbacks, learning rate now {learner.LearningRate:G3}, rounds {learner.Round}");
        Assert.True(learner.Rollbacks >= 1, "no rollback");
        Assert.True(learner.LearningRate < 1e6);
        Assert.True(result.Predictions.Count >= 4, $"{result.Predictions.Count} predictions");   // rounds after the divergence still hand in
        foreach (var p in result.Predictions)
        {
            var values = IndependentScorer.ReadMatrix(p.Path);
            Assert.All(values.SelectMany(r => r), v => Assert.True(double.IsFinite(v), $"{p.Path} holds {v}"));
        }
    }
}
