using System.Buffers.Binary;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace AutoVision.Data.AutoDL;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) and the TFRecord "masked" form of it.
/// Uses the SSE4.2 / ARMv8 CRC32C instructions when available, a lookup table otherwise.
/// </summary>
public static class Crc32C
{
    private const uint Polynomial = 0x82F63B78u;
    private const uint MaskDelta = 0xA282EAD8u;
    private static readonly uint[] Table = BuildTable();

    /// <summary>CRC-32C of <paramref name="data"/> (initial value and final XOR 0xFFFFFFFF, as in RFC 3720).</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        if (Sse42.X64.IsSupported)
        {
            ulong crc64 = crc;
            while (data.Length >= 8)
            {
                crc64 = Sse42.X64.Crc32(crc64, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }

            crc = (uint)crc64;
            foreach (byte b in data)
            {
                crc = Sse42.Crc32(crc, b);
            }
        }
        else if (Crc32.Arm64.IsSupported)
        {
            while (data.Length >= 8)
            {
                crc = Crc32.Arm64.ComputeCrc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }

            foreach (byte b in data)
            {
                crc = Crc32.ComputeCrc32C(crc, b);
            }
        }
        else
        {
            crc = UpdateWithTable(crc, data);
        }

        return ~crc;
    }

    /// <summary>TFRecord masking: <c>((crc &gt;&gt; 15) | (crc &lt;&lt; 17)) + 0xA282EAD8</c> modulo 2^32.</summary>
    public static uint Mask(uint crc) => unchecked(((crc >> 15) | (crc << 17)) + MaskDelta);

    /// <summary>Portable byte-at-a-time update (no final XOR); also used by tests to check the hardware path.</summary>
    internal static uint UpdateWithTable(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
