using AutoVision.Data.AutoDL;
using AutoVision.Runner.Learning;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;

namespace AutoVision.Runner.Tests;

/// <summary>The transfer learner on real data with faults injected into its fine-tuning steps.</summary>
[Trait("Category", "Slow")]
[Collection(SlowRuns.Name)]
public class TransferLearnerFaultTests
{
    private static readonly TimeSpan Remaining = TimeSpan.FromSeconds(60);

    /// <summary>Round 0 and 1 are probes; from round 2 on the learner fine-tunes (where the faults are injected).</summary>
    private static (TransferLearner Learner, AutoDLDataset Data) ThroughTheProbes()
    {
        var dataset = AutoDLDataset.Open(TestPaths.MiniCiao);
        var learner = new TransferLearner(dataset.TrainMetadata, new LearnerOptions { Device = "cpu", Seed = 4 }, NullLogger<TransferLearner>.Instance);
        for (int r = 0; r < 2; r++)
        {
            learner.Train(dataset, Remaining, CancellationToken.None);
            AssertFinite(learner.Test(dataset, Remaining, CancellationToken.None));
        }
        return (learner, dataset);
    }

    private static void AssertFinite(float[,]? prediction)
    {
        Assert.NotNull(prediction);
        foreach (var v in prediction) Assert.True(float.IsFinite(v));
    }

    [Fact]
    public void Train_AllocatorFailsAboveEightExamples_GoesOnWithBatchesOfEight()
    {
        var (learner, dataset) = ThroughTheProbes();
        using var _ = learner;
        int failures = 0;
        learner.BeforeStep = batch =>
        {
            if (batch <= 8) return;
            failures++;
            using var huge = torch.empty(1L << 45);   // a real libtorch allocation failure (512 TB)
        };

        learner.Train(dataset, Remaining, CancellationToken.None);

        Assert.Equal(2, failures);           // 32 -> 16 -> 8
        Assert.Equal(8, learner.BatchLimit);
        Assert.Equal(0, learner.Rollbacks);
        Assert.True(learner.Steps > 0, "no step was trained after the batch was reduced");
        AssertFinite(learner.Test(dataset, Remaining, CancellationToken.None));
    }

    [Fact]
    public void Train_RoundFails_RollsBackAndTheLastGoodPredictionStands()
    {
        var (learner, dataset) = ThroughTheProbes();
        using var _ = learner;
        var before = learner.Test(dataset, Remaining, CancellationToken.None)!;
        learner.BeforeStep = _ => throw new InvalidOperationException("injected fault");

        learner.Train(dataset, Remaining, CancellationToken.None);

        Assert.Equal(1, learner.Rollbacks);
        var after = learner.Test(dataset, Remaining, CancellationToken.None)!;
        Assert.Equal(before, after);
    }
}
