namespace AutoVision.Scoring.Tests;

public class PredictionFileTests
{
    [Fact]
    public void Write_FloatMatrix_WritesG6ValuesOneRowPerLine()
    {
        using var folder = new TempFolder();
        string path = folder.File("task.predict_0");
        PredictionFile.Write(path, new float[,] { { 0.1f, 1f / 3f, 0f }, { 1e-6f, 0.5f, -0f } });
        Assert.Equal("0.1 0.333333 0\n1e-06 0.5 -0\n", File.ReadAllText(path));
    }

    [Fact]
    public void Write_DoubleMatrix_WritesG6ValuesOneRowPerLine()
    {
        using var folder = new TempFolder();
        string path = folder.File("task.predict_0");
        PredictionFile.Write(path, new double[,] { { 0.123456789, double.NaN }, { 1234567.0, double.NegativeInfinity } });
        Assert.Equal("0.123457 nan\n1.23457e+06 -inf\n", File.ReadAllText(path));
    }

    [Fact]
    public void Write_AwkwardDoubles_WritesPythonsGText()
    {
        // Expected text: ' '.join('{0:g}'.format(v) for v in row) per row, printed by Python 3.11.
        using var folder = new TempFolder();
        string path = folder.File("task.predict_0");
        PredictionFile.Write(path, new double[,]
        {
            { -0.0, 1e-05, 999999.5 },
            { 5e-324, 1e-310, 1e-300 },
            { 1e+300, -1e-300, 9.999995e-05 },
        });
        Assert.Equal("-0 1e-05 1e+06\n4.94066e-324 1e-310 1e-300\n1e+300 -1e-300 0.0001\n", File.ReadAllText(path));
    }

    [Fact]
    public void Write_AwkwardFloats_WritesPythonsGTextOfTheWidenedValues()
    {
        // Expected text: '{0:g}'.format(float(np.float32(v))), printed by Python 3.11 with numpy 1.24.2.
        using var folder = new TempFolder();
        string path = folder.File("task.predict_0");
        PredictionFile.Write(path, new float[,]
        {
            { -0f, 1e-5f, 999999.5f },
            { 1e-45f, 1e-40f, 3.4028235e38f },
            { float.NaN, float.PositiveInfinity, float.NegativeInfinity },
        });
        Assert.Equal("-0 1e-05 1e+06\n1.4013e-45 9.99995e-41 3.40282e+38\nnan inf -inf\n", File.ReadAllText(path));
    }

    [Fact]
    public void Write_ThenRead_GivesTheG6RoundedValues()
    {
        using var folder = new TempFolder();
        string path = folder.File("task.predict_3");
        var prediction = new float[,] { { 0.7f, 0.30000001f }, { 0.12345678f, 0.9999999f } };
        PredictionFile.Write(path, prediction);
        double[,] read = PredictionFile.Read(path);
        Assert.Equal(new double[,] { { 0.7, 0.3 }, { 0.123457, 1.0 } }, read);
    }

    [Fact]
    public void Write_Success_LeavesOnlyTheTargetFile()
    {
        using var folder = new TempFolder();
        string path = folder.File("task.predict_0");
        PredictionFile.Write(path, new float[,] { { 1f } });
        PredictionFile.Write(path, new float[,] { { 2f } });
        Assert.Equal(["task.predict_0"], folder.FileNames());
        Assert.Equal("2\n", File.ReadAllText(path));
    }

    [Fact]
    public void Write_MissingFolder_ThrowsAndWritesNothing()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "missing", "task.predict_0");
        Assert.ThrowsAny<IOException>(() => PredictionFile.Write(path, new float[,] { { 1f } }));
        Assert.Empty(folder.FileNames());
    }

    [Fact]
    public void Read_NanInfAndExponents_Parses()
    {
        using var folder = new TempFolder();
        string path = folder.Write("p", "nan inf -inf\n1e-05 +2.5 .5\n");
        double[,] read = PredictionFile.Read(path);
        Assert.True(double.IsNaN(read[0, 0]));
        Assert.Equal(double.PositiveInfinity, read[0, 1]);
        Assert.Equal(double.NegativeInfinity, read[0, 2]);
        Assert.Equal(new[] { 1e-05, 2.5, 0.5 }, new[] { read[1, 0], read[1, 1], read[1, 2] });
    }

    [Fact]
    public void Read_TabsBlankLinesAndCrLf_AreWhitespace()
    {
        using var folder = new TempFolder();
        string path = folder.Write("p", "\n 0.1\t0.2  \r\n\n0.3 0.4\r\n\n");
        Assert.Equal(new double[,] { { 0.1, 0.2 }, { 0.3, 0.4 } }, PredictionFile.Read(path));
    }

    [Fact]
    public void Read_BadValue_ErrorNamesFileLineAndColumn()
    {
        using var folder = new TempFolder();
        string path = folder.Write("task.predict_2", "0.1 0.2\n0.3 0,4\n");
        var error = Assert.Throws<InvalidDataException>(() => PredictionFile.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("line 2, column 5 (value 2)", error.Message);
        Assert.Contains("expected a number", error.Message);
        Assert.Contains("'0,4'", error.Message);
    }

    [Fact]
    public void Read_RaggedRows_ErrorNamesBothLines()
    {
        using var folder = new TempFolder();
        string path = folder.Write("task.predict_0", "0.1 0.2 0.3\n0.4 0.5\n");
        var error = Assert.Throws<InvalidDataException>(() => PredictionFile.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("line 2 has 2 values; expected 3 like line 1", error.Message);
    }

    [Fact]
    public void Read_EmptyFile_Throws()
    {
        using var folder = new TempFolder();
        string path = folder.Write("task.predict_0", "\n  \n");
        var error = Assert.Throws<InvalidDataException>(() => PredictionFile.Read(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFoundNamingIt()
    {
        using var folder = new TempFolder();
        string path = folder.File("absent.predict_0");
        var error = Assert.Throws<FileNotFoundException>(() => PredictionFile.Read(path));
        Assert.Contains(path, error.Message);
    }

    [Theory]
    [InlineData("Infinity2")]
    [InlineData("NaN1")]
    [InlineData("1e")]
    [InlineData("--1")]
    [InlineData("0x10")]
    [InlineData("1,5")]
    public void Read_NotANumber_Throws(string token)
    {
        using var folder = new TempFolder();
        string path = folder.Write("p", $"1 {token}\n");
        Assert.Throws<InvalidDataException>(() => PredictionFile.Read(path));
    }
}
