using AutoVision.Data.AutoDL;

namespace AutoVision.Data.Tests.AutoDL;

public sealed class PixelConversionTests
{
    [Fact]
    public void PngCoefficients_FromTensorFlowWeights_SumTo32768()
    {
        // TensorFlow calls png_set_rgb_to_gray(png, 1, 0.299, 0.587); libpng stores red/green as (w * 32768) / 100000.
        Assert.Equal(29900 * 32768 / 100000, PixelConversion.PngRed);
        Assert.Equal(58700 * 32768 / 100000, PixelConversion.PngGreen);
        Assert.Equal(32768, PixelConversion.PngRed + PixelConversion.PngGreen + PixelConversion.PngBlue);
        Assert.Equal(65536, PixelConversion.JpegRed + PixelConversion.JpegGreen + PixelConversion.JpegBlue);
    }

    [Fact]
    public void FromRgba8_OneChannelPng_TruncatesFixedPointLuma()
    {
        // (9797*232 + 19234*236 + 3737*245) >> 15 = 235 (python: first pixel of the last miniciao train image).
        byte[] gray = PixelConversion.FromRgba8([232, 236, 245, 255], 1, PixelConversion.GrayRule.LibPng);

        Assert.Equal([235], gray);
    }

    [Fact]
    public void FromRgba8_OneChannelJpeg_RoundsFixedPointLuma()
    {
        // (19595*10 + 38470*20 + 7471*250 + 32768) >> 16 = 44.
        byte[] gray = PixelConversion.FromRgba8([10, 20, 250, 255], 1, PixelConversion.GrayRule.LibJpeg);

        Assert.Equal([(byte)(((19595 * 10) + (38470 * 20) + (7471 * 250) + 32768) >> 16)], gray);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void FromRgba8_OneChannelGreyPixel_KeepsValue(int rule)
    {
        byte[] gray = PixelConversion.FromRgba8([0, 0, 0, 9, 77, 77, 77, 9, 255, 255, 255, 9], 1, (PixelConversion.GrayRule)rule);

        Assert.Equal([0, 77, 255], gray);
    }

    [Fact]
    public void FromRgba8_ThreeChannels_DropsAlpha()
    {
        Assert.Equal([1, 2, 3, 5, 6, 7], PixelConversion.FromRgba8([1, 2, 3, 4, 5, 6, 7, 8], 3, PixelConversion.GrayRule.LibPng));
    }

    [Fact]
    public void FromRgba8_FourChannels_KeepsAlpha()
    {
        Assert.Equal([1, 2, 3, 4], PixelConversion.FromRgba8([1, 2, 3, 4], 4, PixelConversion.GrayRule.LibPng));
    }
}
