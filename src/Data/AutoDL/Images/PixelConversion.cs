namespace AutoVision.Data.AutoDL;

/// <summary>
/// Reduces decoded RGBA pixels to 1, 3 or 4 channels with the conversions libpng and libjpeg apply inside
/// TensorFlow's image decoders (see <see cref="CompressedImageDecoder"/> for the details).
/// </summary>
internal static class PixelConversion
{
    /// <summary>Which library's RGB→grey conversion to imitate for colour pixels.</summary>
    internal enum GrayRule
    {
        /// <summary>libpng <c>png_set_rgb_to_gray(png, 1, 0.299, 0.587)</c> without gamma: truncating 15-bit fixed point.</summary>
        LibPng,

        /// <summary>libjpeg <c>rgb_gray_convert</c>: rounding 16-bit fixed point (BT.601 luma).</summary>
        LibJpeg,
    }

    // libpng: red = (29900 * 32768) / 100000, green = (58700 * 32768) / 100000, blue = 32768 - red - green.
    internal const int PngRed = 9797;
    internal const int PngGreen = 19234;
    internal const int PngBlue = 32768 - PngRed - PngGreen;

    // libjpeg: FIX(0.29900), FIX(0.58700), FIX(0.11400) with 16 fractional bits.
    internal const int JpegRed = 19595;
    internal const int JpegGreen = 38470;
    internal const int JpegBlue = 7471;

    /// <summary>8-bit RGBA (4 bytes per pixel) to <paramref name="channels"/> channels.</summary>
    public static byte[] FromRgba8(ReadOnlySpan<byte> rgba, int channels, GrayRule rule)
    {
        int count = rgba.Length / 4;
        byte[] output = new byte[count * channels];
        for (int p = 0, i = 0, o = 0; p < count; p++, i += 4)
        {
            byte r = rgba[i], g = rgba[i + 1], b = rgba[i + 2];
            switch (channels)
            {
                case 1:
                    output[o++] = r == g && r == b ? r : Gray8(r, g, b, rule);
                    break;
                case 3:
                    output[o++] = r;
                    output[o++] = g;
                    output[o++] = b;
                    break;
                default:
                    output[o++] = r;
                    output[o++] = g;
                    output[o++] = b;
                    output[o++] = rgba[i + 3];
                    break;
            }
        }

        return output;
    }

    /// <summary>Grey value of a colour pixel under <paramref name="rule"/>.</summary>
    internal static byte Gray8(byte r, byte g, byte b, GrayRule rule) => rule == GrayRule.LibPng
        ? (byte)(((PngRed * r) + (PngGreen * g) + (PngBlue * b)) >> 15)
        : (byte)(((JpegRed * r) + (JpegGreen * g) + (JpegBlue * b) + 32768) >> 16);
}
