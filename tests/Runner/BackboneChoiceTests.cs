using AutoVision.Data.AutoDL;
using AutoVision.Runner.Learning;
using AutoVision.Transfer;
using AutoVision.Transfer.Checkpoints;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp.PyBridge;

namespace AutoVision.Runner.Tests;

/// <summary>The learner on the other backbones of the registry (<see cref="BackboneRegistry"/>), on real data.</summary>
[Trait("Category", "Slow")]
[Collection(SlowRuns.Name)]
public class BackboneChoiceTests(TrainedMiniCiao trained) : IClassFixture<TrainedMiniCiao>
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
        // The registry's costs of the entry, refined by what the run measured (a speed factor for this machine now).
        foreach (var cost in new[] { learner.TrainingCost, learner.InferenceCost })
        {
            Assert.True(cost.Measured);
            Assert.True(double.IsFinite(cost.SpeedFactor) && cost.SpeedFactor > 0, $"speed factor {cost.SpeedFactor}");
        }
        Assert.Contains(log.Lines, l => l.Contains("the registry's cost of " + BackboneNames.ResNet18Layer3));
        Assert.Contains("cost measured against the registry's: training", ((AutoVision.Runner.Progress.ILearnerReport)learner).Choices.Backbone);

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
    public void TorchvisionBackbone_WithUserWeights_TrainsAndItsCheckpointPredicts()
    {
        string folder = TestPaths.NewTempDir();
        string weights = Path.Combine(folder, "user-resnet18.safetensors");
        TorchSharp.torch.manual_seed(5);
        using (var user = BackboneRegistry.Create(BackboneNames.TorchvisionResNet18)) user.save_safetensors(weights);
        var dataset = AutoDLDataset.Open(TestPaths.MiniCiao);
        var options = new LearnerOptions { Device = "cpu", Seed = 4, Backbone = BackboneNames.TorchvisionResNet18, WeightsPath = weights };
        using var learner = new TransferLearner(dataset.TrainMetadata, options, NullLogger<TransferLearner>.Instance);
        Assert.Equal(1.0, learner.Model.Backbone.InputScale);   // unit-variance input: no rescaling for fine-tuning
        for (int r = 0; r < 3; r++)
        {
            learner.Train(dataset, Remaining, CancellationToken.None);
            var prediction = learner.Test(dataset, Remaining, CancellationToken.None);
            Assert.NotNull(prediction);
            foreach (var v in prediction) Assert.True(float.IsFinite(v));
        }
        Assert.True(learner.Steps > 0);

        string checkpoints = Path.Combine(folder, "checkpoints");
        learner.SaveCheckpoint(checkpoints, 2);
        using var model = TrainedModel.Load(checkpoints);   // needs no weights file: the checkpoint holds every tensor
        Assert.Equal(BackboneNames.TorchvisionResNet18, model.Metadata.Backbone);
        Assert.Equal([2, 2, 2, 2], model.Classifier.Backbone.Blocks);
        Assert.Equal(InputConvention.ImageNetRgb, model.Classifier.Backbone.Convention);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void ScratchBackbone_TrainsAndLearnsItsBatchNormStatistics()
    {
        var dataset = AutoDLDataset.Open(TestPaths.MiniCiao);
        var options = new LearnerOptions { Device = "cpu", Seed = 4, Backbone = BackboneNames.ScratchResNet10 };
        using var learner = new TransferLearner(dataset.TrainMetadata, options, NullLogger<TransferLearner>.Instance);
        var statsBefore = learner.Model.Backbone.state_dict()["bn1.running_var"].clone();
        for (int r = 0; r < 4; r++)
        {
            learner.Train(dataset, Remaining, CancellationToken.None);
            var prediction = learner.Test(dataset, Remaining, CancellationToken.None);
            Assert.NotNull(prediction);
            foreach (var v in prediction) Assert.True(float.IsFinite(v));
        }
        Assert.True(learner.Steps > 0);
        // Frozen BatchNorm would keep the initial statistics (ones); trained from scratch they follow the data.
        Assert.False(learner.Model.Backbone.state_dict()["bn1.running_var"].allclose(statsBefore, 0, 0), "BatchNorm statistics were not learned");
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
