using System.Buffers.Binary;

namespace AutoVision.Data.AutoDL;

/// <summary>
/// Reads TensorFlow TFRecord files: for each record
/// <c>uint64 length (LE) | uint32 masked_crc32c(length bytes) | payload | uint32 masked_crc32c(payload)</c>.
/// Both checksums are verified on every record.
/// </summary>
public static class TFRecordReader
{
    private const int HeaderSize = 12;
    private const int FooterSize = 4;

    /// <summary>
    /// Lazily yields the payload of every record of <paramref name="path"/>, in file order.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// A truncated record or a checksum mismatch; the message names the file, the 0-based record index,
    /// the byte offset and the field ("length CRC", "data CRC" or "truncated ...").
    /// </exception>
    public static IEnumerable<byte[]> ReadRecords(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Iterate(path);
    }

    private static IEnumerable<byte[]> Iterate(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        long fileLength = stream.Length;
        byte[] header = new byte[HeaderSize];
        byte[] footer = new byte[FooterSize];
        long offset = 0;
        for (long index = 0; ; index++)
        {
            int got = ReadFully(stream, header);
            if (got == 0)
            {
                yield break;
            }

            if (got < HeaderSize)
            {
                throw Error(path, index, offset, $"truncated header: {got} of {HeaderSize} bytes (length + length CRC) before end of file");
            }

            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(header);
            uint expectedLengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8));
            uint actualLengthCrc = Crc32C.Mask(Crc32C.Compute(header.AsSpan(0, 8)));
            if (actualLengthCrc != expectedLengthCrc)
            {
                throw Error(path, index, offset, $"length CRC mismatch (stored 0x{expectedLengthCrc:X8}, computed 0x{actualLengthCrc:X8}, length field {length})");
            }

            long remaining = fileLength - offset - HeaderSize;
            if (length > (ulong)Math.Max(0, remaining - FooterSize) || length > (ulong)Array.MaxLength)
            {
                throw Error(path, index, offset, $"truncated data: record length {length} + {FooterSize} CRC bytes but only {Math.Max(0, remaining)} bytes left in the file");
            }

            byte[] data = new byte[(int)length];
            if (ReadFully(stream, data) != data.Length || ReadFully(stream, footer) != FooterSize)
            {
                throw Error(path, index, offset, "truncated data: the file ended while reading the record (it changed while being read?)");
            }

            uint expectedDataCrc = BinaryPrimitives.ReadUInt32LittleEndian(footer);
            uint actualDataCrc = Crc32C.Mask(Crc32C.Compute(data));
            if (actualDataCrc != expectedDataCrc)
            {
                throw Error(path, index, offset, $"data CRC mismatch (stored 0x{expectedDataCrc:X8}, computed 0x{actualDataCrc:X8}, {length} payload bytes at offset {offset + HeaderSize})");
            }

            yield return data;
            offset += HeaderSize + (long)length + FooterSize;
        }
    }

    private static int ReadFully(Stream stream, byte[] buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer, total, buffer.Length - total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    private static InvalidDataException Error(string path, long index, long offset, string what) =>
        new($"TFRecord file '{path}', record {index} at byte offset {offset}: {what}.");
}
