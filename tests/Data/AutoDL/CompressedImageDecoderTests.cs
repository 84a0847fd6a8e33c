using System.Security.Cryptography;
using AutoVision.Data.AutoDL;
using AutoVision.Data.Tests.Support;
using SkiaSharp;

namespace AutoVision.Data.Tests.AutoDL;

public sealed class CompressedImageDecoderTests
{
    [Fact]
    public void Decode_MiniciaoPng_MatchesIndependentDecode()
    {
        byte[] png = FirstImage("miniciao", "train");

        DecodedImage image = CompressedImageDecoder.Decode(png, 3);

        // Reference: python3 stdlib zlib + PNG unfiltering of the same bytes.
        Assert.Equal((32, 32, 3), (image.Height, image.Width, image.Channels));
        Assert.Equal([122, 232, 193], image.Pixels[..3]);
        Assert.Equal([147, 159, 170], image.Pixels[(((15 * 32) + 17) * 3)..((((15 * 32) + 17) * 3) + 3)]);
        Assert.Equal([77, 77, 78], image.Pixels[^3..]);
        Assert.Equal(531806, image.Pixels.Sum(b => b));
        Assert.Equal("339ba21f2574d42e4acde806320e4a2c789842abd8f4d33f847f3eb9e3974d19", Convert.ToHexStringLower(SHA256.HashData(image.Pixels)));
    }

    [Fact]
    public void Decode_MiniciaoPngToOneChannel_UsesLibPngLuma()
    {
        byte[] png = FirstImage("miniciao", "train");

        DecodedImage image = CompressedImageDecoder.Decode(png, 1);

        // Reference: python3, (9797 R + 19234 G + 3737 B) >> 15 unless R = G = B.
        Assert.Equal((32, 32, 1), (image.Height, image.Width, image.Channels));
        Assert.Equal(194, image.Pixels[0]);
        Assert.Equal(156, image.Pixels[(15 * 32) + 17]);
        Assert.Equal(181461, image.Pixels.Sum(b => b));
    }

    [Fact]
    public void Decode_MonkeysJpeg_ReturnsItsOwnSizeWithThreeChannels()
    {
        byte[] jpeg = FirstImage("Monkeys", "test");

        DecodedImage image = CompressedImageDecoder.Decode(jpeg, 3);

        Assert.Equal((473, 473, 3), (image.Height, image.Width, image.Channels));
        Assert.Equal(473 * 473 * 3, image.Pixels.Length);
    }

    [Fact]
    public void Decode_JpegToOneChannel_IsLumaOfTheRgbDecode()
    {
        byte[] jpeg = FirstImage("Monkeys", "test");
        byte[] rgb = CompressedImageDecoder.Decode(jpeg, 3).Pixels;

        DecodedImage gray = CompressedImageDecoder.Decode(jpeg, 1);

        for (int p = 0; p < gray.Pixels.Length; p += 997)
        {
            byte r = rgb[3 * p], g = rgb[(3 * p) + 1], b = rgb[(3 * p) + 2];
            byte expected = r == g && r == b ? r : (byte)(((19595 * r) + (38470 * g) + (7471 * b) + 32768) >> 16);
            Assert.Equal(expected, gray.Pixels[p]);
        }
    }

    [Fact]
    public void Decode_GrayPng_ReplicatesToThreeChannelsAndKeepsOneChannel()
    {
        byte[] png = PngWriter.Encode(2, 1, PngWriter.ColorType.Gray, 8, [7, 250]);

        Assert.Equal([7, 7, 7, 250, 250, 250], CompressedImageDecoder.Decode(png, 3).Pixels);
        Assert.Equal([7, 250], CompressedImageDecoder.Decode(png, 1).Pixels);
        Assert.Equal([7, 7, 7, 255, 250, 250, 250, 255], CompressedImageDecoder.Decode(png, 4).Pixels);
    }

    [Fact]
    public void Decode_RgbaPngWithTranslucentPixel_KeepsUnpremultipliedColour()
    {
        byte[] png = PngWriter.Encode(2, 1, PngWriter.ColorType.Rgba, 8, [200, 100, 50, 128, 10, 20, 30, 0]);

        Assert.Equal([200, 100, 50, 10, 20, 30], CompressedImageDecoder.Decode(png, 3).Pixels);
        Assert.Equal([200, 100, 50, 128, 10, 20, 30, 0], CompressedImageDecoder.Decode(png, 4).Pixels);
    }

    [Fact]
    public void Decode_PngWithGammaAndChromaticityChunks_IgnoresColourManagement()
    {
        // gAMA 1.0 and a wide-gamut cHRM would change every value if colour management were applied.
        byte[] gama = [0x00, 0x01, 0x86, 0xA0];
        byte[] chrm = new byte[32];
        int[] chromaticities = [31270, 32900, 73470, 26530, 0, 100000, 14000, 8000];
        for (int i = 0; i < 8; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(chrm.AsSpan(i * 4), chromaticities[i]);
        }

        byte[] png = PngWriter.Encode(2, 1, PngWriter.ColorType.Rgb, 8, [100, 150, 200, 30, 60, 90], ("gAMA", gama), ("cHRM", chrm));

        Assert.Equal([100, 150, 200, 30, 60, 90], CompressedImageDecoder.Decode(png, 3).Pixels);
    }

    [Fact]
    public void Decode_RgbPngToFourChannels_AddsOpaqueAlpha()
    {
        byte[] png = PngWriter.Encode(1, 1, PngWriter.ColorType.Rgb, 8, [1, 2, 3]);

        Assert.Equal([1, 2, 3, 255], CompressedImageDecoder.Decode(png, 4).Pixels);
    }

    [Fact]
    public void Decode_SixteenBitPng_KeepsHighByteLikeStrip16()
    {
        byte[] png = PngWriter.Encode(3, 1, PngWriter.ColorType.Rgb, 16, [0x12FF, 0xAB01, 0x0080, 1000, 40000, 65535, 0x1280, 0x127F, 0x1281]);

        Assert.Equal([0x12, 0xAB, 0x00, 1000 >> 8, 40000 >> 8, 0xFF, 0x12, 0x12, 0x12], CompressedImageDecoder.Decode(png, 3).Pixels);
    }

    [Fact]
    public void Decode_SkiaEncodedJpeg_DecodesToOriginalSize()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(5, 3, SKColorType.Rgba8888, SKAlphaType.Opaque));
        bitmap.Erase(new SKColor(90, 160, 30));
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);

        DecodedImage image = CompressedImageDecoder.Decode(data.ToArray(), 3);

        Assert.Equal((3, 5), (image.Height, image.Width));
        Assert.InRange(image.Pixels[0], 85, 95);
    }

    [Fact]
    public void Decode_NotAnImage_ThrowsNamingFirstBytes()
    {
        var ex = Assert.Throws<InvalidDataException>(() => CompressedImageDecoder.Decode([0x47, 0x49, 0x46, 0x38], 3));

        Assert.Contains("not a PNG or JPEG", ex.Message);
        Assert.Contains("0x47494638", ex.Message);
    }

    [Fact]
    public void Decode_TruncatedPng_ThrowsInvalidData()
    {
        byte[] png = FirstImage("miniciao", "train");

        Assert.Throws<InvalidDataException>(() => CompressedImageDecoder.Decode(png[..(png.Length / 2)], 3));
    }

    [Fact]
    public void Decode_TruncatedJpeg_ThrowsInvalidData()
    {
        byte[] jpeg = FirstImage("Monkeys", "test");

        Assert.Throws<InvalidDataException>(() => CompressedImageDecoder.Decode(jpeg[..(jpeg.Length / 2)], 3));
    }

    [Fact]
    public void Decode_HeaderOnlyPng_ThrowsInvalidData()
    {
        byte[] png = FirstImage("miniciao", "train");

        Assert.Throws<InvalidDataException>(() => CompressedImageDecoder.Decode(png[..20], 3));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Decode_UnsupportedChannelCount_ThrowsInvalidData(int channels)
    {
        Assert.Throws<InvalidDataException>(() => CompressedImageDecoder.Decode(FirstImage("miniciao", "train"), channels));
    }

    [Fact]
    public void Decode_JpegToFourChannels_ThrowsLikeTensorFlow()
    {
        var ex = Assert.Throws<InvalidDataException>(() => CompressedImageDecoder.Decode(FirstImage("Monkeys", "test"), 4));

        Assert.Contains("JPEG", ex.Message);
    }

    internal static byte[] FirstImage(string dataset, string split)
    {
        byte[] record = TFRecordReader.ReadRecords(TestPaths.DataFile(dataset, split)).First();
        return SequenceExampleParser.Parse(record).FeatureLists["0_compressed"][0].Bytes[0];
    }
}
