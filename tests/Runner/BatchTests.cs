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

    [Fact]
    public void Compared_OtherResultSetsJoinUnderTheirFolderName_OnThisBatchsDatasetsOnly()
    {
        var other = Path.Combine(TestPaths.NewTempDir(), "last-week");
        Directory.CreateDirectory(other);
        ResultsCsv.Append(Path.Combine(other, ResultsCsv.FileName), Row(BatchEntries.BuiltIn, "d1", 0.4));
        ResultsCsv.Append(Path.Combine(other, ResultsCsv.FileName), Row(BatchEntries.BuiltIn, "elsewhere", 0.9));
        var rows = BatchJob.Compared([other], new HashSet<string> { "d1", "d2" }).ToArray();
        Assert.Equal([Row(BatchEntries.BuiltIn, "d1", 0.4) with { Entry = "autovision (last-week)" }], rows);

        var board = Leaderboard.Of([Row(BatchEntries.BuiltIn, "d1", 0.6), Row(BatchEntries.BuiltIn, "d2", 0.5), .. rows]);
        Assert.Equal([BatchEntries.BuiltIn, "autovision (last-week)"], board.Lines.Select(l => l.Entry));
        Assert.Equal(2.0, board.Lines[1].AverageRank, 12);   // second on d1, and on d2 where it has no run (ALC 0)
        Assert.Throws<FileNotFoundException>(() => BatchJob.Compared([TestPaths.NewTempDir()], new HashSet<string>()).ToArray());
    }

    [Fact]
    public void ChildEnvironment_SharesTheCoresOnlyWhenSeveralRunsAtATime()
    {
        Assert.Empty(BatchJob.ChildEnvironment(1, 8, _ => null));
        var shared = BatchJob.ChildEnvironment(3, 8, _ => null);
        Assert.Equal("2", shared["OMP_NUM_THREADS"]);
        Assert.Equal("PASSIVE", shared["OMP_WAIT_POLICY"]);
        Assert.Equal("1", BatchJob.ChildEnvironment(4, 2, _ => null)["OMP_NUM_THREADS"]);
        // What the user set is kept.
        var kept = BatchJob.ChildEnvironment(2, 8, name => name == "OMP_NUM_THREADS" ? "6" : null);
        Assert.False(kept.ContainsKey("OMP_NUM_THREADS"));
        Assert.Equal("PASSIVE", kept["OMP_WAIT_POLICY"]);
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

    private static string DiagnosticEntry(string name, int seed)
    {
        var dir = Path.Combine(TestPaths.NewTempDir(), name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "profile.json"),
            $$"""{ "format": 1, "seed": {{seed}}, "device": "cpu", "diagnostic": { "maxPredictions": 2 } }""");
        return dir;
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Batch_SeveralEntries_RunThroughThePlatformAndRankedPerDataset()
    {
        var datasets = TestPaths.NewTempDir();
        CopyTree(TestPaths.MiniCiao, Path.Combine(datasets, "first"));
        CopyTree(TestPaths.MiniCiao, Path.Combine(datasets, "second"));
        var output = TestPaths.NewTempDir();

        int code = await CommandLine.InvokeAsync(["batch", "--datasets", datasets, "--output", output, "--budget", "10",
            "--entry", DiagnosticEntry("alpha", 3), "--entry", DiagnosticEntry("beta", 4)]);
        Assert.Equal(BatchExitCodes.Success, code);
        var rows = ResultsCsv.Read(Path.Combine(output, ResultsCsv.FileName));
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(BatchResult.Ok, r.Status));
        Assert.All(rows, r => Assert.Equal(2, r.Predictions));
        Assert.All(rows, r => Assert.NotNull(r.Alc));
        Assert.Equal(["alpha", "beta"], rows.Select(r => r.Entry).Distinct().Order());

        // Each row's ALC is the scorer's on that run's folder (the platform wrote scores.txt there).
        foreach (var r in rows)
        {
            var scores = IndependentScorer.ReadKeyValues(Path.Combine(output, r.OutputDir, "scores.txt"));
            Assert.Equal(double.Parse(scores["score"], System.Globalization.CultureInfo.InvariantCulture), r.Alc!.Value, 10);
        }

        // Two entries: ranks 1 and 2 on each dataset (or 1.5 each on a tie), so the average ranks add up to 3.
        var lines = File.ReadAllLines(Path.Combine(output, Leaderboard.CsvName));
        Assert.Equal("entry,first,second,average_alc,average_rank", lines[0]);
        Assert.Equal(3, lines.Length);
        double rankSum = lines.Skip(1).Sum(l => double.Parse(l.Split(',')[^1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3.0, rankSum, 12);
        var expected = Leaderboard.Of(rows);
        Assert.Equal(expected.Lines.Select(l => l.Entry), lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.True(new FileInfo(Path.Combine(output, Leaderboard.FigureName)).Length > 0);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Batch_StoppedBySigterm_KillsItsRunWithoutRecordingIt_TheNextBatchRunsItAgain()
    {
        var datasets = TestPaths.NewTempDir();
        CopyTree(TestPaths.MiniCiao, Path.Combine(datasets, "only"));
        var entry = Path.Combine(TestPaths.NewTempDir(), "slow");
        Directory.CreateDirectory(entry);
        File.WriteAllText(Path.Combine(entry, "profile.json"), """{ "format": 1, "seed": 1, "device": "cpu", "diagnostic": { "trainSeconds": 60 } }""");
        var output = TestPaths.NewTempDir();
        string runDir = Path.Combine(output, "runs", "slow", "only");

        using var batch = RunnerProcess.Start("batch", "--datasets", datasets, "--output", output, "--budget", "120", "--entry", entry);
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            while (!File.Exists(Path.Combine(runDir, "start.txt")) && started.Elapsed < TimeSpan.FromSeconds(90)) Thread.Sleep(100);
            Assert.True(File.Exists(Path.Combine(runDir, "start.txt")), "the run's clock never started");
            using (var kill = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("kill", $"-TERM {batch.Id}") { UseShellExecute = false })!)
                kill.WaitForExit();
            Assert.True(batch.WaitForExit(TimeSpan.FromSeconds(20)), "the batch did not exit within 20 s of SIGTERM");
            Assert.Equal(ExitCodes.Sigterm, batch.ExitCode);
        }
        finally
        {
            if (!batch.HasExited) batch.Kill(entireProcessTree: true);
        }
        Assert.False(File.Exists(Path.Combine(output, ResultsCsv.FileName)));   // nothing finished, nothing recorded
        Assert.Empty(ProcessesMentioning(runDir));                                // its run (platform and ingestion) is gone too

        // The entry now predicts at once: the next batch runs the dataset again and records it.
        File.WriteAllText(Path.Combine(entry, "profile.json"), """{ "format": 1, "seed": 1, "device": "cpu", "diagnostic": { "maxPredictions": 1 } }""");
        int code = await CommandLine.InvokeAsync(["batch", "--datasets", datasets, "--output", output, "--budget", "10", "--entry", entry]);
        Assert.Equal(BatchExitCodes.Success, code);
        var row = Assert.Single(ResultsCsv.Read(Path.Combine(output, ResultsCsv.FileName)));
        Assert.Equal(("slow", "only", BatchResult.Ok, 1), (row.Entry, row.Dataset, row.Status, row.Predictions));
    }

    /// <summary>Ids of the processes whose command line mentions <paramref name="text"/> (Linux /proc).</summary>
    private static List<int> ProcessesMentioning(string text)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Contains(text, StringComparison.Ordinal)) found.Add(pid);
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }
        return found;
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Batch_BrokenDatasetRecordedWithItsError_GoodRunRecordedAsItWent_ResumeRunsNothingAgain()
    {
        var datasets = TestPaths.NewTempDir();
        CopyTree(TestPaths.MiniCiao, Path.Combine(datasets, "good"));
        BrokenCopy(Path.Combine(datasets, "broken"));
        var output = TestPaths.NewTempDir();

        int code = await CommandLine.InvokeAsync(["batch", "--datasets", datasets, "--output", output, "--budget", "10", "--workers", "1"]);
        Assert.Equal(BatchExitCodes.SomeFailed, code);
        var rows = ResultsCsv.Read(Path.Combine(output, ResultsCsv.FileName)).ToDictionary(r => r.Dataset);
        Assert.Equal(2, rows.Count);

        var broken = rows["broken"];
        Assert.Equal(BatchResult.Failed, broken.Status);
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("CRC", broken.Error);
        Assert.Contains("sample-miniciao-train.tfrecord", broken.Error);
        Assert.Null(broken.Alc);

        // The good run: recorded as the run went. How many predictions it made within its budget depends on the
        // machine's load (under a load average near 30 on 2 cores the first probe took 19 s); the row must say
        // exactly what its folder holds either way.
        var good = rows["good"];
        Assert.Equal(BatchResult.Ok, good.Status);
        Assert.Equal(0, good.ExitCode);
        Assert.Null(good.Error);
        string goodDir = Path.Combine(output, good.OutputDir);
        Assert.True(File.Exists(Path.Combine(goodDir, "end.txt")));
        Assert.Equal(Directory.GetFiles(goodDir, "miniciao.predict_*").Length, good.Predictions);
        string cell;
        if (good.Predictions > 0)
        {
            var scores = IndependentScorer.ReadKeyValues(Path.Combine(goodDir, "scores.txt"));
            Assert.Equal(double.Parse(scores["score"], System.Globalization.CultureInfo.InvariantCulture), good.Alc!.Value, 10);
            cell = good.Alc.Value.ToString("F4", System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            Assert.Null(good.Alc);
            Assert.False(File.Exists(Path.Combine(goodDir, "scores.txt")));
            cell = "no prediction";
        }

        foreach (var name in new[] { Leaderboard.CsvName, Leaderboard.MarkdownName, Leaderboard.FigureName })
            Assert.True(new FileInfo(Path.Combine(output, name)).Length > 0, name);
        string md = File.ReadAllText(Path.Combine(output, Leaderboard.MarkdownName));
        Assert.Contains($"| autovision | failed | {cell} |", md);

        // Started again: both runs are recorded, so nothing runs and results.csv is unchanged.
        string before = File.ReadAllText(Path.Combine(output, ResultsCsv.FileName));
        var logTime = File.GetLastWriteTimeUtc(Path.Combine(output, "logs", "autovision", "good.log"));
        code = await CommandLine.InvokeAsync(["batch", "--datasets", datasets, "--output", output, "--budget", "10"]);
        Assert.Equal(BatchExitCodes.Success, code);
        Assert.Equal(before, File.ReadAllText(Path.Combine(output, ResultsCsv.FileName)));
        Assert.Equal(logTime, File.GetLastWriteTimeUtc(Path.Combine(output, "logs", "autovision", "good.log")));
        Assert.True(File.Exists(Path.Combine(output, Leaderboard.MarkdownName)));
    }
}
