using AutoVision.Runner.Cli;
using AutoVision.Scoring;

namespace AutoVision.Runner.Tests;

public class CommandLineTests
{
    /// <summary>A prediction folder for miniciao with two predictions (a constant one, then the solution itself).</summary>
    private static string PredictionFolder()
    {
        var dir = TestPaths.NewTempDir();
        var solution = SolutionFile.Read(Path.Combine(TestPaths.MiniCiao, "miniciao.solution"));
        var files = new IngestionFiles(dir, "miniciao");
        files.WriteStart(1234, 1200, 1000);
        files.WritePrediction(0, 1010, new double[18, 10]);
        files.WritePrediction(1, 1060, solution);
        files.WriteEnd(70, true, 1070);
        return dir;
    }

    [Fact]
    public async Task Score_PredictionFolder_WritesScoresTxtWithTheOfficialT0()
    {
        var dir = PredictionFolder();
        int code = await CommandLine.InvokeAsync(new[] { "score", "--solution-dir", TestPaths.MiniCiao, "--prediction-dir", dir });
        Assert.Equal(0, code);
        var scores = IndependentScorer.ReadKeyValues(Path.Combine(dir, "scores.txt"));
        Assert.Equal(new[] { 0.0, 1.0 }, IndependentScorer.ParseList(scores["nauc_scores"]));
        // Budget 1200 s gives t0 = 60: a perfect prediction at 60 s after a useless one.
        double expected = 1 - Math.Log(2) / Math.Log(21);
        Assert.Equal(expected, double.Parse(scores["score"], System.Globalization.CultureInfo.InvariantCulture), 12);
    }

    [Fact]
    public async Task Score_ExplicitT0_IsUsed()
    {
        var dir = PredictionFolder();
        int code = await CommandLine.InvokeAsync(new[] { "score", "--solution-dir", TestPaths.MiniCiao, "--prediction-dir", dir, "--t0", "10" });
        Assert.Equal(0, code);
        double expected = 1 - Math.Log(1 + 60 / 10.0) / Math.Log(1 + 1200 / 10.0);
        Assert.Equal(expected, double.Parse(IndependentScorer.ReadKeyValues(Path.Combine(dir, "scores.txt"))["score"], System.Globalization.CultureInfo.InvariantCulture), 12);
    }

    [Fact]
    public async Task Score_MissingPredictionFolder_FailsWithExitCode2()
    {
        int code = await CommandLine.InvokeAsync(new[] { "score", "--solution-dir", TestPaths.MiniCiao, "--prediction-dir", "/nonexistent/autovision" });
        Assert.Equal(2, code);
    }

    [Fact]
    public async Task Run_MissingRequiredOption_IsAParseError()
    {
        int code = await CommandLine.InvokeAsync(new[] { "run", "--output", "/tmp/x" });
        Assert.NotEqual(0, code);
    }

    [Fact]
    public async Task Run_DeviceNotInTheList_IsAParseError()
    {
        int code = await CommandLine.InvokeAsync(new[] { "run", "--dataset", TestPaths.MiniCiao, "--output", TestPaths.NewTempDir(), "--device", "tpu" });
        Assert.NotEqual(0, code);
    }

    [Fact]
    public async Task Run_OutputHoldsAnEarlierRun_RefusesWithExitCode2()
    {
        var dir = PredictionFolder();
        int code = await CommandLine.InvokeAsync(new[] { "run", "--dataset", TestPaths.MiniCiao, "--output", dir, "--budget", "5" });
        Assert.Equal(2, code);
        Assert.Equal(2, Directory.GetFiles(dir, "miniciao.predict_*").Length);
    }

    [Fact]
    public async Task Platform_EntryNotFound_ExitsWith2()
    {
        int code = await CommandLine.InvokeAsync(new[] { "platform", "--entry", "/nonexistent/autovision", "--dataset", TestPaths.MiniCiao, "--output", TestPaths.NewTempDir() });
        Assert.Equal(2, code);
    }

    [Fact]
    public async Task Platform_MissingDataset_IsAParseError()
    {
        int code = await CommandLine.InvokeAsync(new[] { "platform", "--entry", TestPaths.DefaultEntry, "--output", TestPaths.NewTempDir() });
        Assert.NotEqual(0, code);
    }

    [Fact]
    public async Task Pack_OutputNotEmpty_ExitsWith2BeforePublishing()
    {
        var output = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(output, "something"), "x");
        int code = await CommandLine.InvokeAsync(new[] { "pack", TestPaths.DefaultEntry, "--output", output });
        Assert.Equal(2, code);
        Assert.Single(Directory.GetFileSystemEntries(output));
    }

    [Fact]
    public async Task Pack_FolderWithoutProfile_ExitsWith2()
    {
        int code = await CommandLine.InvokeAsync(new[] { "pack", TestPaths.NewTempDir(), "--output", Path.Combine(TestPaths.NewTempDir(), "p") });
        Assert.Equal(2, code);
    }

    [Fact]
    public async Task Resume_FolderWithoutRunJson_ExitsWithBadInput()
    {
        int code = await CommandLine.InvokeAsync(new[] { "resume", "--output", TestPaths.NewTempDir() });
        Assert.Equal(ExitCodes.BadInput, code);
    }

    [Fact]
    public async Task Resume_BudgetUsedUp_ExitsWithNoTimeLeft()
    {
        var dir = TestPaths.NewTempDir();
        new RunRecord { DatasetDir = TestPaths.MiniCiao, BudgetSeconds = 20, Learner = new() }.Write(dir);
        new IngestionFiles(dir, "miniciao").WriteStart(1, 20, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600);
        int code = await CommandLine.InvokeAsync(new[] { "resume", "--output", dir });
        Assert.Equal(ExitCodes.NoTimeLeft, code);
        Assert.False(File.Exists(Path.Combine(dir, "end.txt")));
    }
}
