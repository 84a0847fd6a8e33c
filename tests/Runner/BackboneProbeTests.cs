using AutoVision.Data;
using AutoVision.Data.AutoDL;
using AutoVision.Runner.Learning;
using AutoVision.Transfer;
using AutoVision.Transfer.Checkpoints;
using Microsoft.Extensions.Logging.Abstractions;
using SkiaSharp;

namespace AutoVision.Runner.Tests;

/// <summary>
/// The backbone probe (<c>learner.backbone auto</c>): it switches to the network trained from scratch where ImageNet
/// features do not help — code grids, whose class is which cells are set — and keeps the pretrained backbone on photos.
/// </summary>
[Trait("Category", "Slow")]
[Collection(SlowRuns.Name)]
public class BackboneProbeTests
{
    private static readonly TimeSpan Remaining = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Ten classes, each a fixed random 8×8 binary code word; an example is its class's word with every cell flipped
    /// with probability 0.25, drawn as a 32×32 image (4×4 pixels per cell), written as a CSV manifest and converted to
    /// the AutoDL format as <c>run</c> does (the benchmark's <c>bench/data/make_bitgrid.py</c> makes the same kind).
    /// </summary>
    private static string MakeCodeGrids(int train, int test, int seed)
    {
        string root = TestPaths.NewTempDir();
        var rng = new Random(seed);
        const int classes = 10, cells = 8, cell = 4;
        var words = new bool[classes, cells, cells];
        for (int k = 0; k < classes; k++)
            for (int r = 0; r < cells; r++)
                for (int c = 0; c < cells; c++)
                    words[k, r, c] = rng.Next(2) == 1;
        var rows = new List<string> { "path,label,split" };
        for (int i = 0; i < train + test; i++)
        {
            int label = i % classes;
            using var bitmap = new SKBitmap(cells * cell, cells * cell, SKColorType.Rgba8888, SKAlphaType.Opaque);
            for (int r = 0; r < cells; r++)
                for (int c = 0; c < cells; c++)
                {
                    bool on = words[label, r, c] ^ (rng.NextDouble() < 0.25);
                    var colour = on ? SKColors.White : SKColors.Black;
                    for (int y = 0; y < cell; y++)
                        for (int x = 0; x < cell; x++)
                            bitmap.SetPixel(c * cell + x, r * cell + y, colour);
                }
            string name = $"grid_{i:D4}.png";
            using (var data = bitmap.Encode(SKEncodedImageFormat.Png, 100)) File.WriteAllBytes(Path.Combine(root, name), data.ToArray());
            rows.Add($"{name},class{label},{(i >= train ? "test" : "train")}");
        }
        File.WriteAllLines(Path.Combine(root, "manifest.csv"), rows);
        return AutoDLWriter.Write(DatasetSources.Open(Path.Combine(root, "manifest.csv")), Path.Combine(root, "autodl"), "grids").DatasetDir;
    }

    [Fact]
    public void CodeGrids_SwitchToTheScratchNetwork_WhichTrainsCheckpointsResumesAndPredicts()
    {
        var dataset = AutoDLDataset.Open(MakeCodeGrids(train: 600, test: 100, seed: 3));
        var options = new LearnerOptions { Device = "cpu", Seed = 5 };   // learner.backbone auto
        using var learner = new TransferLearner(dataset.TrainMetadata, options, NullLogger<TransferLearner>.Instance);
        Assert.Equal(BackboneNames.ResNet18Layer3, learner.Backbone.Name);

        learner.Train(dataset, Remaining, CancellationToken.None);
        learner.Test(dataset, Remaining, CancellationToken.None);
        Assert.Null(learner.BackboneProbe);   // round 1 probes
        double pretrained = learner.BestValidationNauc!.Value;
        string folder = TestPaths.NewTempDir();
        learner.SaveCheckpoint(folder, 0);   // best and top-k files of the pretrained network's probe

        learner.Train(dataset, Remaining, CancellationToken.None);
        var probe = learner.BackboneProbe;
        Assert.NotNull(probe);
        Assert.Equal(pretrained, probe!.PretrainedNauc!.Value, 9);
        Assert.True(probe.Switched, probe.Describe());
        Assert.True(probe.ScratchNauc >= pretrained + TransferLearner.ScratchProbeMargin, probe.Describe());
        Assert.Equal(BackboneNames.ScratchResNet10, learner.Backbone.Name);
        Assert.Equal(3, learner.Model.Backbone.Depth);
        Assert.Equal(probe.ScratchNauc, learner.BestValidationNauc);   // the random features' head now predicts
        var afterProbe = learner.Test(dataset, Remaining, CancellationToken.None);
        Assert.NotNull(afterProbe);

        for (int r = 2; r < 4; r++)
        {
            learner.Train(dataset, Remaining, CancellationToken.None);
            learner.Test(dataset, Remaining, CancellationToken.None);
        }
        Assert.True(learner.Steps > 0, "the scratch network never trained");
        var choices = ((AutoVision.Runner.Progress.ILearnerReport)learner).Choices;
        Assert.Contains(probe.Describe(), choices.Backbone);
        Assert.StartsWith("backbone trained from scratch + linear head", choices.Architecture);

        learner.SaveCheckpoint(folder, 3);
        using (var model = TrainedModel.Load(folder))
        {
            Assert.Equal(BackboneNames.ScratchResNet10, model.Metadata.Backbone);
            Assert.Equal(3, model.Classifier.Backbone.Depth);
        }
        // Every checkpoint file left in the folder is the scratch network's: none of the pretrained one's survived
        // the switch under a name that now says scratch (loading one would fail on its tensors' shapes).
        var files = Directory.GetFiles(folder, "*.ckpt");
        Assert.Contains(files, f => Path.GetFileName(f).StartsWith(TopCheckpoints.NameOf(1), StringComparison.Ordinal));
        foreach (string file in files)
        {
            using var model = TrainedModel.Load(file);
            Assert.Equal(BackboneNames.ScratchResNet10, model.Metadata.Backbone);
        }

        // Resuming with the same (auto) settings continues on the checkpoint's backbone, not on what auto resolves to.
        using var resumed = new TransferLearner(dataset.TrainMetadata, options, NullLogger<TransferLearner>.Instance);
        resumed.Restore(folder);
        Assert.Equal(BackboneNames.ScratchResNet10, resumed.Backbone.Name);
        Assert.Equal(learner.Steps, resumed.Steps);
        resumed.Train(dataset, Remaining, CancellationToken.None);
        Assert.NotNull(resumed.Test(dataset, Remaining, CancellationToken.None));

        // Production retraining with the same (auto) settings: a warm start takes the whole scratch network.
        using var retrained = new TransferLearner(dataset.TrainMetadata, options, NullLogger<TransferLearner>.Instance);
        Assert.Equal(WarmStartKind.Whole, retrained.WarmStart(folder));
        Assert.Equal(BackboneNames.ScratchResNet10, retrained.Backbone.Name);
        retrained.Train(dataset, Remaining, CancellationToken.None);
        Assert.NotNull(retrained.Test(dataset, Remaining, CancellationToken.None));
        Assert.Null(retrained.BackboneProbe);   // no probe after a warm start

        // A checkpoint refused for another reason (here the input size) leaves an auto learner on its own backbone.
        using var otherSize = new TransferLearner(dataset.TrainMetadata, options with { InputSize = 96 }, NullLogger<TransferLearner>.Instance);
        Assert.Throws<InvalidDataException>(() => otherSize.Restore(folder));
        Assert.Equal(BackboneNames.ResNet18Layer3, otherSize.Backbone.Name);

        // A named backbone is never switched, and its resume refuses a checkpoint of another backbone.
        using var named = new TransferLearner(dataset.TrainMetadata, options with { Backbone = BackboneNames.ResNet18Layer3 }, NullLogger<TransferLearner>.Instance);
        var refused = Assert.Throws<InvalidDataException>(() => named.Restore(folder));
        Assert.Contains(BackboneNames.ScratchResNet10, refused.Message);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void CodeGrids_WithANamedBackbone_AreNotProbed()
    {
        var dataset = AutoDLDataset.Open(MakeCodeGrids(train: 600, test: 100, seed: 4));
        var options = new LearnerOptions { Device = "cpu", Seed = 5, Backbone = BackboneNames.ResNet18Layer3 };
        using var learner = new TransferLearner(dataset.TrainMetadata, options, NullLogger<TransferLearner>.Instance);
        for (int r = 0; r < 2; r++)
        {
            learner.Train(dataset, Remaining, CancellationToken.None);
            learner.Test(dataset, Remaining, CancellationToken.None);
        }
        Assert.Null(learner.BackboneProbe);
        Assert.Equal(BackboneNames.ResNet18Layer3, learner.Backbone.Name);
    }

    [Fact]
    public void FashionMnist_KeepsThePretrainedBackbone()
    {
        var dataset = AutoDLDataset.Open(TestPaths.Sample);
        using var learner = new TransferLearner(dataset.TrainMetadata, new LearnerOptions { Device = "cpu", Seed = 5 }, NullLogger<TransferLearner>.Instance);
        for (int r = 0; r < 2; r++)
        {
            learner.Train(dataset, Remaining, CancellationToken.None);
            learner.Test(dataset, Remaining, CancellationToken.None);
        }
        var probe = learner.BackboneProbe;
        Assert.NotNull(probe);
        Assert.False(probe!.Switched, probe.Describe());
        Assert.True(probe.ScratchNauc < probe.PretrainedNauc, probe.Describe());   // photos: pretrained features ahead
        Assert.Equal(BackboneNames.ResNet18Layer3, learner.Backbone.Name);
    }
}
