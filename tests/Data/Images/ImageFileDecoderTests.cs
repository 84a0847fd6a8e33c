using AutoVision.Data.AutoDL;
using AutoVision.Data.Images;
using AutoVision.Data.Tests.Support;
using SkiaSharp;

namespace AutoVision.Data.Tests.Images;

public sealed class ImageFileDecoderTests
{
    [Fact]
    public void Decode_HugeJpegWithMaxSide_DecodesAtReducedScale()
    {
        byte[] jpeg = Jpeg(3024, 3024, new SKColor(200, 40, 90));

        DecodedImage image = ImageFileDecoder.Decode(jpeg, 3, maxSide: 256);

        Assert.Equal((256, 256, 3), (image.Height, image.Width, image.Channels));
        Assert.InRange(image.Pixels[0], 190, 210);
        Assert.InRange(image.Pixels[1], 30, 50);
    }

    [Fact]
    public void Decode_NonSquareImageWithMaxSide_KeepsAspectRatio()
    {
        byte[] jpeg = Jpeg(1200, 300, SKColors.White);

        DecodedImage image = ImageFileDecoder.Decode(jpeg, 3, maxSide: 100);

        Assert.Equal((25, 100), (image.Height, image.Width));
    }

    [Fact]
    public void Decode_SmallImageWithMaxSide_KeepsFullSize()
    {
        byte[] jpeg = File.ReadAllBytes(Directory.GetFiles(Path.Combine(TestPaths.SignLanguageMini, "train", "0")).Order(StringComparer.Ordinal).First());

        DecodedImage image = ImageFileDecoder.Decode(jpeg, 3, maxSide: 256);

        Assert.Equal((100, 100), (image.Height, image.Width));
        Assert.Equal(CompressedImageDecoder.Decode(jpeg, 3).Pixels, image.Pixels);
    }

    [Fact]
    public void Decode_Png_MatchesTheAutoDLDecoder()
    {
        byte[] png = PngWriter.Encode(3, 2, PngWriter.ColorType.Rgb, 8, Enumerable.Range(0, 18).Select(i => i * 13).ToArray());

        Assert.Equal(CompressedImageDecoder.Decode(png, 1).Pixels, ImageFileDecoder.Decode(png, 1, null).Pixels);
        Assert.Equal(CompressedImageDecoder.Decode(png, 3).Pixels, ImageFileDecoder.Decode(png, 3, null).Pixels);
    }

    [Fact]
    public void Decode_TruncatedJpeg_ThrowsInvalidData()
    {
        byte[] jpeg = Jpeg(64, 64, SKColors.Red);

        Assert.Throws<InvalidDataException>(() => ImageFileDecoder.Decode(jpeg[..(jpeg.Length / 2)], 3, null));
    }

    [Fact]
    public void Decode_NotAnImage_ThrowsNamingFirstBytes()
    {
        var ex = Assert.Throws<InvalidDataException>(() => ImageFileDecoder.Decode("hello"u8.ToArray(), 3, null));

        Assert.Contains("0x68656C6C6F", ex.Message);
    }

    [Fact]
    public void IsGrayscale_GrayAndColourPng_TellsThemApart()
    {
        using var temp = new TempDirectory();
        string gray = Path.Combine(temp.Path, "g.png"), colour = Path.Combine(temp.Path, "c.png");
        File.WriteAllBytes(gray, PngWriter.Encode(2, 2, PngWriter.ColorType.Gray, 8, [1, 2, 3, 4]));
        File.WriteAllBytes(colour, PngWriter.Encode(1, 1, PngWriter.ColorType.Rgb, 8, [1, 2, 3]));

        Assert.True(ImageFileDecoder.IsGrayscale(gray));
        Assert.False(ImageFileDecoder.IsGrayscale(colour));
    }

    internal static byte[] Jpeg(int width, int height, SKColor colour)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        bitmap.Erase(colour);
        using SKData data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }
}
