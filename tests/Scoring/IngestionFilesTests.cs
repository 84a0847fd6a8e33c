namespace AutoVision.Scoring.Tests;

public class IngestionFilesTests
{
    [Fact]
    public void WriteStart_Header_WritesTheFourLinesLikeTheChallenge()
    {
        using var folder = new TempFolder();
        var files = new IngestionFiles(folder.Path, "miniciao");
        files.WriteStart(4242, 1200, 1557269921.7939095);
        Assert.Equal(
            "ingestion_pid: 4242\ntask_name: miniciao\ntime_budget: 1200.0\nstart_time: 1557269921.7939095\n",
            File.ReadAllText(files.StartPath));
        Assert.Equal(["start.txt"], folder.FileNames());
    }

    [Fact]
    public void WritePrediction_TwoPredictions_AppendsTimestampsInOrderAndWritesFiles()
    {
        using var folder = new TempFolder();
        var files = new IngestionFiles(folder.Path, "mini");
        files.WriteStart(7, 1200.0, 1557269921.7939095);
        string first = files.WritePrediction(0, 1557269953.5586617, new float[,] { { 0.25f, 0.75f } });
        string second = files.WritePrediction(1, 1557269958.3, new float[,] { { 1f, 0f } });

        Assert.Equal(Path.Combine(folder.Path, "mini.predict_0"), first);
        Assert.Equal(Path.Combine(folder.Path, "mini.predict_1"), second);
        Assert.Equal("0.25 0.75\n", File.ReadAllText(first));
        Assert.Equal("1 0\n", File.ReadAllText(second));
        string[] lines = File.ReadAllLines(files.StartPath);
        Assert.Equal(["0: 1557269953.5586617", "1: 1557269958.3"], lines[4..]);
        Assert.Equal(["mini.predict_0", "mini.predict_1", "start.txt"], folder.FileNames());
    }

    [Fact]
    public void WriteStartPredictionAndEnd_AwkwardTimes_WritePythonsStrOfEach()
    {
        // Expected text: str(float) of each value, printed by Python 3.11.
        using var folder = new TempFolder();
        var files = new IngestionFiles(folder.Path, "mini");
        files.WriteStart(1, 999999.5, 1e+300);
        files.WritePrediction(0, 1e-05, new float[,] { { 1f } });
        files.WritePrediction(1, -0.0, new float[,] { { 1f } });
        files.WritePrediction(2, 5e-324, new float[,] { { 1f } });
        files.WritePrediction(3, 1e-310, new float[,] { { 1f } });
        files.WritePrediction(4, 1e-300, new float[,] { { 1f } });
        files.WriteEnd(1e-05, success: true, -1e+300);

        Assert.Equal(
            "ingestion_pid: 1\ntask_name: mini\ntime_budget: 999999.5\nstart_time: 1e+300\n" +
            "0: 1e-05\n1: -0.0\n2: 5e-324\n3: 1e-310\n4: 1e-300\n",
            File.ReadAllText(files.StartPath));
        Assert.Equal("ingestion_duration: 1e-05\ningestion_success: 1\nend_time: -1e+300\n", File.ReadAllText(files.EndPath));

        IngestionLog log = IngestionFiles.ReadStart(files.StartPath);
        Assert.Equal(999999.5, log.TimeBudget);
        Assert.Equal(1e+300, log.StartTime);
        Assert.Equal([1e-05, -0.0, 5e-324, 1e-310, 1e-300], log.ConsecutiveTimestamps());
        Assert.True(double.IsNegative(log.Timestamps[1]));
        Assert.Equal(new IngestionEnd(1e-05, true, -1e+300), IngestionFiles.ReadEnd(files.EndPath));
    }

    [Fact]
    public void WritePrediction_BeforeWriteStart_Throws()
    {
        using var folder = new TempFolder();
        var files = new IngestionFiles(folder.Path, "mini");
        var error = Assert.Throws<InvalidOperationException>(() => files.WritePrediction(0, 1.0, new float[,] { { 1f } }));
        Assert.Contains("start.txt", error.Message);
        Assert.Empty(folder.FileNames());
    }

    [Fact]
    public void WriteEnd_Success_WritesDurationSuccessAndEndTime()
    {
        using var folder = new TempFolder();
        var files = new IngestionFiles(folder.Path, "mini");
        files.WriteEnd(36.5, success: true, 1557269958.3);
        Assert.Equal("ingestion_duration: 36.5\ningestion_success: 1\nend_time: 1557269958.3\n", File.ReadAllText(files.EndPath));
        files.WriteEnd(2.0, success: false, 1557269960.0);
        Assert.Equal("ingestion_duration: 2.0\ningestion_success: 0\nend_time: 1557269960.0\n", File.ReadAllText(files.EndPath));
        Assert.Equal(["end.txt"], folder.FileNames());
    }

    [Fact]
    public void ReadStart_WrittenFile_ParsesBackEveryField()
    {
        using var folder = new TempFolder();
        var files = new IngestionFiles(folder.Path, "mini");
        files.WriteStart(31315, 1200.0, 1557269921.7939095);
        files.WritePrediction(0, 1557269953.5586617, new float[,] { { 1f } });
        files.WritePrediction(1, 1557269956.012751, new float[,] { { 1f } });

        IngestionLog log = IngestionFiles.ReadStart(files.StartPath);

        Assert.Equal(31315, log.Pid);
        Assert.Equal("mini", log.TaskName);
        Assert.Equal(1200.0, log.TimeBudget);
        Assert.Equal(1557269921.7939095, log.StartTime);
        Assert.Equal(2, log.Timestamps.Count);
        Assert.Equal(1557269953.5586617, log.Timestamps[0]);
        Assert.Equal(1557269956.012751, log.Timestamps[1]);
    }

    [Fact]
    public void ReadStart_OldFileWithoutTaskName_ParsesWithEmptyName()
    {
        using var folder = new TempFolder();
        // The layout of older ingestion programs: no task_name, an integer budget, a blank line.
        string path = folder.Write("start.txt", "ingestion_pid: 1\ntime_budget: 7200\nstart_time: 1557923830.3012087\n\n0: 1557923854.504741\n");
        IngestionLog log = IngestionFiles.ReadStart(path);
        Assert.Equal("", log.TaskName);
        Assert.Equal(7200.0, log.TimeBudget);
        Assert.Equal(1557923854.504741, log.Timestamps[0]);
    }

    [Fact]
    public void ReadStart_LineWithoutColon_ErrorNamesFileAndLine()
    {
        using var folder = new TempFolder();
        string path = folder.Write("start.txt", "ingestion_pid: 1\ntime_budget: 1200.0\nstart_time: 5.0\ngarbage\n");
        var error = Assert.Throws<InvalidDataException>(() => IngestionFiles.ReadStart(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("line 4", error.Message);
        Assert.Contains("'garbage'", error.Message);
    }

    [Fact]
    public void ReadStart_BadTimestamp_ErrorNamesFileAndLine()
    {
        using var folder = new TempFolder();
        string path = folder.Write("start.txt", "ingestion_pid: 1\ntime_budget: 1200.0\nstart_time: 5.0\n0: soon\n");
        var error = Assert.Throws<InvalidDataException>(() => IngestionFiles.ReadStart(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("line 4", error.Message);
        Assert.Contains("'0' must be a number", error.Message);
    }

    [Fact]
    public void ReadStart_MissingTimeBudget_ErrorNamesFileAndKey()
    {
        using var folder = new TempFolder();
        string path = folder.Write("start.txt", "ingestion_pid: 1\nstart_time: 5.0\n");
        var error = Assert.Throws<InvalidDataException>(() => IngestionFiles.ReadStart(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("time_budget", error.Message);
    }

    [Fact]
    public void ReadStart_MissingFile_ThrowsFileNotFound()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<FileNotFoundException>(() => IngestionFiles.ReadStart(folder.File("start.txt")));
        Assert.Contains(folder.File("start.txt"), error.Message);
    }

    [Fact]
    public void ReadEnd_WrittenFile_ParsesBack()
    {
        using var folder = new TempFolder();
        var files = new IngestionFiles(folder.Path, "mini");
        files.WriteEnd(36.5, success: false, 1557269958.3);
        Assert.Equal(new IngestionEnd(36.5, false, 1557269958.3), IngestionFiles.ReadEnd(files.EndPath));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("a/b")]
    public void Constructor_BadTaskName_Throws(string taskName)
    {
        using var folder = new TempFolder();
        Assert.ThrowsAny<ArgumentException>(() => new IngestionFiles(folder.Path, taskName));
    }
}
