using AutoVision.Data.AutoDL;
using AutoVision.Runner.Learning;
using AutoVision.Transfer;
using AutoVision.Transfer.Checkpoints;
using Microsoft.Extensions.Logging.Abstractions;

namespace AutoVision.Runner.Tests;

/// <summary>The learner on the ResNet18 truncated after layer3 (<see cref="BackboneNames.ResNet18Layer3"/>), on real data.</summary>
[Trait("Category", "Slow")]
[Collection(SlowRuns.Name)]
public class TruncatedBackboneTests(TrainedMiniCiao trained) : IClassFixture<TrainedMiniCiao>
{
    private static readonly TimeSpan Remaining = TimeSpan.FromSeconds(30);

    [Fact]
    public void Layer3Backbone_TrainsPredictsAndCheckpoints_WithoutSearchingTheArchitecture()
    {
        var dataset = AutoDLDataset.Open(TestPaths.MiniCiao);
        var options = new LearnerOptions { Device = "cpu", Seed = 4, Backbone = BackboneNames.ResNet18Layer3, Nas = "on", ValidationFraction = 0.2 };
        var log = new ListLogger();
        using var learner = new TransferLearner(dataset.TrainMetadata, options, log);
        Assert.Equal(256, learner.Model.Backbone.FeatureSize);
        for (int r = 0; r < 4; r++)
        {
            learner.Train(dataset, Remaining, CancellationToken.None);
            var prediction = learner.Test(dataset, Remaining, CancellationToken.None);
            Assert.NotNull(prediction);
            foreach (var v in prediction) Assert.True(float.IsFinite(v));
        }
        Assert.True(learner.Steps > 0, "round 2 and 3 should fine-tune (the search is skipped)");
        Assert.Null(learner.Nas);
        Assert.Contains(log.Lines, l => l.Contains("architecture search skipped") && l.Contains(BackboneNames.ResNet18Layer3));

        string folder = TestPaths.NewTempDir();
        learner.SaveCheckpoint(folder, 3);
        using (var model = TrainedModel.Load(folder))
        {
            Assert.Equal(BackboneNames.ResNet18Layer3, model.Metadata.Backbone);
            Assert.Equal(3, model.Classifier.Backbone.Depth);
        }

        using var resumed = new TransferLearner(dataset.TrainMetadata, options, NullLogger<TransferLearner>.Instance);
        resumed.Restore(folder);
        Assert.Equal(learner.Steps, resumed.Steps);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void WarmStart_FromTheWholeNetwork_TakesItsFirstThreeStagesAsTheTrunk()
    {
        var options = TrainedMiniCiao.Options with { Backbone = BackboneNames.ResNet18Layer3 };
        using var learner = new TransferLearner(trained.Dataset.TrainMetadata, options, NullLogger<TransferLearner>.Instance);

        // Same classes, other backbone: the head does not fit, so only the trunk is taken.
        Assert.Equal(WarmStartKind.Trunk, learner.WarmStart(trained.Folder));

        using var saved = CheckpointStore.LoadFile(TrainedModel.FindCheckpoint(trained.Folder));
        var live = learner.Model.state_dict();
        foreach (var (name, value) in saved.State.Tensors.Where(t => live.ContainsKey(t.Name) && !t.Name.StartsWith("head.", StringComparison.Ordinal)))
            Assert.True(live[name].cpu().allclose(value, 0, 0), $"trunk tensor {name} was not taken from the checkpoint");
        Assert.DoesNotContain(live.Keys, k => k.Contains("layer4", StringComparison.Ordinal));
    }
}
