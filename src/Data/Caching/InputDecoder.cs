using AutoVision.Data.AutoDL;
using AutoVision.Data.Images;
using SkiaSharp;

namespace AutoVision.Data.Caching;

/// <summary>An image that could not be decoded (the record or file around it was read fine).</summary>
public sealed class UndecodableImageException : Exception
{
    /// <summary>Creates the exception with a message that names the file, the record and what went wrong.</summary>
    public UndecodableImageException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

/// <summary>
/// Decodes one image straight to the learner's input shape: <c>H × W</c> (a square <c>size × size</c> for most
/// datasets), 8 bits, (C, H, W) order.
/// </summary>
/// <remarks>
/// <para>Encoded images (PNG, JPEG, and for image files whatever Skia reads) are decoded at reduced scale when both
/// sides exceed the target: the codec is asked for the smallest scale it supports that keeps both sides at least
/// the target's (libjpeg-turbo decodes at n/8 of the size, so a 3024×3024 JPEG asked for 64 px is decoded at
/// 378×378 and never exists at full size; PNG has no reduced-scale decoding and is decoded whole). The result is
/// then resized to exactly <c>H × W</c> (the image's own aspect ratio is not looked at: the learner chose the shape
/// from the dataset's typical size) with linear filtering
/// and linear mipmaps (an area-like average when shrinking), and reduced to C channels after resizing with the
/// grey rules of <see cref="PixelConversion"/> (libpng's for PNG, libjpeg's otherwise).</para>
/// <para>DENSE values (floats in [0, 1]) become bytes by <c>round(v · 255)</c> clamped to [0, 255] and are resized
/// the same way, three channels at a time, so that any channel count works.</para>
/// </remarks>
internal static class InputDecoder
{
    private static readonly SKSamplingOptions Shrink = new(SKFilterMode.Linear, SKMipmapMode.Linear);
    private static readonly SKSamplingOptions Enlarge = new(SKFilterMode.Linear, SKMipmapMode.None);

    /// <summary>Decodes <paramref name="encoded"/> into <paramref name="chw"/> (C·H·W bytes).</summary>
    /// <param name="encoded">The encoded image.</param>
    /// <param name="channels">C: 1, 3 or 4.</param>
    /// <param name="shape">H × W of the output.</param>
    /// <param name="chw">Destination, (C, H, W).</param>
    /// <param name="pngOrJpegOnly">True for AutoDL frames, which the challenge's reader decoded as PNG or JPEG only.</param>
    /// <returns>The image's full size, from its header.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a readable image, or are corrupt or truncated.</exception>
    public static (int Height, int Width) Decode(byte[] encoded, int channels, InputShape shape, Span<byte> chw, bool pngOrJpegOnly)
    {
        if (pngOrJpegOnly)
        {
            CompressedImageDecoder.CheckFormat(encoded, channels);
        }
        else if (channels is not (1 or 3 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Only 1, 3 or 4 channels are supported.");
        }

        using var stream = new SKMemoryStream(encoded);
        using var codec = SKCodec.Create(stream, out SKCodecResult createResult)
            ?? throw new InvalidDataException($"not a readable image ({encoded.Length} bytes): the decoder could not read its header ({createResult})");
        int width = codec.Info.Width, height = codec.Info.Height;
        if (width <= 0 || height <= 0)
        {
            throw new InvalidDataException($"image has invalid size {width}x{height}");
        }

        string format = codec.EncodedFormat.ToString().ToUpperInvariant();
        SKSizeI target = DecodeSize(codec, shape);
        using SKBitmap decoded = ImageFileDecoder.DecodeAt(codec, target, format) ?? ImageFileDecoder.DecodeAt(codec, new SKSizeI(width, height), format)
            ?? throw new InvalidDataException($"corrupt {format} image ({width}x{height}): decoding failed");
        var rule = codec.EncodedFormat == SKEncodedImageFormat.Png ? PixelConversion.GrayRule.LibPng : PixelConversion.GrayRule.LibJpeg;
        if (decoded.Width == shape.Width && decoded.Height == shape.Height)
        {
            ToChw(decoded.GetPixelSpan(), channels, rule, shape, chw);
        }
        else
        {
            using SKBitmap resized = Resize(decoded, shape);
            ToChw(resized.GetPixelSpan(), channels, rule, shape, chw);
        }

        return (height, width);
    }

    /// <summary>
    /// The size <paramref name="codec"/> decodes at for a <paramref name="shape"/> input: the smallest scale the codec
    /// supports that keeps the width at least <see cref="InputShape.Width"/> and the height at least
    /// <see cref="InputShape.Height"/>, or the full size.
    /// </summary>
    internal static SKSizeI DecodeSize(SKCodec codec, InputShape shape)
    {
        int width = codec.Info.Width, height = codec.Info.Height;
        if (width > shape.Width && height > shape.Height)
        {
            SKSizeI scaled = codec.GetScaledDimensions(Math.Max((float)shape.Width / width, (float)shape.Height / height));
            if (scaled.Width >= shape.Width && scaled.Height >= shape.Height)
            {
                return scaled;
            }
        }

        return new SKSizeI(width, height);
    }

    /// <summary>Frame <paramref name="frame"/> of DENSE (T, H, W, C) values into <paramref name="chw"/> at <paramref name="shape"/>.</summary>
    public static void FromDense(ReadOnlySpan<float> values, int frame, int height, int width, int channels, InputShape shape, Span<byte> chw)
    {
        int pixels = height * width;
        ReadOnlySpan<float> hwc = values.Slice(frame * pixels * channels, pixels * channels);
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var source = new SKBitmap(info);
        int plane = shape.Pixels;
        for (int first = 0; first < channels; first += 3)
        {
            int group = Math.Min(3, channels - first);
            Span<byte> rgba = source.GetPixelSpan();
            for (int p = 0; p < pixels; p++)
            {
                for (int k = 0; k < 3; k++)
                {
                    rgba[(p * 4) + k] = k < group ? ToByte(hwc[(p * channels) + first + k]) : (byte)0;
                }

                rgba[(p * 4) + 3] = 255;
            }

            SKBitmap? resized = width == shape.Width && height == shape.Height ? null : Resize(source, shape);
            try
            {
                ReadOnlySpan<byte> result = (resized ?? source).GetPixelSpan();
                for (int k = 0; k < group; k++)
                {
                    Span<byte> target = chw.Slice((first + k) * plane, plane);
                    for (int p = 0; p < plane; p++)
                    {
                        target[p] = result[(p * 4) + k];
                    }
                }
            }
            finally
            {
                resized?.Dispose();
            }
        }
    }

    /// <summary>The size in an encoded image's header (nothing is decoded); null when the header cannot be read.</summary>
    public static (int Height, int Width)? HeaderSize(byte[] encoded)
    {
        using var stream = new SKMemoryStream(encoded);
        using var codec = SKCodec.Create(stream);
        return codec is { Info: { Width: > 0, Height: > 0 } info } ? (info.Height, info.Width) : null;
    }

    /// <summary>A neutral image: every value 128 (mid-grey).</summary>
    public static void Neutral(Span<byte> chw) => chw.Fill(128);

    private static byte ToByte(float v) => (byte)Math.Clamp(MathF.Round(v * 255f), 0f, 255f);

    private static void ToChw(ReadOnlySpan<byte> rgba, int channels, PixelConversion.GrayRule rule, InputShape shape, Span<byte> chw)
    {
        int plane = shape.Pixels;
        if (channels == 1)
        {
            for (int p = 0, i = 0; p < plane; p++, i += 4)
            {
                byte r = rgba[i], g = rgba[i + 1], b = rgba[i + 2];
                chw[p] = r == g && r == b ? r : PixelConversion.Gray8(r, g, b, rule);
            }

            return;
        }

        for (int c = 0; c < channels; c++)
        {
            Span<byte> target = chw.Slice(c * plane, plane);
            for (int p = 0, i = c; p < plane; p++, i += 4)
            {
                target[p] = rgba[i];
            }
        }
    }

    private static SKBitmap Resize(SKBitmap source, InputShape shape)
    {
        var target = new SKBitmap(new SKImageInfo(shape.Width, shape.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        // Mipmaps only help when shrinking; scaling the bitmap's pixels directly avoids the copy an SKImage makes.
        bool shrinking = source.Width > shape.Width || source.Height > shape.Height;
        if (!source.ScalePixels(target, shrinking ? Shrink : Enlarge))
        {
            target.Dispose();
            throw new InvalidDataException($"could not resize a {source.Width}x{source.Height} image to {shape.Width}x{shape.Height}");
        }

        return target;
    }
}
