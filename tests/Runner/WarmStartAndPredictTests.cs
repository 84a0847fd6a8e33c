using System.Globalization;
using AutoVision.Data.AutoDL;
using AutoVision.Data.Caching;
using AutoVision.Runner.Learning;
using AutoVision.Runner.Prediction;
using AutoVision.Transfer;
using AutoVision.Transfer.Checkpoints;
using AutoVision.Transfer.FineTuning;
using AutoVision.Transfer.Nas;
using Microsoft.Extensions.Logging.Abstractions;
using SkiaSharp;
using static TorchSharp.torch;

namespace AutoVision.Runner.Tests;

/// <summary>A model trained on miniciao (two probes and one fine-tuning round), checkpointed once for the tests below.</summary>
public sealed class TrainedMiniCiao : IDisposable
{
    public TrainedMiniCiao()
    {
        Dataset = AutoDLDataset.Open(TestPaths.MiniCiao);
        Folder = TestPaths.NewTempDir();
        using var learner = new TransferLearner(Dataset.TrainMetadata, Options, NullLogger<TransferLearner>.Instance);
        for (int r = 0; r < 3; r++)
        {
            learner.Train(Dataset, TimeSpan.FromSeconds(30), CancellationToken.None);
            learner.Test(Dataset, TimeSpan.FromSeconds(30), CancellationToken.None);
        }
        Steps = learner.Steps;
        learner.SaveCheckpoint(Folder, 2);
    }

    public static LearnerOptions Options { get; } = new() { Device = "cpu", Seed = 4, Backbone = BackboneNames.ResNet18 };

    public AutoDLDataset Dataset { get; }

    /// <summary>The checkpoint folder (best.ckpt and last.ckpt).</summary>
    public string Folder { get; }

    public long Steps { get; }

    /// <summary>The checkpointed model's probabilities for miniciao's test examples at its input size, computed directly.</summary>
    public float[,] ModelPrediction() => CheckpointPrediction.Of(Folder, Dataset);

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

[Trait("Category", "Slow")]
[Collection(SlowRuns.Name)]
public class WarmStartAndPredictTests(TrainedMiniCiao trained) : IClassFixture<TrainedMiniCiao>
{
    private static readonly TimeSpan Remaining = TimeSpan.FromSeconds(30);

    [Fact]
    public void Checkpoint_KeepsWhatPredictionNeeds()
    {
        using var model = TrainedModel.Load(trained.Folder);
        var m = model.Metadata;
        Assert.EndsWith("best.ckpt", model.Path);
        Assert.Equal(10, m.Classes);
        Assert.Equal(3, m.Channels);
        Assert.False(m.MultiLabel);
        Assert.Equal(ResNet18Backbone.FineTuningInputScale, m.InputScale);
        Assert.Equal(trained.Dataset.Classes, m.ClassNames);
    }

    [Fact]
    public void Checkpoint_TopK_BestScoresFirst_EachLoadableForPrediction()
    {
        // 16 held-out examples, so that every round is scored (the fixture's 10 % of 82 is too few to score).
        var options = TrainedMiniCiao.Options with { ValidationFraction = 0.2, TopCheckpoints = 2 };
        string folder = TestPaths.NewTempDir();
        using (var learner = new TransferLearner(trained.Dataset.TrainMetadata, options, NullLogger<TransferLearner>.Instance))
        {
            for (int r = 0; r < 3; r++)
            {
                learner.Train(trained.Dataset, Remaining, CancellationToken.None);
                learner.Test(trained.Dataset, Remaining, CancellationToken.None);
            }
            learner.SaveCheckpoint(folder, 2);
        }
        var store = new CheckpointStore(folder);
        var scores = new List<double>();
        for (int rank = 1; store.Exists(TopCheckpoints.NameOf(rank)); rank++)
        {
            using var model = TrainedModel.Load(store.PathOf(TopCheckpoints.NameOf(rank)));
            Assert.NotNull(model.Metadata.ValidationNauc);
            scores.Add(model.Metadata.ValidationNauc.Value);
        }
        // Three rounds scored (two probes, one fine-tuning round), two kept.
        Assert.Equal(2, scores.Count);
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        using var best = store.Load(CheckpointStore.BestName);
        Assert.True(scores[0] >= best.Metadata.BestValidationNauc!.Value - 1e-12, "top1 must score at least the best model's validation NAUC");
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void WarmStart_SameClasses_RoundZeroHandsInTheEarlierModelsPrediction_ThenFineTunes()
    {
        // Plain predictions (no flip TTA), so that round 0's prediction is the checkpointed model's own.
        var options = TrainedMiniCiao.Options with { TestTimeFlip = false };
        using var learner = new TransferLearner(trained.Dataset.TrainMetadata, options, NullLogger<TransferLearner>.Instance);

        Assert.Equal(WarmStartKind.Whole, learner.WarmStart(trained.Folder));
        learner.Train(trained.Dataset, Remaining, CancellationToken.None);
        var first = learner.Test(trained.Dataset, Remaining, CancellationToken.None)!;

        var expected = trained.ModelPrediction();
        Assert.Equal(expected.GetLength(0), first.GetLength(0));
        for (int i = 0; i < expected.GetLength(0); i++)
            for (int c = 0; c < expected.GetLength(1); c++)
                Assert.Equal(expected[i, c], first[i, c], 5);
        Assert.Equal(0, learner.Steps);

        learner.Train(trained.Dataset, Remaining, CancellationToken.None);   // no second probe: straight to fine-tuning
        Assert.True(learner.Steps > 0, "the round after a whole-network warm start did not fine-tune");
    }

    [Fact]
    public void WarmStart_OtherClasses_TakesTheTrunkAndLeavesTheHead()
    {
        string folder = TestPaths.NewTempDir();
        using (var other = new ImageClassifier(PretrainedResNet18.Load(), 4))
        {
            using var _ = no_grad();
            foreach (var p in other.Backbone.parameters()) p.add_(0.01f);   // a trunk that differs from ImageNet's
            other.Backbone.RescaleInput(ResNet18Backbone.FineTuningInputScale);
            using var snapshot = ModelSnapshot.Capture(other);
            new CheckpointStore(folder).Save(CheckpointStore.BestName, new CheckpointMetadata { Classes = 4, InputSize = 64, Channels = 3 }, null, snapshot);
        }
        using var saved = new CheckpointStore(folder).Load(CheckpointStore.BestName);
        using var learner = new TransferLearner(trained.Dataset.TrainMetadata, TrainedMiniCiao.Options, NullLogger<TransferLearner>.Instance);
        var headBefore = learner.Model.Head.weight!.clone();

        Assert.Equal(WarmStartKind.Trunk, learner.WarmStart(folder));

        var live = learner.Model.state_dict();
        foreach (var (name, value) in saved.State.Tensors.Where(t => !t.Name.StartsWith("head.", StringComparison.Ordinal)))
            Assert.True(live[name].cpu().allclose(value, 0, 0), $"trunk tensor {name} was not taken from the checkpoint");
        Assert.True(learner.Model.Head.weight!.allclose(headBefore, 0, 0), "the head of a task with other classes must stay as it was");
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void WarmStart_NoCheckpoint_NamesWhatWasLookedFor()
    {
        using var learner = new TransferLearner(trained.Dataset.TrainMetadata, TrainedMiniCiao.Options, NullLogger<TransferLearner>.Instance);
        string missing = Path.Combine(TestPaths.NewTempDir(), "no-run-here");
        var ex = Assert.Throws<FileNotFoundException>(() => learner.WarmStart(missing));
        Assert.Contains(missing, ex.Message);
        Assert.Contains("checkpoints/best.ckpt", ex.Message);
    }

    [Fact]
    public void Predict_WritesOneRowPerImageInOrder_AndKeepsTheRowOfAnUnreadableImage()
    {
        string images = TestPaths.NewTempDir();
        var test = trained.Dataset.ReadTest();
        WritePng(test[0], Path.Combine(images, "a.png"));
        File.WriteAllBytes(Path.Combine(images, "b.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);   // a PNG signature, then nothing
        WritePng(test[1], Path.Combine(images, "c.png"));
        string csvPath = Path.Combine(images, "out", "predictions.csv");

        var outcome = new PredictJob(NullLogger<PredictJob>.Instance).Run(trained.Folder, [images], csvPath, "cpu", CancellationToken.None);

        Assert.Equal(3, outcome.Rows);
        Assert.Equal(1, outcome.Failed);
        var lines = File.ReadAllLines(csvPath);
        Assert.Equal(4, lines.Length);
        Assert.Equal("path,prediction," + string.Join(",", trained.Dataset.Classes!) + ",error", lines[0]);
        var expected = trained.ModelPrediction();
        AssertRow(lines[1], Path.Combine(images, "a.png"), expected, 0);
        var broken = lines[2].Split(',');
        Assert.Equal(Path.Combine(images, "b.png"), broken[0]);
        Assert.All(broken.Skip(1).Take(11), Assert.Empty);
        Assert.Contains("not a readable image", lines[2]);
        AssertRow(lines[3], Path.Combine(images, "c.png"), expected, 1);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(csvPath)!, ".*tmp*"));
        Directory.Delete(images, recursive: true);
    }

    [Fact]
    public void Restore_AfterARollbackPastTheSearch_ContinuesWithTheClassifier()
    {
        // The state a rollback past the architecture search leaves: the search's record (nas.json) in the checkpoint
        // folder, but last and best hold the classifier's weights (the derived model was given up).
        string folder = TestPaths.NewTempDir();
        foreach (var file in Directory.GetFiles(trained.Folder)) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        var searched = new Architecture(
            [new("layer3.0", BlockOp.Adapter), new("layer3.1", BlockOp.Skip), new("layer4.0", BlockOp.SqueezeExcite),
             new("layer4.1", BlockOp.Keep), new("layer4.2", BlockOp.Adapter)], HeadOp.Mlp);
        NasCheckpoint.Save(folder, new NasRecord { Chosen = searched, Decisions = new Dictionary<string, IReadOnlyList<string>>(), History = [], StoppedBy = "slice" });

        using var resumed = new TransferLearner(trained.Dataset.TrainMetadata, TrainedMiniCiao.Options, NullLogger<TransferLearner>.Instance);
        resumed.Restore(folder);
        Assert.Equal(searched.ToString(), resumed.Nas!.Chosen.ToString());   // the record stays for the report
        resumed.Train(trained.Dataset, Remaining, CancellationToken.None);
        Assert.True(resumed.Steps > trained.Steps, "the resumed learner did not fine-tune");
        var prediction = resumed.Test(trained.Dataset, Remaining, CancellationToken.None);
        Assert.NotNull(prediction);
        foreach (var v in prediction) Assert.True(float.IsFinite(v));

        // Its next checkpoint is the classifier's and says so.
        resumed.SaveCheckpoint(folder, 5);
        using var last = CheckpointStore.LoadFile(Path.Combine(folder, "last.ckpt"));
        Assert.Null(last.Metadata.Architecture);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Predict_NoImages_IsRefusedWithTheInputsNamed()
    {
        string empty = TestPaths.NewTempDir();
        var ex = Assert.Throws<ArgumentException>(() =>
            new PredictJob(NullLogger<PredictJob>.Instance).Run(trained.Folder, [empty], null, "cpu", CancellationToken.None));
        Assert.Contains(empty, ex.Message);
    }

    private void AssertRow(string line, string path, float[,] expected, int row)
    {
        var fields = line.Split(',');
        Assert.Equal(path, fields[0]);
        var p = fields.Skip(2).Take(10).Select(f => float.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        for (int c = 0; c < 10; c++) Assert.Equal(expected[row, c], p[c], 5);
        int best = Array.IndexOf(p, p.Max());
        Assert.Equal(trained.Dataset.Classes![best], fields[1]);
        Assert.Equal("", fields[^1]);
    }

    /// <summary>Writes an example's pixels losslessly (its values are u8/255, so they come back exactly).</summary>
    private static void WritePng(AutoDLExample e, string path)
    {
        using var bitmap = new SKBitmap(e.Width, e.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        for (int y = 0; y < e.Height; y++)
            for (int x = 0; x < e.Width; x++)
            {
                int i = (y * e.Width + x) * e.Channels;
                byte R(int c) => (byte)Math.Round(e.Values[i + c] * 255f);
                bitmap.SetPixel(x, y, new SKColor(R(0), R(1), R(2)));
            }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
