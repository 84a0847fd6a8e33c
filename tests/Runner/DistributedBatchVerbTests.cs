using AutoVision.Runner.Cli;

namespace AutoVision.Runner.Tests;

/// <summary>The command line of <c>batch --queue</c> and <c>batch --emit-k8s</c>: what goes with what.</summary>
public class DistributedBatchVerbTests
{
    private static IReadOnlyList<string> Errors(params string[] args) =>
        CommandLine.Build().Parse(args).Errors.Select(e => e.Message).ToArray();

    [Theory]
    [InlineData(new[] { "batch", "--worker", "--output", "o" }, "--worker' needs --queue")]
    [InlineData(new[] { "batch", "--datasets", "d", "--output", "o", "--report" }, "--report' needs --queue")]
    [InlineData(new[] { "batch", "--queue", "postgres://h/d" }, "expected --datasets DIR (to add runs), --worker (to run them) or --report")]
    [InlineData(new[] { "batch", "--queue", "postgres://h/d", "--worker" }, "'--output' is required with --worker and --report")]
    [InlineData(new[] { "batch", "--emit-k8s", "k8s" }, "--emit-k8s needs --datasets DIR")]
    [InlineData(new[] { "batch", "--queue", "postgres://h/d", "--worker", "--output", "o", "--retry-failed" }, "'--retry-failed' is not available with --queue")]
    public void Parse_OptionsThatDoNotGoTogether_SayWhatIsExpected(string[] args, string expected) =>
        Assert.Contains(Errors(args), e => e.Contains(expected, StringComparison.Ordinal));

    [Theory]
    [InlineData("batch", "--queue", "postgres://h/d", "--worker", "--output", "o")]
    [InlineData("batch", "--queue", "postgres://h/d", "--datasets", "d")]
    [InlineData("batch", "--queue", "postgres://h/d", "--report", "--output", "o", "--queue-name", "night")]
    [InlineData("batch", "--emit-k8s", "k8s", "--datasets", "d", "--gpu", "--k8s-workers", "3")]
    [InlineData("batch", "--datasets", "d", "--output", "o")]
    public void Parse_ValidCombinations_HaveNoErrors(params string[] args) => Assert.Empty(Errors(args));

    [Fact]
    public void Queue_NotADatabase_ExitsBadInputSayingWhatIsExpected()
    {
        var result = RunnerProcess.Run(TimeSpan.FromMinutes(2), "batch", "--queue", "results.csv", "--report", "--output", TestPaths.NewTempDir());
        Assert.Equal(BatchExitCodes.BadInput, result.ExitCode);
        Assert.Contains("expected postgres://user:password@host:port/database", result.Stderr);
    }
}
