using System.Buffers.Binary;
using AutoVision.Data.AutoDL;

namespace AutoVision.Data.Tests.Support;

/// <summary>Writes TFRecord framing (length, masked CRCs) for synthetic test files.</summary>
internal static class TfRecordWriter
{
    public static void Write(string path, IEnumerable<byte[]> records)
    {
        using var stream = File.Create(path);
        Span<byte> header = stackalloc byte[12];
        Span<byte> footer = stackalloc byte[4];
        foreach (byte[] record in records)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)record.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32C.Mask(Crc32C.Compute(header[..8])));
            BinaryPrimitives.WriteUInt32LittleEndian(footer, Crc32C.Mask(Crc32C.Compute(record)));
            stream.Write(header);
            stream.Write(record);
            stream.Write(footer);
        }
    }
}
