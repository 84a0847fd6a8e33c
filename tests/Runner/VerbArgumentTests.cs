using System.CommandLine;
using AutoVision.Runner.Cli;

namespace AutoVision.Runner.Tests;

/// <summary>Every verb: --help says what it reads and writes; missing or bad arguments are refused.</summary>
public class VerbArgumentTests
{
    private static (int Code, string Output) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CommandLine.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output + error.ToString());
    }

    [Theory]
    [InlineData("run", "Reads", "Writes")]
    [InlineData("resume", "Reads", "Exit codes")]
    [InlineData("score", "Reads", "writes scores.txt")]
    [InlineData("platform", "--entry", "scores.txt")]
    [InlineData("pack", "manifest.json", "--output")]
    [InlineData("inspect", "Writes nothing", "--json")]
    [InlineData("convert", "metadata.textproto", "--output")]
    [InlineData("batch", "Reads", "results.csv")]
    public void Help_SaysWhatTheVerbReadsAndWrites(string verb, string first, string second)
    {
        var (code, output) = Invoke(verb, "--help");
        Assert.Equal(0, code);
        Assert.Contains(first, output);
        Assert.Contains(second, output);
    }

    [Theory]
    [InlineData("run", "--output", "/tmp/x")]                                   // --dataset missing
    [InlineData("run", "--dataset", "d", "--output", "o", "--budget", "abc")]   // not a number
    [InlineData("run", "--dataset", "d", "--output", "o", "--log-format", "xml")]
    [InlineData("score", "--prediction-dir", "/tmp/x")]                         // --solution-dir missing
    [InlineData("platform", "--dataset", "d", "--output", "o")]                 // --entry missing
    [InlineData("pack", "--output", "o")]                                       // the entry argument missing
    [InlineData("resume")]                                                      // --output missing
    [InlineData("inspect")]                                                     // the dataset argument missing
    [InlineData("convert", "in")]                                               // --output missing
    [InlineData("batch", "--output", "o")]                                      // --datasets missing
    [InlineData("batch", "--datasets", "d", "--output", "o", "--workers", "two")]
    [InlineData("run", "--dataset", "d", "--output", "o", "--no-such-option")]
    public void ParseErrors_AreRefusedWithAMessageNamingTheArgument(params string[] args)
    {
        var (code, output) = Invoke(args);
        Assert.NotEqual(0, code);
        Assert.False(string.IsNullOrWhiteSpace(output));
    }

    [Fact]
    public void ParseError_NamesTheMissingOption()
    {
        var (_, output) = Invoke("batch", "--output", "o");
        Assert.Contains("--datasets", output);
    }

    [Fact]
    public async Task Batch_WorkersZero_RefusedAsABadSetting()
    {
        var output = Path.Combine(TestPaths.NewTempDir(), "batch");
        int code = await CommandLine.InvokeAsync(["batch", "--datasets", TestPaths.MiniCiao, "--output", output, "--workers", "0"]);
        Assert.Equal(BatchExitCodes.BadInput, code);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Batch_DatasetsFolderMissing_ExitCode2()
    {
        int code = await CommandLine.InvokeAsync(["batch", "--datasets", "/nonexistent/autovision-datasets", "--output", TestPaths.NewTempDir(), "--budget", "5"]);
        Assert.Equal(BatchExitCodes.BadInput, code);
    }

    [Fact]
    public async Task Batch_FolderWithoutDatasets_ExitCode2AndNothingRecorded()
    {
        var output = TestPaths.NewTempDir();
        int code = await CommandLine.InvokeAsync(["batch", "--datasets", TestPaths.NewTempDir(), "--output", output, "--budget", "5"]);
        Assert.Equal(BatchExitCodes.BadInput, code);
        Assert.False(File.Exists(Path.Combine(output, "results.csv")));
    }

    [Fact]
    public async Task Batch_EntryFolderMissing_ExitCode2()
    {
        int code = await CommandLine.InvokeAsync(["batch", "--datasets", TestPaths.MiniCiao, "--output", TestPaths.NewTempDir(), "--entry", "/nonexistent/entry"]);
        Assert.Equal(BatchExitCodes.BadInput, code);
    }

    [Fact]
    public async Task Resume_ConfigFileMissing_ExitCode2()
    {
        int code = await CommandLine.InvokeAsync(["resume", "--output", TestPaths.NewTempDir(), "--config", "/nonexistent/autovision.json"]);
        Assert.Equal(ExitCodes.BadInput, code);
    }
}
