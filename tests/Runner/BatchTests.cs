using AutoVision.Runner.Batch;
using AutoVision.Runner.Cli;

namespace AutoVision.Runner.Tests;

[Collection(SlowRuns.Name)]
public class BatchTests
{
    private static BatchResult Row(string entry, string dataset, double? alc, string status = BatchResult.Ok, int predictions = 3) =>
        new(entry, dataset, status, status == BatchResult.Ok ? 0 : 1, alc, alc, predictions, 0.5, 10, 5, $"runs/{entry}/{dataset}",
            status == BatchResult.Ok ? null : "learner error: broken, \"quoted\"", DateTimeOffset.Parse("2026-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void ResultsCsv_AppendedRowsReadBackExactly()
    {
        var path = Path.Combine(TestPaths.NewTempDir(), ResultsCsv.FileName);
        var rows = new[] { Row("a", "x", 0.123456789012345), Row("a", "y", null, BatchResult.Failed, 0) };
        foreach (var r in rows) ResultsCsv.Append(path, r);
        Assert.Equal(rows, ResultsCsv.Read(path));
        Assert.Equal(3, File.ReadAllLines(path).Length);   // one header only
    }

    [Fact]
    public void ResultsCsv_BadNumber_NamesFileLineAndColumn()
    {
        var path = Path.Combine(TestPaths.NewTempDir(), ResultsCsv.FileName);
        ResultsCsv.Append(path, Row("a", "x", 0.5));
        File.WriteAllText(path, File.ReadAllText(path).Replace(",0.5,", ",zero,", StringComparison.Ordinal));
        var ex = Assert.Throws<InvalidDataException>(() => ResultsCsv.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("line 2", ex.Message);
        Assert.Contains("'alc'", ex.Message);
    }

    [Fact]
    public void Leaderboard_RanksPerDatasetAndAveragesAsTheChallengeRankedTeams()
    {
        var board = Leaderboard.Of([
            Row("a", "d1", 0.9), Row("b", "d1", 0.8), Row("c", "d1", 0.8),
            Row("a", "d2", 0.1), Row("b", "d2", 0.7), Row("c", "d2", null, BatchResult.Failed, 0),
        ]);
        Assert.Equal(["d1", "d2"], board.Datasets);
        // d1: a 1, b and c tie for 2-3 (2.5 each); d2: b 1, a 2, c (failed = 0) 3.
        var byEntry = board.Lines.ToDictionary(l => l.Entry);
        Assert.Equal((1 + 2) / 2.0, byEntry["a"].AverageRank, 12);
        Assert.Equal((2.5 + 1) / 2.0, byEntry["b"].AverageRank, 12);
        Assert.Equal((2.5 + 3) / 2.0, byEntry["c"].AverageRank, 12);
        Assert.Equal((0.8 + 0) / 2.0, byEntry["c"].AverageAlc, 12);
        Assert.Equal(["a", "b", "c"], board.Lines.Select(l => l.Entry));
        string md = board.ToMarkdown([Row("c", "d2", null, BatchResult.Failed, 0)]);
        Assert.Contains("| c | 0.8000 | failed | 0.4000 | 2.75 |", md);
    }

    [Fact]
    public void Queue_SkipsWhatResultsCsvRecords_AndRetriesFailuresOnlyWhenAsked()
    {
        var datasets = TestPaths.NewTempDir();
        foreach (var name in new[] { "one", "two", "three" })
            Directory.CreateDirectory(Path.Combine(datasets, name, name + ".data"));
        Directory.CreateDirectory(Path.Combine(datasets, "not-a-dataset"));
        var results = Path.Combine(TestPaths.NewTempDir(), ResultsCsv.FileName);
        ResultsCsv.Append(results, Row(BatchEntries.BuiltIn, "one", 0.5));
        ResultsCsv.Append(results, Row(BatchEntries.BuiltIn, "two", null, BatchResult.Failed));

        var entries = new[] { (BatchEntries.BuiltIn, (string?)null) };
        var queue = new FolderBatchQueue(datasets, entries, results, retryFailed: false);
        Assert.Equal(["three"], Drain(queue));
        Assert.Equal(["one", "two"], queue.Skipped.Select(s => s.Dataset).Order());

        var retry = new FolderBatchQueue(datasets, entries, results, retryFailed: true);
        Assert.Equal(["three", "two"], Drain(retry).Order());
    }

    private static List<string> Drain(IBatchQueue queue)
    {
        var names = new List<string>();
        while (queue.Take() is { } item) names.Add(item.Dataset);
        return names;
    }

    /// <summary>A copy of miniciao whose training file has a corrupted record (its data CRC no longer matches).</summary>
    internal static void BrokenCopy(string target)
    {
        CopyTree(TestPaths.MiniCiao, target);
        var file = Path.Combine(target, "miniciao.data", "train", "sample-miniciao-train.tfrecord");
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = 3000;   // inside the payload of the second record
        stream.Write([0xff, 0xff, 0xff, 0xff]);
    }

    internal static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Batch_BrokenDatasetRecordedWithItsError_OthersScored_ResumeRunsNothingAgain()
    {
        var datasets = TestPaths.NewTempDir();
        CopyTree(TestPaths.MiniCiao, Path.Combine(datasets, "good"));
        BrokenCopy(Path.Combine(datasets, "broken"));
        var output = TestPaths.NewTempDir();

        int code = await CommandLine.InvokeAsync(["batch", "--datasets", datasets, "--output", output, "--budget", "20", "--workers", "1"]);
        Assert.Equal(BatchExitCodes.SomeFailed, code);
        var rows = ResultsCsv.Read(Path.Combine(output, ResultsCsv.FileName)).ToDictionary(r => r.Dataset);
        Assert.Equal(2, rows.Count);

        var broken = rows["broken"];
        Assert.Equal(BatchResult.Failed, broken.Status);
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("CRC", broken.Error);
        Assert.Contains("sample-miniciao-train.tfrecord", broken.Error);
        Assert.Null(broken.Alc);

        var good = rows["good"];
        Assert.Equal(BatchResult.Ok, good.Status);
        Assert.Equal(0, good.ExitCode);
        Assert.True(good.Predictions >= 1, $"the good dataset made {good.Predictions} predictions");
        Assert.NotNull(good.Alc);
        Assert.Equal(Directory.GetFiles(Path.Combine(output, good.OutputDir), "miniciao.predict_*").Length, good.Predictions);
        var scores = IndependentScorer.ReadKeyValues(Path.Combine(output, good.OutputDir, "scores.txt"));
        Assert.Equal(double.Parse(scores["score"], System.Globalization.CultureInfo.InvariantCulture), good.Alc!.Value, 10);

        foreach (var name in new[] { Leaderboard.CsvName, Leaderboard.MarkdownName, Leaderboard.FigureName })
            Assert.True(new FileInfo(Path.Combine(output, name)).Length > 0, name);
        string md = File.ReadAllText(Path.Combine(output, Leaderboard.MarkdownName));
        Assert.Contains("| autovision | failed | " + good.Alc.Value.ToString("F4", System.Globalization.CultureInfo.InvariantCulture), md);

        // Started again: both runs are recorded, so nothing runs and results.csv is unchanged.
        string before = File.ReadAllText(Path.Combine(output, ResultsCsv.FileName));
        var logTime = File.GetLastWriteTimeUtc(Path.Combine(output, "logs", "autovision", "good.log"));
        code = await CommandLine.InvokeAsync(["batch", "--datasets", datasets, "--output", output, "--budget", "20"]);
        Assert.Equal(BatchExitCodes.Success, code);
        Assert.Equal(before, File.ReadAllText(Path.Combine(output, ResultsCsv.FileName)));
        Assert.Equal(logTime, File.GetLastWriteTimeUtc(Path.Combine(output, "logs", "autovision", "good.log")));
        Assert.True(File.Exists(Path.Combine(output, Leaderboard.MarkdownName)));
    }
}
