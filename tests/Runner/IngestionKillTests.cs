using System.Diagnostics;
using AutoVision.Runner.Platform;
using AutoVision.Scoring;
using Xunit.Abstractions;

namespace AutoVision.Runner.Tests;

/// <summary>
/// Kills the ingestion process at random moments while it writes predictions as fast as it can, and checks that
/// what is left is always scorable: only whole prediction files, each with its timestamp.
/// </summary>
public class IngestionKillTests(ITestOutputHelper output)
{
    private const int Rows = 18, Classes = 10;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Ingestion_KilledAtARandomMoment_LeavesOnlyWholeScorableFiles(int seed)
    {
        var random = new Random(seed);
        var entry = TestEntries.Diagnostic("\"trainSeconds\": 0", seed);
        var dir = Path.Combine(TestPaths.NewTempDir(), "out");
        using var ingestion = RunnerProcess.Start("ingest", "--dataset", TestPaths.MiniCiao, "--output", dir,
            "--budget", "600", "--profile", Path.Combine(entry, "profile.json"));
        try
        {
            // Let it write a random number of predictions, then kill it a random instant later.
            int target = random.Next(1, 40);
            bool reached = SpinWait.SpinUntil(() => ingestion.HasExited || CountPredictions(dir) >= target, TimeSpan.FromSeconds(60));
            Assert.True(reached && !ingestion.HasExited, $"the ingestion did not reach {target} predictions");
            Thread.SpinWait(random.Next(0, 2_000_000));
        }
        finally
        {
            ingestion.Kill(entireProcessTree: true);
            ingestion.WaitForExit();
        }

        var report = DirectoryScorer.Score(TestPaths.MiniCiao, dir);   // reads the folder without error
        var files = Directory.GetFiles(dir, "miniciao.predict_*");
        Assert.Equal(files.Length, report.Nauc.Count);
        var solution = IndependentScorer.ReadMatrix(Path.Combine(TestPaths.MiniCiao, "miniciao.solution"));
        for (int k = 0; k < files.Length; k++)
        {
            var path = Path.Combine(dir, $"miniciao.predict_{k}");
            // Byte for byte what the learner handed in for prediction k: the whole file, not a prefix of it.
            Assert.Equal(ExpectedBytes(seed, k), File.ReadAllBytes(path));
            var read = IndependentScorer.ReadMatrix(path);
            Assert.Equal(IndependentScorer.Nauc(solution, read), report.Nauc[k], 12);
        }
        int leftovers = Directory.GetFiles(dir, "temp_*").Length;
        output.WriteLine($"seed {seed}: killed after {files.Length} whole predictions; {leftovers} temporary file(s) left by the kill (never read)");
    }

    private static int CountPredictions(string dir) =>
        Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "miniciao.predict_*").Count() : 0;

    /// <summary>The exact bytes of the diagnostic learner's prediction <paramref name="k"/> as the ingestion writes it.</summary>
    private static byte[] ExpectedBytes(int seed, int k)
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "expected");
        PredictionFile.Write(path, DiagnosticLearner.Prediction(seed, k, Rows, Classes));
        return File.ReadAllBytes(path);
    }
}
