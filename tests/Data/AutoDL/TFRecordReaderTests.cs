using AutoVision.Data.AutoDL;
using AutoVision.Data.Tests.Support;

namespace AutoVision.Data.Tests.AutoDL;

public sealed class TFRecordReaderTests
{
    [Theory]
    [InlineData("miniciao", "train", 82)]
    [InlineData("miniciao", "test", 18)]
    [InlineData("Monkeys", "train", 26)]
    [InlineData("Monkeys", "test", 4)]
    [InlineData("mini1", "train", 50)]
    [InlineData("mini1", "test", 10)]
    public void ReadRecords_SampleFile_YieldsEveryRecord(string dataset, string split, int expected)
    {
        Assert.Equal(expected, TFRecordReader.ReadRecords(TestPaths.DataFile(dataset, split)).Count());
    }

    [Fact]
    public void ReadRecords_SyntheticFile_RoundTripsPayloadsInOrder()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "records");
        byte[][] payloads = [[], [1], [1, 2, 3], new byte[1000]];
        TfRecordWriter.Write(path, payloads);

        Assert.Equal(payloads, TFRecordReader.ReadRecords(path).ToArray());
    }

    [Fact]
    public void ReadRecords_EmptyFile_YieldsNothing()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "empty");
        File.WriteAllBytes(path, []);

        Assert.Empty(TFRecordReader.ReadRecords(path));
    }

    [Fact]
    public void ReadRecords_FlippedPayloadByte_ThrowsDataCrcErrorNamingRecord()
    {
        using var temp = new TempDirectory();
        string path = CopyWithFlippedByte(temp, record: 5, offsetInRecord: 12 + 40);

        var ex = Assert.Throws<InvalidDataException>(() => TFRecordReader.ReadRecords(path).ToList());

        Assert.Contains("record 5", ex.Message);
        Assert.Contains("data CRC", ex.Message);
        Assert.Contains(path, ex.Message);
        Assert.Contains($"byte offset {RecordOffset(path, 5)}", ex.Message);
    }

    [Fact]
    public void ReadRecords_FlippedLengthByte_ThrowsLengthCrcErrorNamingRecord()
    {
        using var temp = new TempDirectory();
        string path = CopyWithFlippedByte(temp, record: 3, offsetInRecord: 0);

        var ex = Assert.Throws<InvalidDataException>(() => TFRecordReader.ReadRecords(path).ToList());

        Assert.Contains("record 3", ex.Message);
        Assert.Contains("length CRC", ex.Message);
    }

    [Fact]
    public void ReadRecords_FlippedByte_YieldsTheRecordsBeforeIt()
    {
        using var temp = new TempDirectory();
        string path = CopyWithFlippedByte(temp, record: 5, offsetInRecord: 12 + 40);
        var read = new List<byte[]>();

        Assert.Throws<InvalidDataException>(() =>
        {
            foreach (byte[] record in TFRecordReader.ReadRecords(path))
            {
                read.Add(record);
            }
        });

        Assert.Equal(5, read.Count);
    }

    [Fact]
    public void ReadRecords_TruncatedPayload_ThrowsTruncatedErrorNamingRecord()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "truncated");
        byte[] bytes = File.ReadAllBytes(TestPaths.DataFile("miniciao", "test"));
        File.WriteAllBytes(path, bytes[..^10]);

        var ex = Assert.Throws<InvalidDataException>(() => TFRecordReader.ReadRecords(path).ToList());

        Assert.Contains("record 17", ex.Message);
        Assert.Contains("truncated data", ex.Message);
    }

    [Fact]
    public void ReadRecords_TruncatedHeader_ThrowsTruncatedHeaderError()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "truncated");
        TfRecordWriter.Write(path, [[1, 2, 3]]);
        File.AppendAllText(path, "abc");

        var ex = Assert.Throws<InvalidDataException>(() => TFRecordReader.ReadRecords(path).ToList());

        Assert.Contains("record 1", ex.Message);
        Assert.Contains("truncated header", ex.Message);
        Assert.Contains("byte offset 19", ex.Message);
    }

    private static string CopyWithFlippedByte(TempDirectory temp, int record, int offsetInRecord)
    {
        string source = TestPaths.DataFile("miniciao", "train");
        string path = Path.Combine(temp.Path, Path.GetFileName(source));
        byte[] bytes = File.ReadAllBytes(source);
        bytes[RecordOffset(bytes, record) + offsetInRecord] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static long RecordOffset(string path, int record) => RecordOffset(File.ReadAllBytes(path), record);

    /// <summary>Byte offset of a record, walking the length fields of the intact records before it.</summary>
    private static int RecordOffset(byte[] bytes, int record)
    {
        int offset = 0;
        for (int i = 0; i < record; i++)
        {
            offset += 16 + (int)BitConverter.ToUInt64(bytes, offset);
        }

        return offset;
    }
}
