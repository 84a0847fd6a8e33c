using AutoVision.Transfer.FineTuning;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Tests;

[Collection(TorchCollection.Name)]
public class TemporalPoolingTests
{
    [Fact]
    public void VideoClassifier_Untrained_FeaturesAreTheMeanOfTheFrameFeatures()
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(1);
        using var model = new ImageClassifier(new ResNet18Backbone(), 3, channels: 3, frames: 4);
        model.eval();
        using var _ = no_grad();
        using var clips = rand(2, 12, 32, 32);   // 2 clips of 4 RGB frames, frames stacked on the channel axis

        using var features = model.Features(clips);

        Assert.Equal(new long[] { 2, ResNet18Backbone.FeatureDim }, features.shape);
        for (int n = 0; n < 2; n++)
        {
            using var frames = clips[n].reshape(4, 3, 32, 32);
            using var perFrame = model.Backbone.call(model.Backbone.Preprocess(frames));
            using var mean = perFrame.mean([0]);
            Assert.True(features[n].allclose(mean, 1e-4, 1e-5), $"clip {n}: an untrained temporal head should average its frames");
        }
    }

    [Fact]
    public void VideoClassifier_FrameOrderCanBeLearned_TheTemporalConvolutionGetsGradients()
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(2);
        using var model = new ImageClassifier(new ResNet18Backbone(), 2, channels: 1, frames: 3);
        model.train();
        using var clips = rand(4, 3, 32, 32);
        using var y = tensor(new long[] { 0, 1, 0, 1 });
        using var loss = nn.functional.cross_entropy(model.call(clips), y);
        loss.backward();

        var temporal = model.named_parameters().Where(p => p.name.StartsWith("temporal.", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, temporal.Length);
        Assert.All(temporal, p => Assert.True(p.parameter.grad is { } g && g.abs().sum().item<float>() > 0, $"{p.name} gets no gradient"));
    }

    [Fact]
    public void VideoClassifier_WrongChannelCount_NamesTheExpectedShape()
    {
        TorchRuntime.EnsureLoaded();
        using var model = new ImageClassifier(new ResNet18Backbone(), 2, channels: 3, frames: 4);
        using var images = zeros(1, 3, 32, 32);
        var ex = Assert.Throws<ArgumentException>(() => model.Features(images));
        Assert.Contains("(N,12,H,W)", ex.Message);
    }

    [Fact]
    public void ImageClassifier_OneFrame_HasNoTemporalHead()
    {
        TorchRuntime.EnsureLoaded();
        using var model = new ImageClassifier(new ResNet18Backbone(), 2);
        Assert.DoesNotContain(model.state_dict().Keys, k => k.StartsWith("temporal", StringComparison.Ordinal));
    }
}
