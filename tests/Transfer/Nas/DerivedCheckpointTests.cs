using AutoVision.Transfer.Checkpoints;
using AutoVision.Transfer.Nas;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Tests.Nas;

/// <summary>A checkpoint of a model the architecture search derived (added modules, MLP head) loads back for
/// prediction as that model.</summary>
[Collection(TorchCollection.Name)]
public sealed class DerivedCheckpointTests
{
    private static readonly Architecture Chosen = new(
        [new("layer3.0", BlockOp.SqueezeExcite), new("layer3.1", BlockOp.Skip), new("layer4.0", BlockOp.Adapter),
         new("layer4.1", BlockOp.Keep), new("layer4.2", BlockOp.Adapter)],
        HeadOp.Mlp);

    /// <summary>A derived model whose added modules are no longer the identity, saved as <c>best</c> in a new folder;
    /// returns the folder and the model's probabilities for <paramref name="images"/>.</summary>
    private static (string Folder, float[] Expected) SaveDerived(Tensor images, bool recordArchitecture, bool writeNasRecord)
    {
        string folder = Path.Combine(Path.GetTempPath(), "autovision-tests", Guid.NewGuid().ToString("N"), "checkpoints");
        var classifier = NasTestModels.Classifier(seed: 3);
        var derived = AdaptationSupernet.Build(classifier, Chosen);
        using (no_grad())
        {
            manual_seed(9);
            foreach (var (name, p) in derived.named_parameters())
                if (!name.StartsWith("backbone.", StringComparison.Ordinal)) p.add_(randn_like(p).mul_(0.05f));
        }
        derived.eval();
        float[] expected;
        using (no_grad())
        using (var scope = NewDisposeScope())
            expected = nn.functional.softmax(derived.call(images), 1).contiguous().data<float>().ToArray();
        var metadata = new CheckpointMetadata { Classes = NasTestModels.Classes, InputSize = 32, Channels = 3, Architecture = recordArchitecture ? Chosen : null };
        using (var snapshot = ModelSnapshot.Capture(derived))
            new CheckpointStore(folder).Save(CheckpointStore.BestName, metadata, null, snapshot);
        if (writeNasRecord)
            NasCheckpoint.Save(folder, new NasRecord
            {
                Chosen = Chosen,
                Decisions = new Dictionary<string, IReadOnlyList<string>>(),
                History = [],
                StoppedBy = "slice",
            });
        derived.Dispose();
        classifier.Dispose();
        return (folder, expected);
    }

    private static float[] Predict(TrainedModel model, Tensor images)
    {
        using var scope = NewDisposeScope();
        return model.Probabilities(images).contiguous().data<float>().ToArray();
    }

    [Fact]
    public void Load_ArchitectureInMetadata_RebuildsTheDerivedModelAndPredictsAsIt()
    {
        var (images, _) = NasTestModels.Batch(5, 32, seed: 21);
        using var batch = images;
        var (folder, expected) = SaveDerived(batch, recordArchitecture: true, writeNasRecord: false);

        using var model = TrainedModel.Load(folder);

        Assert.NotNull(model.Derived);
        Assert.Equal(Chosen.ToString(), model.Metadata.Architecture!.ToString());
        Assert.Same(model.Derived, model.Network);
        var actual = Predict(model, batch);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 6);
    }

    [Fact]
    public void Load_OlderCheckpointWithoutArchitecture_TakesItFromTheNasRecordBeside()
    {
        var (images, _) = NasTestModels.Batch(4, 32, seed: 22);
        using var batch = images;
        var (folder, expected) = SaveDerived(batch, recordArchitecture: false, writeNasRecord: true);

        using var model = TrainedModel.Load(folder);

        Assert.Equal(Chosen.ToString(), model.Derived!.Architecture.ToString());
        var actual = Predict(model, batch);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 6);
    }

    [Fact]
    public void Load_DerivedWeightsWithNoArchitectureAnywhere_FailsNamingTheFile()
    {
        var (images, _) = NasTestModels.Batch(2, 32, seed: 23);
        using var batch = images;
        var (folder, _) = SaveDerived(batch, recordArchitecture: false, writeNasRecord: false);

        var ex = Assert.Throws<InvalidDataException>(() => TrainedModel.Load(folder));

        Assert.Contains(Path.Combine(folder, "best.ckpt"), ex.Message);
    }

    [Fact]
    public void Load_PlainClassifier_HasNoDerivedModel()
    {
        string folder = Path.Combine(Path.GetTempPath(), "autovision-tests", Guid.NewGuid().ToString("N"));
        using (var classifier = NasTestModels.Classifier(seed: 5))
        using (var snapshot = ModelSnapshot.Capture(classifier))
            new CheckpointStore(folder).Save(CheckpointStore.BestName, new CheckpointMetadata { Classes = NasTestModels.Classes, InputSize = 32, Channels = 3 }, null, snapshot);

        using var model = TrainedModel.Load(folder);

        Assert.Null(model.Derived);
        Assert.Null(model.Metadata.Architecture);
        Assert.Same(model.Classifier, model.Network);
    }
}
