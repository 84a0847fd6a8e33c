namespace AutoVision.Scoring.Tests;

public class AtomicFileTests
{
    [Fact]
    public void Write_WriterThrows_KeepsTheOldFileAndLeavesNoTemporaryFile()
    {
        using var folder = new TempFolder();
        string path = folder.Write("start.txt", "old\n");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, "temp_x_", writer =>
        {
            writer.Write("new, half writ");
            throw new InvalidOperationException("killed mid-write");
        }));

        Assert.Equal("old\n", File.ReadAllText(path));
        Assert.Equal(["start.txt"], folder.FileNames());
    }

    [Fact]
    public void WriteText_NewFile_WritesUtf8WithoutByteOrderMark()
    {
        using var folder = new TempFolder();
        string path = folder.File("end.txt");
        AtomicFile.WriteText(path, "temp_x_", "a: 1\n");
        Assert.Equal("a: 1\n"u8.ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void WriteBytes_NewFile_WritesExactlyTheBytes()
    {
        using var folder = new TempFolder();
        string path = folder.File("learning-curve-t.png");
        byte[] bytes = [0x89, 0x50, 0x4e, 0x47, 0x00, 0xff];
        AtomicFile.WriteBytes(path, "temp_x_", bytes);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Equal(["learning-curve-t.png"], folder.FileNames());
    }

    [Fact]
    public void WriteStream_WriterThrows_KeepsTheOldFileAndLeavesNoTemporaryFile()
    {
        using var folder = new TempFolder();
        string path = folder.Write("detailed_results.json", "{}\n");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.WriteStream(path, "temp_x_", stream =>
        {
            stream.Write("{\"half"u8);
            throw new InvalidOperationException("killed mid-write");
        }));

        Assert.Equal("{}\n", File.ReadAllText(path));
        Assert.Equal(["detailed_results.json"], folder.FileNames());
    }

    [Fact]
    public void AppendDurably_ExistingFile_AddsAtTheEnd()
    {
        using var folder = new TempFolder();
        string path = folder.Write("start.txt", "start_time: 1.0\n");
        AtomicFile.AppendDurably(path, "0: 2.0\n");
        AtomicFile.AppendDurably(path, "1: 3.0\n");
        Assert.Equal("start_time: 1.0\n0: 2.0\n1: 3.0\n", File.ReadAllText(path));
    }
}
