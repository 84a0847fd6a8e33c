using System.Diagnostics;
using AutoVision.Runner.Platform;
using AutoVision.Scoring;
using Microsoft.Extensions.Logging.Abstractions;

namespace AutoVision.Runner.Tests;

/// <summary>
/// The platform with real child processes and the diagnostic learner (no model, so each run takes seconds):
/// the construction cap, the kill at start + T, a crash, a clean end.
/// </summary>
public class PlatformJobTests
{
    private const int Rows = 18, Classes = 10;   // miniciao's test set

    private static Task<PlatformOutcome> Run(string entry, double budget, double cap = 60) =>
        new PlatformJob(NullLoggerFactory.Instance, TimeProvider.System).RunAsync(new PlatformOptions
        {
            Entry = entry,
            DatasetDir = TestPaths.MiniCiao,
            OutputDir = Path.Combine(TestPaths.NewTempDir(), "out"),
            BudgetSeconds = budget,
            ConstructionCapSeconds = cap,
        }, CancellationToken.None);

    /// <summary>Every scored prediction is the diagnostic learner's, whole, and its NAUC is the independent one.</summary>
    private static void AssertScoredPredictionsAreWhole(PlatformOutcome outcome, int expected, int seed = 7)
    {
        var files = Directory.GetFiles(outcome.OutputDir, "miniciao.predict_*");
        Assert.Equal(expected, files.Length);
        Assert.Equal(expected, outcome.Score!.Nauc.Count);
        var solution = IndependentScorer.ReadMatrix(Path.Combine(TestPaths.MiniCiao, "miniciao.solution"));
        for (int k = 0; k < expected; k++)
        {
            var path = Path.Combine(outcome.OutputDir, $"miniciao.predict_{k}");
            Assert.Equal(ExpectedBytes(seed, k), File.ReadAllBytes(path));
            var read = IndependentScorer.ReadMatrix(path);
            Assert.Equal(IndependentScorer.Nauc(solution, read), outcome.Score.Nauc[k], 12);
        }
        var scores = IndependentScorer.ReadKeyValues(Path.Combine(outcome.OutputDir, "scores.txt"));
        Assert.Equal(expected, IndependentScorer.ParseList(scores["nauc_scores"]).Length);
    }

    private static void AssertGone(PlatformOutcome outcome)
    {
        var pid = IngestionFiles.ReadStart(Path.Combine(outcome.OutputDir, "start.txt")).Pid;
        try
        {
            using var p = Process.GetProcessById(pid);
            Assert.True(p.HasExited, $"ingestion process {pid} still runs");
        }
        catch (ArgumentException)
        {
            // No such process: gone.
        }
    }

    [Fact]
    public async Task RunAsync_IngestionRunsPastT_IsKilledAndEveryEarlierPredictionIsScored()
    {
        // Train blocks for ever after 4 predictions, deaf to the ingestion's own deadline: only the kill ends it.
        var outcome = await Run(TestEntries.Diagnostic("\"trainSeconds\": 0.05, \"stallAfterPredictions\": 4"), budget: 3);

        Assert.Equal(IngestionEnding.KilledAtDeadline, outcome.Ending);
        Assert.Equal(PlatformExitCodes.KilledAtDeadline, outcome.ExitCode);
        Assert.True(outcome.IngestionSeconds >= 3, $"killed at {outcome.IngestionSeconds} s");
        Assert.False(File.Exists(Path.Combine(outcome.OutputDir, "end.txt")));
        AssertGone(outcome);
        AssertScoredPredictionsAreWhole(outcome, 4);
        Assert.Equal(4, outcome.LiveScored);   // scored while it ran, before the kill
        Assert.All(outcome.Score!.Timestamps, t => Assert.True(t < 3));
    }

    [Fact]
    public async Task RunAsync_ConstructionOverTheCap_IsKilledBeforeTheClockStarts()
    {
        var outcome = await Run(TestEntries.Diagnostic("\"constructionSeconds\": 120"), budget: 5, cap: 2);

        Assert.Equal(IngestionEnding.ConstructionOverCap, outcome.Ending);
        Assert.Equal(PlatformExitCodes.NotStarted, outcome.ExitCode);
        Assert.Null(outcome.Construction);
        Assert.Null(outcome.Score);
        Assert.False(File.Exists(Path.Combine(outcome.OutputDir, "start.txt")));
        Assert.NotNull(outcome.ProcessExitCode);   // it is gone
        Assert.Contains("within its cap of 2 s", PlatformSummary.Of(outcome));
    }

    [Fact]
    public async Task RunAsync_ConstructionInsideTheCap_IsNotCountedInTheBudget()
    {
        var outcome = await Run(TestEntries.Diagnostic("\"constructionSeconds\": 2, \"maxPredictions\": 2"), budget: 30);

        Assert.Equal(IngestionEnding.Succeeded, outcome.Ending);
        Assert.True(outcome.Construction >= TimeSpan.FromSeconds(2));
        Assert.All(outcome.Score!.Timestamps, t => Assert.True(t < 2, $"prediction at {t} s: construction was counted"));
    }

    [Fact]
    public async Task RunAsync_IngestionCrashes_ScoresWhatItWrote()
    {
        var outcome = await Run(TestEntries.Diagnostic("\"crashAfterPredictions\": 3"), budget: 30);

        Assert.Equal(IngestionEnding.Crashed, outcome.Ending);
        Assert.Equal(PlatformExitCodes.IngestionFailed, outcome.ExitCode);
        Assert.False(File.Exists(Path.Combine(outcome.OutputDir, "end.txt")));
        AssertScoredPredictionsAreWhole(outcome, 3);
    }

    [Fact]
    public async Task RunAsync_IngestionEndsByItself_ExitCode0()
    {
        var outcome = await Run(TestEntries.Diagnostic("\"maxPredictions\": 3"), budget: 30);

        Assert.Equal(IngestionEnding.Succeeded, outcome.Ending);
        Assert.Equal(PlatformExitCodes.Success, outcome.ExitCode);
        Assert.Equal(0, outcome.ProcessExitCode);
        Assert.Contains("ingestion_success: 1", File.ReadAllText(Path.Combine(outcome.OutputDir, "end.txt")));
        AssertScoredPredictionsAreWhole(outcome, 3);
        Assert.Equal(outcome.Score!.Alc, IndependentScorer.Alc(outcome.Score.Timestamps, outcome.Score.Nauc, 30, 1.5), 12);
    }

    [Fact]
    public async Task RunAsync_ConstructionFails_ReportsTheIngestionsOwnMessage()
    {
        // The transfer learner on a device this build does not have: it fails while being built.
        var outcome = await Run(TestEntries.WithProfile("""{ "device": "cuda" }"""), budget: 30);

        Assert.Equal(IngestionEnding.ExitedBeforeStart, outcome.Ending);
        Assert.Equal(PlatformExitCodes.NotStarted, outcome.ExitCode);
        Assert.Equal(2, outcome.ProcessExitCode);
        Assert.Contains(outcome.ProcessTail, l => l.Contains("CUDA", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_OutputHoldsAnEarlierRun_IsRefused()
    {
        var output = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(output, "start.txt"), "");
        await Assert.ThrowsAsync<IOException>(() => new PlatformJob(NullLoggerFactory.Instance, TimeProvider.System).RunAsync(new PlatformOptions
        {
            Entry = TestEntries.Diagnostic("\"maxPredictions\": 1"),
            DatasetDir = TestPaths.MiniCiao,
            OutputDir = output,
        }, CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_NeitherEntryNorPackage_IsRefused()
    {
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => Run(TestPaths.NewTempDir(), budget: 5));
        Assert.Contains("neither an entry folder", ex.Message);
    }

    /// <summary>The exact bytes of the diagnostic learner's prediction <paramref name="k"/> as the ingestion writes it.</summary>
    private static byte[] ExpectedBytes(int seed, int k)
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "expected");
        PredictionFile.Write(path, DiagnosticLearner.Prediction(seed, k, Rows, Classes));
        return File.ReadAllBytes(path);
    }
}
