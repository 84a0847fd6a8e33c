using AutoVision.Data.AutoDL;
using SkiaSharp;

namespace AutoVision.Data.Images;

/// <summary>
/// Decodes an image file (JPEG, PNG, BMP, GIF first frame, WebP) with SkiaSharp to 8-bit (H, W, C) pixels, optionally
/// at reduced scale so that neither side exceeds a maximum.
/// </summary>
/// <remarks>
/// <para>At full size, pixels and channel reduction are those of the AutoDL reader (see
/// <see cref="CompressedImageDecoder"/>): unpremultiplied RGBA without colour management, then 1, 3 or 4 channels
/// with libpng's grey rule for PNG and libjpeg's for every other format.</para>
/// <para>With a maximum side M and an image whose larger side exceeds M, the codec decodes at the smallest scale it
/// supports that is still at least M (JPEG decodes at n/8 of its size inside libjpeg, so a 3024×3024 photo never
/// exists in memory at full size), then the result is resized with linear filtering and mipmaps so that its larger
/// side is exactly M (the other side rounded, at least 1).</para>
/// </remarks>
internal static class ImageFileDecoder
{
    /// <summary>Decodes <paramref name="encoded"/> to <paramref name="channels"/> channels (1, 3 or 4).</summary>
    /// <exception cref="InvalidDataException">Not an image Skia can read, or corrupt or truncated.</exception>
    public static DecodedImage Decode(byte[] encoded, int channels, int? maxSide)
    {
        if (channels is not (1 or 3 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Only 1, 3 or 4 channels are supported.");
        }

        using var stream = new SKMemoryStream(encoded);
        using var codec = SKCodec.Create(stream, out SKCodecResult createResult)
            ?? throw new InvalidDataException($"not a readable image ({encoded.Length} bytes, first bytes 0x{Head(encoded)}): the decoder could not read its header ({createResult})");

        int width = codec.Info.Width, height = codec.Info.Height;
        if (width <= 0 || height <= 0)
        {
            throw new InvalidDataException($"image has invalid size {width}x{height}");
        }

        string format = codec.EncodedFormat.ToString().ToUpperInvariant();
        SKSizeI size = new(width, height);
        if (maxSide is int max && Math.Max(width, height) > max)
        {
            size = codec.GetScaledDimensions((float)max / Math.Max(width, height));
        }

        using SKBitmap decoded = DecodeAt(codec, size, format) ?? DecodeAt(codec, new SKSizeI(width, height), format)
            ?? throw new InvalidDataException($"corrupt {format} image ({width}x{height}): decoding failed");
        using SKBitmap? resized = maxSide is int m && Math.Max(decoded.Width, decoded.Height) > m ? Resize(decoded, m) : null;
        SKBitmap final = resized ?? decoded;
        var rule = codec.EncodedFormat == SKEncodedImageFormat.Png ? PixelConversion.GrayRule.LibPng : PixelConversion.GrayRule.LibJpeg;
        byte[] pixels = PixelConversion.FromRgba8(final.GetPixelSpan(), channels, rule);
        return new DecodedImage(final.Height, final.Width, channels, pixels);
    }

    /// <summary>Whether the file's header says it is a grey image (one channel, no colour); false if it cannot be read.</summary>
    public static bool IsGrayscale(string path)
    {
        using var codec = SKCodec.Create(path);
        return codec is not null && codec.Info.ColorType == SKColorType.Gray8;
    }

    /// <summary>Decodes at <paramref name="size"/>; null when the codec cannot scale to it; throws on corrupt data.</summary>
    internal static SKBitmap? DecodeAt(SKCodec codec, SKSizeI size, string format)
    {
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        SKCodecResult result = codec.GetPixels(info, bitmap.GetPixels());
        if (result == SKCodecResult.Success)
        {
            return bitmap;
        }

        bitmap.Dispose();
        if (result == SKCodecResult.InvalidScale)
        {
            return null;
        }

        throw new InvalidDataException($"corrupt {format} image ({codec.Info.Width}x{codec.Info.Height}): decoding failed with {result}");
    }

    private static SKBitmap Resize(SKBitmap source, int maxSide)
    {
        double scale = (double)maxSide / Math.Max(source.Width, source.Height);
        int w = Math.Max(1, (int)Math.Round(source.Width * scale));
        int h = Math.Max(1, (int)Math.Round(source.Height * scale));
        var target = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using SKImage image = SKImage.FromBitmap(source);
        using SKPixmap pixmap = target.PeekPixels();
        if (!image.ScalePixels(pixmap, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)))
        {
            target.Dispose();
            throw new InvalidDataException($"could not resize a {source.Width}x{source.Height} image to {w}x{h}");
        }

        return target;
    }

    private static string Head(byte[] bytes) => Convert.ToHexString(bytes.AsSpan(0, Math.Min(8, bytes.Length)));
}
