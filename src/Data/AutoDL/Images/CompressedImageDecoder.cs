using SkiaSharp;

namespace AutoVision.Data.AutoDL;

/// <summary>A decoded image: 8-bit samples in (H, W, C) row-major order.</summary>
/// <param name="Height">Rows.</param>
/// <param name="Width">Columns.</param>
/// <param name="Channels">Samples per pixel (1, 3 or 4).</param>
/// <param name="Pixels">Height × Width × Channels bytes.</param>
internal sealed record DecodedImage(int Height, int Width, int Channels, byte[] Pixels);

/// <summary>
/// Decodes the PNG or JPEG bytes of one <c>0_compressed</c> step with SkiaSharp, imitating
/// <c>tf.image.decode_image(bytes, channels=C)</c> of TensorFlow 1.x.
/// </summary>
/// <remarks>
/// <para>Pixels are decoded to unpremultiplied RGBA without colour management (no ICC, gAMA or EXIF-orientation
/// handling, as in TensorFlow), then reduced to C channels:</para>
/// <list type="bullet">
/// <item>C = 3: R, G, B (alpha dropped, like <c>png_set_strip_alpha</c>); grey images are replicated.</item>
/// <item>C = 4 (PNG only): R, G, B, A; an image without alpha gets A = 255 (tRNS becomes alpha).</item>
/// <item>C = 1, pixel with R = G = B: that value, exactly (libpng and libjpeg both keep grey as is).</item>
/// <item>C = 1, colour PNG: libpng's <c>png_set_rgb_to_gray(png, 1, 0.299, 0.587)</c> as TensorFlow calls it, i.e.
/// coefficients 9797/19234/3737 (÷32768) and truncation: <c>(9797·R + 19234·G + 3737·B) &gt;&gt; 15</c>.
/// This is libpng's path without gamma tables; a PNG that carries a gAMA chunk is converted in linear light by
/// libpng and can differ here by a few levels.</item>
/// <item>C = 1, colour JPEG: TensorFlow asks libjpeg for JCS_GRAYSCALE, i.e. the decoded luma plane. Skia cannot
/// return that plane for a colour JPEG, so luma is recomputed from the decoded RGB with libjpeg's RGB→grey
/// formula <c>(19595·R + 38470·G + 7471·B + 32768) &gt;&gt; 16</c>; this can differ from TensorFlow by about one level.</item>
/// <item>16-bit PNG: Skia keeps the high byte of each sample, like TensorFlow's <c>png_set_strip_16</c>. For a colour
/// 16-bit PNG read with C = 1, libpng computes grey at 16 bits before stripping while here it is computed from the
/// stripped 8-bit values, which can differ by one level.</item>
/// </list>
/// <para>JPEG: Skia's libjpeg-turbo uses the accurate integer IDCT (JDCT_ISLOW) and fancy upsampling. TensorFlow's
/// <c>decode_jpeg</c> with the default <c>dct_method=''</c> uses JDCT_IFAST, so JPEG pixels can differ from the
/// official pipeline by a few levels. PNG decoding is lossless and bit-exact.</para>
/// </remarks>
internal static class CompressedImageDecoder
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Checks that <paramref name="encoded"/> is a PNG or JPEG that can be decoded to <paramref name="channels"/> channels; true for PNG.</summary>
    /// <exception cref="InvalidDataException">Neither PNG nor JPEG, or a channel count the format does not allow.</exception>
    internal static bool CheckFormat(byte[] encoded, int channels)
    {
        bool isPng = encoded.AsSpan().StartsWith(PngSignature);
        bool isJpeg = encoded.Length >= 3 && encoded[0] == 0xFF && encoded[1] == 0xD8 && encoded[2] == 0xFF;
        if (!isPng && !isJpeg)
        {
            string head = Convert.ToHexString(encoded.AsSpan(0, Math.Min(8, encoded.Length)));
            throw new InvalidDataException($"not a PNG or JPEG image ({encoded.Length} bytes, first bytes 0x{head})");
        }

        if (channels is not (1 or 3 or 4) || (isJpeg && channels == 4))
        {
            throw new InvalidDataException($"cannot decode a {(isPng ? "PNG" : "JPEG")} image to {channels} channels (PNG allows 1, 3 or 4; JPEG 1 or 3)");
        }

        return isPng;
    }

    /// <summary>Decodes <paramref name="encoded"/> to <paramref name="channels"/> channels (1, 3 or 4).</summary>
    /// <exception cref="InvalidDataException">Not a PNG/JPEG, corrupt or truncated, or a channel count the format does not allow.</exception>
    public static DecodedImage Decode(byte[] encoded, int channels)
    {
        bool isPng = CheckFormat(encoded, channels);

        using var stream = new SKMemoryStream(encoded);
        using var codec = SKCodec.Create(stream, out SKCodecResult createResult)
            ?? throw new InvalidDataException($"corrupt {(isPng ? "PNG" : "JPEG")} image: the decoder could not read its header ({createResult})");

        int width = codec.Info.Width;
        int height = codec.Info.Height;
        if (width <= 0 || height <= 0)
        {
            throw new InvalidDataException($"image has invalid size {width}x{height}");
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        SKCodecResult result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            throw new InvalidDataException($"corrupt {(isPng ? "PNG" : "JPEG")} image ({width}x{height}): decoding failed with {result}");
        }

        byte[] pixels = PixelConversion.FromRgba8(bitmap.GetPixelSpan(), channels, isPng ? PixelConversion.GrayRule.LibPng : PixelConversion.GrayRule.LibJpeg);
        return new DecodedImage(height, width, channels, pixels);
    }
}
