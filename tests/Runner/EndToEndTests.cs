using System.Globalization;
using AutoVision.Runner.Ingestion;
using Microsoft.Extensions.Logging.Abstractions;

namespace AutoVision.Runner.Tests;

/// <summary>Whole runs of the real learner on real data. Slow (tens of seconds each); run in CI.</summary>
[Trait("Category", "Slow")]
[Collection(SlowRuns.Name)]
public class EndToEndTests
{
    private static RunOutcome Run(string dataset, double budget, string output) =>
        new RunJob(NullLoggerFactory.Instance, TimeProvider.System).Run(new RunOptions
        {
            DatasetDir = dataset,
            OutputDir = output,
            BudgetSeconds = budget,
            Seed = 3,
            Device = "cpu",
        }, CancellationToken.None);

    /// <summary>Checks the run's scores.txt against an independent recomputation from its own start.txt and predictions.</summary>
    private static (double[] Times, double[] Nauc) VerifyScores(string dataset, string output, string task, double budget)
    {
        var start = IndependentScorer.ReadKeyValues(Path.Combine(output, "start.txt"));
        double startTime = double.Parse(start["start_time"], CultureInfo.InvariantCulture);
        Assert.Equal(budget, double.Parse(start["time_budget"], CultureInfo.InvariantCulture));
        var solution = IndependentScorer.ReadMatrix(Path.Combine(dataset, task + ".solution"));
        var files = Directory.GetFiles(output, task + ".predict_*").OrderBy(f => int.Parse(f[(f.LastIndexOf('_') + 1)..])).ToArray();
        var times = files.Select((_, k) => double.Parse(start[k.ToString(CultureInfo.InvariantCulture)], CultureInfo.InvariantCulture) - startTime).ToArray();
        var nauc = files.Select(f => IndependentScorer.Nauc(solution, IndependentScorer.ReadMatrix(f))).ToArray();

        var scores = IndependentScorer.ReadKeyValues(Path.Combine(output, "scores.txt"));
        var written = IndependentScorer.ParseList(scores["nauc_scores"]);
        Assert.Equal(nauc.Length, written.Length);
        for (int k = 0; k < nauc.Length; k++) Assert.Equal(nauc[k], written[k], 12);
        var writtenTimes = IndependentScorer.ParseList(scores["timestamps"]);
        for (int k = 0; k < times.Length; k++) Assert.Equal(times[k], writtenTimes[k], 9);
        double alc = IndependentScorer.Alc(times, nauc, budget, budget / 20);
        Assert.Equal(alc, double.Parse(scores["score"], CultureInfo.InvariantCulture), 12);
        return (times, nauc);
    }

    [Fact]
    public void Run_MiniCiao_WritesScoredPredictionsInsideTheBudget()
    {
        var output = TestPaths.NewTempDir();
        var outcome = Run(TestPaths.MiniCiao, 20, output);

        Assert.True(outcome.Ingestion.Success, outcome.Ingestion.Error?.ToString());
        Assert.True(outcome.Ingestion.Predictions.Count >= 2, $"{outcome.Ingestion.Predictions.Count} predictions");
        Assert.All(outcome.Ingestion.Predictions, p => Assert.True(p.AfterStart.TotalSeconds < 20));
        Assert.Contains("ingestion_success: 1", File.ReadAllText(Path.Combine(output, "end.txt")));
        var (times, nauc) = VerifyScores(TestPaths.MiniCiao, output, "miniciao", 20);
        Assert.Equal(outcome.Score!.Alc, IndependentScorer.Alc(times, nauc, 20, 1), 12);
    }

    [Fact]
    public void Run_ImageFolders_IsConvertedBeforeTheClockAndScored()
    {
        var output = TestPaths.NewTempDir();
        var outcome = Run(DataVerbsTests.ImageFolders(trainPerClass: 6, testPerClass: 3), 12, output);

        Assert.True(outcome.Ingestion.Success, outcome.Ingestion.Error?.ToString());
        Assert.True(Directory.Exists(Path.Combine(output, DatasetConversion.ConvertedFolder)));
        Assert.NotNull(outcome.Score);
        Assert.True(outcome.Ingestion.Predictions.Count >= 1);
        Assert.All(outcome.Ingestion.Predictions, p => Assert.True(p.AfterStart.TotalSeconds < 12));
    }

    [Fact]
    public void Run_BundledSample_NaucRisesAndScoresAgree()
    {
        var output = TestPaths.NewTempDir();
        var outcome = Run(TestPaths.Sample, 45, output);

        Assert.True(outcome.Ingestion.Success, outcome.Ingestion.Error?.ToString());
        Assert.NotEqual(StopReason.HardDeadline, outcome.Ingestion.StoppedBy);
        var (times, nauc) = VerifyScores(TestPaths.Sample, output, "fashion_mnist", 45);
        Assert.True(nauc.Length >= 3, $"{nauc.Length} predictions");
        Assert.True(times[^1] < 45, $"last prediction at {times[^1]} s");
        // The first model is a linear probe on frozen pretrained features: already far above chance.
        Assert.True(nauc[0] > 0.85, $"first NAUC {nauc[0]}");
        Assert.True(nauc[^1] > nauc[0], $"NAUC did not rise: {string.Join(", ", nauc)}");
    }
}
