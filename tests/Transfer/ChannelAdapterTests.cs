using AutoVision.Transfer.FineTuning;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Tests;

[Collection(TorchCollection.Name)]
public class ChannelAdapterTests
{
    private static ImageClassifier NewModel(int classes, int channels)
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(3);
        return new ImageClassifier(new ResNet18Backbone(), classes, channels);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Classifier_OneOrThreeChannels_HasNoAdapter(int channels)
    {
        using var model = NewModel(2, channels);
        Assert.Null(model.Adapter);
        Assert.DoesNotContain(model.state_dict().Keys, k => k.StartsWith("adapter", StringComparison.Ordinal));
    }

    [Fact]
    public void Classifier_FourChannels_StartsByPassingTheFirstThreeAsRgb()
    {
        using var model = NewModel(2, 4);
        model.eval();
        using var _ = no_grad();
        manual_seed(5);
        using var rgb = rand(2, 3, 32, 32);
        using var fourth = rand(2, 1, 32, 32);
        using var rgba = cat([rgb, fourth], 1);

        using var fromRgba = model.Features(rgba);
        using var plain = model.Backbone.call(model.Backbone.Preprocess(rgb));

        Assert.NotNull(model.Adapter);
        Assert.True(fromRgba.allclose(plain, 1e-5, 1e-5), "an untrained adapter should pass R, G, B through");
    }

    [Fact]
    public void Classifier_TwoChannels_MapsToTheChannelsAndTheirMean()
    {
        using var adapter = new ChannelAdapter(2);
        using var _ = no_grad();
        using var x = tensor(new float[] { 0.2f, 0.6f }).reshape(1, 2, 1, 1);
        var y = adapter.call(x).flatten().data<float>().ToArray();
        Assert.Equal([0.2f, 0.6f, 0.4f], y.Select(v => MathF.Round(v, 5)).ToArray());
    }

    [Fact]
    public void Classifier_SixChannels_AdapterWeightsAreTrained()
    {
        using var model = NewModel(3, 6);
        model.train();
        manual_seed(7);
        using var x = rand(4, 6, 32, 32);
        using var y = tensor(new long[] { 0, 1, 2, 0 });
        using var loss = nn.functional.cross_entropy(model.call(x), y);
        loss.backward();

        var grad = model.Adapter!.parameters().Single().grad;
        Assert.NotNull(grad);
        Assert.True(grad!.abs().sum().item<float>() > 0, "the adapter's 1x1 convolution gets no gradient");
        Assert.Contains("adapter.conv.weight", model.state_dict().Keys);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Adapter_ChannelCountTheNetworkTakes_IsRefused(int channels)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChannelAdapter(channels));
    }

    [Fact]
    public void Adapter_WrongInputChannels_NamesTheExpectedShape()
    {
        using var adapter = new ChannelAdapter(5);
        using var x = zeros(1, 4, 8, 8);
        var ex = Assert.Throws<ArgumentException>(() => adapter.call(x));
        Assert.Contains("(N,5,H,W)", ex.Message);
    }
}
