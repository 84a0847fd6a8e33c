using AutoVision.Transfer.Checkpoints;
using AutoVision.Transfer.FineTuning;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Tests;

[Collection(TorchCollection.Name)]
public class CheckpointStoreTests
{
    /// <summary>A seeded 3-class ResNet18 classifier in eval mode (random weights).</summary>
    internal static ImageClassifier NewModel(int seed)
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(seed);
        var model = new ImageClassifier(new ResNet18Backbone(), 3);
        model.eval();
        return model;
    }

    /// <summary>The model's outputs for <paramref name="batch"/>, flattened.</summary>
    internal static float[] Predict(ImageClassifier model, Tensor batch)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return model.call(batch).contiguous().data<float>().ToArray();
    }

    [Fact]
    public void SaveLoad_IntoAFreshModel_GivesBitwiseIdenticalPredictions()
    {
        var dir = Path.Combine(Path.GetTempPath(), "autovision-tests", Guid.NewGuid().ToString("N"), "checkpoints");
        var (images, _) = SyntheticImages.DiscsAndSquares(4, 48, seed: 5);
        using var batch = images;
        using var original = NewModel(1);
        var expected = Predict(original, batch);
        var metadata = new CheckpointMetadata { Round = 4, LearningRate = 0.005, BestValidationNauc = 0.93, InputSize = 64, InputHeight = 48, InputWidth = 128, Classes = 3, Seed = 1, LastPredictionIndex = 3 };
        var best = new float[,] { { 0.1f, 0.2f, 0.7f }, { 0.5f, 0.25f, 0.25f } };
        using (var snapshot = ModelSnapshot.Capture(original))
            new CheckpointStore(dir).Save(CheckpointStore.LastName, metadata, best, snapshot);
        Assert.Empty(Directory.GetFiles(dir, "temp_*"));

        using var fresh = NewModel(2);
        Assert.NotEqual(expected, Predict(fresh, batch));
        using var loaded = new CheckpointStore(dir).Load(CheckpointStore.LastName);
        loaded.State.RestoreInto(fresh);

        Assert.Equal(expected, Predict(fresh, batch));   // bitwise: float equality of every logit
        Assert.Equal(metadata, loaded.Metadata with { });
        Assert.Equal(best, loaded.BestPrediction);
    }

    [Fact]
    public void Capture_ThenTraining_LeavesTheSnapshotUnchanged()
    {
        using var model = NewModel(3);
        using var snapshot = ModelSnapshot.Capture(model);
        var (name, value) = snapshot.Tensors.First(t => t.Name.EndsWith("weight", StringComparison.Ordinal));
        var before = value.data<float>().ToArray();
        using (no_grad())
            foreach (var p in model.parameters()) p.add_(1.0f);   // a "training step" on the live weights

        Assert.Equal(before, value.data<float>().ToArray());
        snapshot.RestoreInto(model);
        Assert.Equal(before, model.state_dict()[name].data<float>().ToArray());
    }

    [Fact]
    public void Load_TruncatedFile_SaysWhichFile()
    {
        var dir = Path.Combine(Path.GetTempPath(), "autovision-tests", Guid.NewGuid().ToString("N"));
        var store = new CheckpointStore(dir);
        using (var model = NewModel(4))
        using (var snapshot = ModelSnapshot.Capture(model))
            store.Save(CheckpointStore.BestName, new CheckpointMetadata(), null, snapshot);
        var path = store.PathOf(CheckpointStore.BestName);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var ex = Assert.Throws<InvalidDataException>(() => store.Load(CheckpointStore.BestName));
        Assert.Contains(path, ex.Message);
    }
}
