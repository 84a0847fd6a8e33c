using AutoVision.Transfer.Checkpoints;
using AutoVision.Transfer.FineTuning;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Tests;

[Collection(TorchCollection.Name)]
public class ChannelsLastWeightsTests
{
    private static ImageClassifier NewModel(int seed) => CheckpointStoreTests.NewModel(seed);

    private static float[] Forward(ImageClassifier model, Tensor batch) => CheckpointStoreTests.Predict(model, batch);

    [Fact]
    public void Apply_EveryConvolutionChannelsLast_SameValuesSameOutputs_OthersUntouched()
    {
        var (images, _) = SyntheticImages.DiscsAndSquares(4, 48, seed: 5);
        using var batch = images;
        using var plain = NewModel(1);
        using var converted = NewModel(1);
        var before = converted.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        int convolutions = converted.modules().OfType<TorchSharp.Modules.Conv2d>().Count();
        Assert.True(convolutions >= 20);   // every conv of the ResNet18 trunk (stem, blocks, downsamples)
        Assert.Equal(convolutions, ChannelsLastWeights.Apply(converted));
        Assert.All(converted.modules().OfType<TorchSharp.Modules.Conv2d>(), c => Assert.True(ChannelsLastWeights.IsChannelsLast(c.weight!)));
        Assert.False(ChannelsLastWeights.IsChannelsLast(plain.modules().OfType<TorchSharp.Modules.Conv2d>().First().weight!));

        // The same tensors by name, shape and value; only the strides of the conv weights changed.
        var after = converted.state_dict();
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (name, value) in before)
        {
            Assert.Equal(value.shape, after[name].shape);
            Assert.True(value.equal(after[name]).all().item<bool>(), name);
            Assert.Equal(value.requires_grad, after[name].requires_grad);
        }
        Assert.Equal(plain.parameters().Count(), converted.parameters().Count());

        // The network computes the same function (up to summation order in the convolution kernels).
        var expected = Forward(plain, batch);
        var actual = Forward(converted, batch);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 3e-4f);

        Assert.Equal(0, ChannelsLastWeights.Apply(converted));   // already channels-last: nothing to do
    }

    [Fact]
    public void ChannelsLastModel_TrainsAndRoundTripsThroughACheckpoint()
    {
        var (images, labels) = SyntheticImages.DiscsAndSquares(8, 48, seed: 2);
        using var batch = images;
        using var targets = labels;
        using var model = NewModel(3);
        ChannelsLastWeights.Apply(model);
        model.train();
        using var optimizer = optim.SGD(model.parameters(), 0.01, momentum: 0.9, nesterov: true);
        var stem = model.modules().OfType<TorchSharp.Modules.Conv2d>().First().weight!;
        using var stemBefore = stem.detach().clone();
        for (int step = 0; step < 2; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.call(batch), targets).backward();
            optimizer.step();
        }
        Assert.False(stemBefore.allclose(stem, 0, 0));             // the optimizer holds the channels-last weights
        Assert.True(ChannelsLastWeights.IsChannelsLast(stem));     // and keeps their strides

        model.eval();
        var expected = Forward(model, batch);
        var dir = Path.Combine(Path.GetTempPath(), "autovision-tests", Guid.NewGuid().ToString("N"));
        using (var snapshot = ModelSnapshot.Capture(model))
            new CheckpointStore(dir).Save(CheckpointStore.LastName, new CheckpointMetadata { Classes = 3, InputSize = 48 }, null, snapshot);
        using var loaded = new CheckpointStore(dir).Load(CheckpointStore.LastName);
        using var plain = NewModel(4);     // a contiguous model
        loaded.State.RestoreInto(plain);
        var reloaded = Forward(plain, batch);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], reloaded[i], 3e-4f);
    }
}
