using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace AutoVision.Data.Tests.Support;

/// <summary>
/// Minimal independent PNG encoder (no filtering, one IDAT) so that decoder tests do not depend on the decoder's
/// own library to produce their input.
/// </summary>
internal static class PngWriter
{
    /// <summary>PNG colour types used here.</summary>
    public enum ColorType : byte
    {
        Gray = 0,
        Rgb = 2,
        GrayAlpha = 4,
        Rgba = 6,
    }

    /// <summary>
    /// Encodes samples (row-major; big-endian byte order is handled here) of the given bit depth (8 or 16);
    /// <paramref name="ancillary"/> chunks are written before IDAT.
    /// </summary>
    public static byte[] Encode(int width, int height, ColorType colorType, int bitDepth, int[] samples, params (string Type, byte[] Data)[] ancillary)
    {
        int channels = colorType switch { ColorType.Gray => 1, ColorType.GrayAlpha => 2, ColorType.Rgb => 3, _ => 4 };
        int bytesPerSample = bitDepth / 8;
        using var raw = new MemoryStream();
        for (int y = 0, i = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            for (int x = 0; x < width * channels; x++, i++)
            {
                if (bytesPerSample == 2)
                {
                    raw.WriteByte((byte)(samples[i] >> 8));
                }

                raw.WriteByte((byte)samples[i]);
            }
        }

        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            raw.Position = 0;
            raw.CopyTo(z);
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        byte[] ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = (byte)colorType;
        WriteChunk(png, "IHDR", ihdr);
        foreach ((string type, byte[] data) in ancillary)
        {
            WriteChunk(png, type, data);
        }

        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typeAndData));
        png.Write(word);
    }

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
