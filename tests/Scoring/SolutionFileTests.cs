namespace AutoVision.Scoring.Tests;

public class SolutionFileTests
{
    [Fact]
    public void Read_TrailingSpaces_ParsesLikeOldSolutionFiles()
    {
        using var folder = new TempFolder();
        // The first lines of the old mini1.solution: a trailing space on every line.
        string path = folder.Write("mini1.solution", "0 0 0 0 0 0 0 1 0 0 \n0 0 1 0 0 0 0 0 0 0 \n");
        double[,] solution = SolutionFile.Read(path);
        Assert.Equal(2, solution.GetLength(0));
        Assert.Equal(10, solution.GetLength(1));
        Assert.Equal(1.0, solution[0, 7]);
        Assert.Equal(1.0, solution[1, 2]);
        Assert.Equal(2.0, solution.Cast<double>().Sum());
    }

    [Fact]
    public void Read_OneValuePerLine_IsNByOne()
    {
        using var folder = new TempFolder();
        string path = folder.Write("binary.solution", "1\n0\n1\n");
        Assert.Equal(new double[,] { { 1 }, { 0 }, { 1 } }, SolutionFile.Read(path));
    }

    [Fact]
    public void Read_Garbage_ErrorNamesFileAndLine()
    {
        using var folder = new TempFolder();
        string path = folder.Write("task.solution", "0 1\n1 yes\n");
        var error = Assert.Throws<InvalidDataException>(() => SolutionFile.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("line 2, column 3", error.Message);
    }
}
