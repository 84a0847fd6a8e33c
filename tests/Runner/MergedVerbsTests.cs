using AutoVision.Runner.Cli;

namespace AutoVision.Runner.Tests;

/// <summary>The command line keeps what both lines of work added to it: run's settings options with --warm-start,
/// and both the batch and the predict verbs.</summary>
public class MergedVerbsTests
{
    [Fact]
    public void Run_TakesWarmStartWithTheSettingsOptions()
    {
        var parse = CommandLine.Build().Parse(["run", "--dataset", "d", "--output", "o", "--warm-start", "earlier", "--budget", "30", "--progress", "off"]);
        Assert.Empty(parse.Errors);
        Assert.Equal("earlier", parse.GetValue<string?>("--warm-start"));
    }

    [Fact]
    public void Root_ListsBatchAndPredict()
    {
        var names = CommandLine.Build().Subcommands.Select(c => c.Name).ToArray();
        Assert.Contains("batch", names);
        Assert.Contains("predict", names);
    }
}
