using AutoVision.Transfer;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Tests;

[Collection(TorchCollection.Name)]
public sealed class PreprocessTests
{
    // Per-channel means of the pretrained mean image, B, G, R.
    private const double MeanB = 103.06262, MeanG = 115.902885, MeanR = 123.15163;

    private readonly PretrainedModelFixture _fixture;

    public PreprocessTests(PretrainedModelFixture fixture) => _fixture = fixture;

    [Fact]
    public void PureRed_At224_IsBgr0To255MinusTheMeanImage()
    {
        using var scope = NewDisposeScope();
        var red = zeros(1, 3, 224, 224);
        red[.., 0] = ones(1, 224, 224);
        var outRed = _fixture.Model.Preprocess(red);
        var outBlack = _fixture.Model.Preprocess(zeros(1, 3, 224, 224)); // = -mean image

        Assert.Equal([1L, 3, 224, 224], outRed.shape);
        // Channel 2 is R in BGR: 255 minus the mean image, pixel by pixel; B and G are minus the mean image.
        Assert.True(outRed[0, 2].allclose(outBlack[0, 2] + 255f, rtol: 0, atol: 1e-4));
        Assert.True(outRed[0, 0].allclose(outBlack[0, 0], rtol: 0, atol: 0));
        Assert.True(outRed[0, 1].allclose(outBlack[0, 1], rtol: 0, atol: 0));
        Assert.Equal(255 - MeanR, outRed[0, 2].mean().item<float>(), 3);
        Assert.Equal(-MeanG, outRed[0, 1].mean().item<float>(), 3);
        Assert.Equal(-MeanB, outRed[0, 0].mean().item<float>(), 3);
        // The exact mean image varies across the image (it is not a per-channel constant).
        Assert.True(outBlack[0, 2].std().item<float>() > 1f);
    }

    [Fact]
    public void PureBlue_At224_LandsInChannel0()
    {
        using var scope = NewDisposeScope();
        var blue = zeros(1, 3, 224, 224);
        blue[.., 2] = ones(1, 224, 224);
        var output = _fixture.Model.Preprocess(blue);
        Assert.Equal(255 - MeanB, output[0, 0].mean().item<float>(), 3);
        Assert.Equal(-MeanR, output[0, 2].mean().item<float>(), 3);
    }

    [Fact]
    public void OtherSizes_UseTheMeanImageResizedBilinearly()
    {
        using var scope = NewDisposeScope();
        var red = zeros(2, 3, 64, 48);
        red[.., 0] = ones(2, 64, 48);
        var output = _fixture.Model.Preprocess(red);
        Assert.Equal([2L, 3, 64, 48], output.shape);

        var meanImage = _fixture.Model.Preprocess(zeros(1, 3, 224, 224)).neg();
        var resized = nn.functional.interpolate(meanImage, size: [64, 48], mode: InterpolationMode.Bilinear, align_corners: false);
        Assert.True(output[0, 2].allclose(255f - resized[0, 2], rtol: 0, atol: 1e-3));
        Assert.True(output[1, 0].allclose(resized[0, 0].neg(), rtol: 0, atol: 1e-3));
        Assert.Equal(255 - MeanR, output[0, 2].mean().item<float>(), 0);
    }

    [Fact]
    public void Grayscale_IsRepeatedToThreeChannelsFirst()
    {
        using var scope = NewDisposeScope();
        var gray = SyntheticImages.Noise(2, 32, 3)[.., 0..1];
        var rgb = gray.expand(-1, 3, -1, -1);
        var fromGray = _fixture.Model.Preprocess(gray);
        Assert.Equal([2L, 3, 32, 32], fromGray.shape);
        Assert.True(fromGray.allclose(_fixture.Model.Preprocess(rgb), rtol: 0, atol: 0));
    }

    [Fact]
    public void UnsupportedShapes_AreRejected()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => _fixture.Model.Preprocess(zeros(3, 32, 32)));
        Assert.Throws<ArgumentException>(() => _fixture.Model.Preprocess(zeros(1, 4, 32, 32)));
    }

    [Fact]
    public void FreshBackbone_SubtractsThePerChannelMeans()
    {
        using var scope = NewDisposeScope();
        using var model = new ResNet18Backbone();
        var output = model.Preprocess(zeros(1, 3, 224, 224));
        Assert.True(output[0, 0].allclose(full(224, 224, (float)-MeanB), rtol: 0, atol: 1e-4));
        Assert.True(output[0, 2].allclose(full(224, 224, (float)-MeanR), rtol: 0, atol: 1e-4));
        Assert.Equal(ResNet18Backbone.ChannelMeansBgr, [(float)MeanB, (float)MeanG, (float)MeanR]);
    }
}
