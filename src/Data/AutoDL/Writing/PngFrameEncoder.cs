using SkiaSharp;

namespace AutoVision.Data.AutoDL;

/// <summary>
/// Encodes one frame of an example as a lossless PNG with SkiaSharp: grey for 1 channel, RGB for 3, RGBA for 4.
/// Float values are turned back to 8 bits with <c>round(v · 255)</c> clamped to [0, 255], which gives back the
/// original byte for every value the readers produce (<c>(float)u8 · (float)(1/255)</c>).
/// </summary>
internal static class PngFrameEncoder
{
    /// <summary>PNG bytes of frame <paramref name="frame"/> of <paramref name="example"/>.</summary>
    public static byte[] Encode(AutoDLExample example, int frame)
    {
        int h = example.Height, w = example.Width, c = example.Channels;
        if (c is not (1 or 3 or 4))
        {
            throw new NotSupportedException($"Cannot write a {c}-channel frame as PNG; only 1, 3 or 4 channels.");
        }

        SKImageInfo info = c == 1
            ? new SKImageInfo(w, h, SKColorType.Gray8, SKAlphaType.Opaque)
            : new SKImageInfo(w, h, SKColorType.Rgba8888, c == 4 ? SKAlphaType.Unpremul : SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        Span<byte> pixels = bitmap.GetPixelSpan();
        ReadOnlySpan<float> values = example.Values.AsSpan(frame * h * w * c, h * w * c);
        int stride = bitmap.RowBytes;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int source = ((y * w) + x) * c;
                int target = (y * stride) + (x * info.BytesPerPixel);
                if (c == 1)
                {
                    pixels[target] = ToByte(values[source]);
                    continue;
                }

                pixels[target] = ToByte(values[source]);
                pixels[target + 1] = ToByte(values[source + 1]);
                pixels[target + 2] = ToByte(values[source + 2]);
                pixels[target + 3] = c == 4 ? ToByte(values[source + 3]) : (byte)255;
            }
        }

        using SKData data = bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode a {w}x{h}x{c} frame as PNG.");
        return data.ToArray();
    }

    private static byte ToByte(float value) => (byte)Math.Clamp(MathF.Round(value * 255f), 0f, 255f);
}
