using System.Diagnostics;
using System.Globalization;
using AutoVision.Scoring;
using Xunit.Abstractions;

namespace AutoVision.Runner.Tests;

/// <summary>
/// Whole runs of the runner process (the real learner on miniciao, 20 s budgets) stopped at a random moment by
/// SIGTERM or SIGKILL, and resumed after a SIGKILL.
/// </summary>
[Trait("Category", "Slow")]
[Collection(SlowRuns.Name)]
public class SignalTests(ITestOutputHelper output)
{
    private const double Budget = 20;

    private static Process StartRun(string dir, int seed) =>
        RunnerProcess.Start("run", "--dataset", TestPaths.MiniCiao, "--output", dir, "--budget", Budget.ToString(CultureInfo.InvariantCulture),
            "--device", "cpu", "--seed", seed.ToString(CultureInfo.InvariantCulture));

    private static int CountPredictions(string dir) =>
        Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "miniciao.predict_*").Count() : 0;

    /// <summary>Waits until the run has written <paramref name="target"/> predictions, then a random while longer.</summary>
    private static void WaitForARandomMoment(Process run, string dir, Random random, int target)
    {
        bool reached = SpinWait.SpinUntil(() => run.HasExited || CountPredictions(dir) >= target, TimeSpan.FromSeconds(60));
        Assert.True(reached && !run.HasExited, $"the run did not reach {target} predictions");
        run.WaitForExit(random.Next(0, 1500));   // a random moment inside the next round (or its prediction)
        Assert.False(run.HasExited, "the run ended before the signal");
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {process.Id}") { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    [Fact]
    public void Run_SigtermAtARandomMoment_ExitsWith143WithinSecondsLeavingAScorableFolder() =>
        SignalAtARandomMoment(1, "TERM", ExitCodes.Sigterm);

    [SigintDeliverableFact]
    public void Run_SigintAtARandomMoment_ExitsWith130WithinSecondsLeavingAScorableFolder() =>
        SignalAtARandomMoment(2, "INT", ExitCodes.Sigint);

    private void SignalAtARandomMoment(int seed, string signal, int exitCode)
    {
        var random = new Random(seed);
        var dir = Path.Combine(TestPaths.NewTempDir(), "out");
        using var run = StartRun(dir, seed);
        try
        {
            WaitForARandomMoment(run, dir, random, random.Next(1, 4));
            int before = CountPredictions(dir);
            var watch = Stopwatch.StartNew();
            Signal(run, signal);
            Assert.True(run.WaitForExit(TimeSpan.FromSeconds(10)), $"no exit within 10 s of SIG{signal}");
            output.WriteLine($"seed {seed}: SIG{signal} after {before} predictions; exit {run.ExitCode} after {watch.Elapsed.TotalSeconds:F2} s; {CountPredictions(dir)} predictions in all");
            Assert.Equal(exitCode, run.ExitCode);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"exit {watch.Elapsed.TotalSeconds:F1} s after SIG{signal}");
        }
        finally
        {
            if (!run.HasExited) run.Kill(entireProcessTree: true);
        }

        Assert.True(File.Exists(Path.Combine(dir, "end.txt")), "no end.txt");
        Assert.True(IngestionFiles.ReadEnd(Path.Combine(dir, "end.txt")).Success);
        Assert.True(File.Exists(Path.Combine(dir, "checkpoints", "last.ckpt")), "no checkpoint");
        Assert.Equal(RunRecord.States.Interrupted, RunRecord.Read(dir).State);
        var report = DirectoryScorer.Score(TestPaths.MiniCiao, dir);
        Assert.Equal(CountPredictions(dir), report.Nauc.Count);
    }

    [Fact]
    public void Resume_AfterASigkillAtARandomMoment_ContinuesWithTheNextIndexAndEndsBeforeTheDeadline()
    {
        var random = new Random(7);
        var dir = Path.Combine(TestPaths.NewTempDir(), "out");
        using (var run = StartRun(dir, 7))
        {
            try
            {
                WaitForARandomMoment(run, dir, random, random.Next(1, 4));
            }
            finally
            {
                run.Kill(entireProcessTree: true);   // SIGKILL: nothing runs after it
                run.WaitForExit();
            }
        }
        int killedAt = CountPredictions(dir);
        Assert.Equal(killedAt, DirectoryScorer.Score(TestPaths.MiniCiao, dir).Nauc.Count);   // scorable as the kill left it
        var before = Directory.GetFiles(dir, "miniciao.predict_*").ToDictionary(f => f, File.ReadAllBytes);

        var resumed = RunnerProcess.Run(TimeSpan.FromSeconds(60), "resume", "--output", dir);
        output.WriteLine($"killed after {killedAt} predictions; resume exit {resumed.ExitCode}:\n{resumed.Stdout}");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);

        var start = IngestionFiles.ReadStart(Path.Combine(dir, "start.txt"));
        double deadline = start.StartTime + start.TimeBudget;
        int total = CountPredictions(dir);
        Assert.True(total > killedAt, $"no prediction after the resume ({total})");
        Assert.Equal(total, start.ConsecutiveTimestamps().Count);
        Assert.All(start.Timestamps.Values, t => Assert.True(t < deadline, $"a prediction {t - deadline:F2} s after the deadline"));
        var end = IngestionFiles.ReadEnd(Path.Combine(dir, "end.txt"));
        Assert.True(end.EndTime < deadline + 1, $"end.txt written {end.EndTime - deadline:F2} s after the deadline");
        foreach (var (path, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(path));   // nothing written before was lost
        Assert.Contains("Restored from checkpoint", resumed.Stderr);
        Assert.Equal(total, DirectoryScorer.Score(TestPaths.MiniCiao, dir).Nauc.Count);
    }
}

/// <summary>
/// A test that sends SIGINT to a runner it starts: skipped, with the reason, when this test process ignores SIGINT
/// (started as a background job of a non-interactive shell, or under nohup). A child inherits an ignored SIGINT, and
/// .NET keeps a signal that was ignored at start ignored, as a shell's background jobs expect: the runner then rightly
/// never sees the signal.
/// </summary>
public sealed class SigintDeliverableFactAttribute : FactAttribute
{
    public SigintDeliverableFactAttribute()
    {
        if (SigintIgnored()) Skip = "SIGINT is ignored by this process (a background job or nohup), so the runner it starts would ignore it too";
    }

    /// <summary>Whether bit 2 (SIGINT) is set in the SigIgn mask of /proc/self/status (false where that file is absent).</summary>
    private static bool SigintIgnored()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return false;
        string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong mask)
            && (mask & (1UL << (2 - 1))) != 0;
    }
}
