using System.Buffers.Binary;

namespace AutoVision.Data.AutoDL;

/// <summary>
/// Writes TensorFlow TFRecord framing: for each record
/// <c>uint64 length (LE) | uint32 masked_crc32c(length bytes) | payload | uint32 masked_crc32c(payload)</c>.
/// </summary>
public static class TFRecordWriter
{
    /// <summary>Writes one record to <paramref name="stream"/>.</summary>
    public static void WriteRecord(Stream stream, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[12];
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32C.Mask(Crc32C.Compute(header[..8])));
        BinaryPrimitives.WriteUInt32LittleEndian(footer, Crc32C.Mask(Crc32C.Compute(payload)));
        stream.Write(header);
        stream.Write(payload);
        stream.Write(footer);
    }
}
