using AutoVision.Transfer.Checkpoints;
using AutoVision.Transfer.FineTuning;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Tests;

[Collection(TorchCollection.Name)]
public sealed class BackboneRegistryTests(PretrainedModelFixture fixture)
{
    private static nn.Module<Tensor, Tensor> Child(nn.Module module, string name) =>
        (nn.Module<Tensor, Tensor>)module.named_children().Single(c => c.name == name).module;

    [Fact]
    public void Layer3_HoldsTheWholeNetworksWeightsWithoutLayer4()
    {
        using var truncated = BackboneRegistry.LoadPretrained(BackboneNames.ResNet18Layer3);
        var whole = fixture.Model.state_dict();
        var mine = truncated.state_dict();

        Assert.Equal(3, truncated.Depth);
        Assert.Equal(whole.Keys.Where(k => !k.StartsWith("layer4.", StringComparison.Ordinal)).Order(), mine.Keys.Order());
        foreach (var (name, value) in mine)
            Assert.True(value.allclose(whole[name], 0, 0), $"{name} differs from the whole network's");
    }

    [Fact]
    public void Layer3_FeaturesAreTheWholeNetworksLayer3OutputAveraged()
    {
        using var truncated = BackboneRegistry.LoadPretrained(BackboneNames.ResNet18Layer3);
        truncated.eval();
        var full = fixture.Model;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var images = rand(new long[] { 2, 3, 64, 64 }, generator: new Generator(7));
        var x = full.Preprocess(images);

        var y = Child(full, "maxpool").call(nn.functional.relu(Child(full, "bn1").call(Child(full, "conv1").call(x))));
        foreach (var stage in new[] { "layer1", "layer2", "layer3" }) y = Child(full, stage).call(y);
        var expected = y.mean([2, 3]);
        var features = truncated.call(truncated.Preprocess(images));

        Assert.Equal(new long[] { 2, 256 }, features.shape);
        Assert.Equal(256, truncated.FeatureSize);
        Assert.True(features.allclose(expected, rtol: 1e-5, atol: 1e-5), $"max difference {(features - expected).abs().max().item<float>()}");
    }

    [Fact]
    public void Entries_ParameterCountsAreThoseOfTheBuiltNetworks()
    {
        foreach (var entry in BackboneRegistry.All)
        {
            using var backbone = BackboneRegistry.Create(entry.Name);
            Assert.Equal(entry.Depth, backbone.Depth);
            Assert.Equal(entry.FeatureSize, backbone.FeatureSize);
            Assert.Equal(entry.Parameters, backbone.parameters().Sum(p => p.numel()));
        }
    }

    [Fact]
    public void Scratch_IsSeededRandomInitialisation_AndRefusesAnOnnxFile()
    {
        manual_seed(21);
        using var a = BackboneRegistry.LoadPretrained(BackboneNames.ScratchResNet10);
        manual_seed(21);
        using var b = BackboneRegistry.LoadPretrained(BackboneNames.ScratchResNet10);
        Assert.False(BackboneRegistry.Get(BackboneNames.ScratchResNet10).Pretrained);
        foreach (var ((name, x), (_, y)) in a.state_dict().Zip(b.state_dict()))
            Assert.True(x.allclose(y, 0, 0), $"{name}: the same seed must give the same weights");
        Assert.Equal([1, 1, 1, 1], a.Blocks);
        Assert.Throws<ArgumentException>(() => BackboneRegistry.LoadPretrained(BackboneNames.ScratchResNet10, "weights.onnx"));
    }

    [Theory]
    [InlineData("resnet18", 4)]
    [InlineData("ResNet18-Layer3", 3)]
    public void Get_KnownNames_AnyCase(string name, int depth) => Assert.Equal(depth, BackboneRegistry.Get(name).Depth);

    [Theory]
    [InlineData("auto", false, "resnet18-layer3")]
    [InlineData(null, false, "resnet18-layer3")]
    [InlineData("AUTO", true, "resnet18")]                   // the search's space needs layer4
    [InlineData("resnet18", false, "resnet18")]
    [InlineData("scratch-resnet10", true, "scratch-resnet10")]  // an explicit choice stands
    public void Resolve_AutoPicksTheTruncatedNetworkUnlessSearching(string? setting, bool searching, string expected) =>
        Assert.Equal(expected, BackboneRegistry.Resolve(setting, searching).Name);

    [Fact]
    public void Get_UnknownName_NamesItAndTheChoices()
    {
        var ex = Assert.Throws<FormatException>(() => BackboneRegistry.Get("vgg16"));
        Assert.Contains("'vgg16'", ex.Message);
        Assert.Contains("resnet18, resnet18-layer3", ex.Message);
    }

    [Fact]
    public void Checkpoint_OfATruncatedModel_LoadsAsThatModel()
    {
        string folder = Path.Combine(Path.GetTempPath(), "autovision-tests", Guid.NewGuid().ToString("N"));
        manual_seed(3);
        var backbone = BackboneRegistry.Create(BackboneNames.ResNet18Layer3);
        backbone.RescaleInput(ResNet18Backbone.FineTuningInputScale);
        using var classifier = new ImageClassifier(backbone, 4);
        classifier.eval();
        using var images = rand(new long[] { 3, 3, 32, 32 }, generator: new Generator(8));
        float[] expected;
        using (no_grad())
        using (var scope = NewDisposeScope())
            expected = nn.functional.softmax(classifier.call(images), 1).data<float>().ToArray();
        using (var snapshot = ModelSnapshot.Capture(classifier))
            new CheckpointStore(folder).Save(CheckpointStore.BestName,
                new CheckpointMetadata { Classes = 4, InputSize = 32, Channels = 3, Backbone = BackboneNames.ResNet18Layer3 }, null, snapshot);

        using var model = TrainedModel.Load(folder);

        Assert.Equal(3, model.Classifier.Backbone.Depth);
        using var scope2 = NewDisposeScope();
        var actual = model.Probabilities(images).data<float>().ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 6);
    }

    [Fact]
    public void Checkpoint_UnknownBackbone_IsRefusedNamingTheFile()
    {
        string folder = Path.Combine(Path.GetTempPath(), "autovision-tests", Guid.NewGuid().ToString("N"));
        using (var classifier = new ImageClassifier(new ResNet18Backbone(), 2))
        using (var snapshot = ModelSnapshot.Capture(classifier))
            new CheckpointStore(folder).Save(CheckpointStore.BestName, new CheckpointMetadata { Classes = 2, Backbone = "vgg16" }, null, snapshot);

        var ex = Assert.Throws<InvalidDataException>(() => TrainedModel.Load(folder));
        Assert.Contains("best.ckpt", ex.Message);
        Assert.Contains("vgg16", ex.Message);
    }
}
