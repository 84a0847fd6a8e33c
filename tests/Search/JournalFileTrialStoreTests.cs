using System.Diagnostics;
using System.Text;

namespace AutoVision.Search.Tests;

public sealed class JournalFileTrialStoreTests : TrialStoreContractTests, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "autovision-search-tests", Guid.NewGuid().ToString("N"));
    private readonly List<string> _warnings = [];
    private int _files;

    private string NewPath() => Path.Combine(_dir, $"study{_files++}.jsonl");

    private JournalFileTrialStore Open(string path) => new(path, _warnings.Add);

    protected override ITrialStore CreateStore() => Open(NewPath());

    protected override ITrialStore Reopen(ITrialStore store) => Open(((JournalFileTrialStore)store).Path);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static Study NewStudy(ITrialStore store, int seed = 0) =>
        new(new StudyOptions { Store = store, Sampler = new RandomSampler(seed), Pruner = new NopPruner() });

    [Fact]
    public void Constructor_NewPath_WritesHeaderLineOnly()
    {
        string path = Path.Combine(_dir, "nested", "study.jsonl");
        Open(path);
        Assert.Equal(["{\"format\":\"autovision.search.journal\",\"version\":1}"], File.ReadAllLines(path));
    }

    [Fact]
    public void Writes_EachIsOneAppendedLine()
    {
        string path = NewPath();
        var study = NewStudy(Open(path));
        var trial = study.Ask();            // create
        trial.SuggestFloat("x", 0, 1);      // save
        trial.Report(0.5, 0);               // save
        study.Tell(trial, 0.25);            // save
        var lines = File.ReadAllLines(path);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("{\"op\":\"create\"", lines[1]);
        Assert.All(lines.Skip(2), l => Assert.StartsWith("{\"op\":\"save\"", l));
    }

    [Fact]
    public void Reopen_AfterKillInTheMiddleOfAWrite_DropsTornLineWithWarningAndGoesOn()
    {
        string path = NewPath();
        NewStudy(Open(path)).Optimize(TestStudies.Quadratic, nTrials: 5);
        // The last line completes trial 4; cut it in the middle, as a kill during that write would.
        long length = new FileInfo(path).Length;
        using (var stream = new FileStream(path, FileMode.Open)) stream.SetLength(length - 40);

        var reopened = Open(path);
        Assert.Single(_warnings);
        Assert.Contains(path, _warnings[0]);
        Assert.Contains("incomplete", _warnings[0]);
        var trials = reopened.GetTrials();
        Assert.Equal(5, trials.Count);
        Assert.All(trials.Take(4), t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(TrialState.Running, trials[4].State);   // its completion was the torn write
        Assert.Equal(["x", "y"], trials[4].Params.Keys);     // the writes before it survive
        Assert.EndsWith("\n", File.ReadAllText(path));        // the torn bytes are gone

        NewStudy(reopened, seed: 1).Optimize(TestStudies.Quadratic, nTrials: 2);
        var again = Open(path).GetTrials();
        Assert.Single(_warnings);
        Assert.Equal(Enumerable.Range(0, 7), again.Select(t => t.Number));
        Assert.Equal(6, again.Count(t => t.State == TrialState.Complete));
    }

    [Fact]
    public void Reopen_TornHeader_StartsAFreshJournal()
    {
        string path = NewPath();
        Directory.CreateDirectory(_dir);
        File.WriteAllText(path, "{\"format\":\"autovi");
        var store = Open(path);
        Assert.Single(_warnings);
        Assert.Empty(store.GetTrials());
        store.CreateTrial(new FrozenTrial { Number = -1, State = TrialState.Running });
        Assert.Single(Open(path).GetTrials());
    }

    [Fact]
    public void Constructor_BadCompleteLine_ThrowsNamingFileAndLine()
    {
        string path = NewPath();
        NewStudy(Open(path)).Optimize(TestStudies.Quadratic, nTrials: 2);
        var lines = File.ReadAllLines(path);
        lines[3] = lines[3].Replace("\"op\":\"save\"", "\"op\":\"erase\"");
        File.WriteAllLines(path, lines);
        var ex = Assert.Throws<InvalidDataException>(() => Open(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("line 4", ex.Message);
        Assert.Contains("erase", ex.Message);
    }

    [Fact]
    public void Constructor_NotAJournal_ThrowsNamingFile()
    {
        string path = NewPath();
        Directory.CreateDirectory(_dir);
        File.WriteAllText(path, "{\"format\":\"autovision.search.trials\",\"version\":1,\"trials\":[]}\n");
        var ex = Assert.Throws<InvalidDataException>(() => Open(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("line 1", ex.Message);
    }

    [Fact]
    public void TwoStoresOnOnePath_WritingFromManyThreads_NumberEveryTrialOnce()
    {
        string path = NewPath();
        var stores = new[] { Open(path), Open(path) };
        Parallel.For(0, 120, i => stores[i % 2].CreateTrial(new FrozenTrial { Number = -1, State = TrialState.Running }));
        Assert.Equal(Enumerable.Range(0, 120), Open(path).GetTrials().Select(t => t.Number));
        Assert.Equal(120, stores[0].GetTrials().Count);
        Assert.Equal(121, File.ReadAllLines(path).Length);
    }

    [Fact]
    public void TwoStoresOnOnePath_EnqueuedTrialIsClaimedOnce()
    {
        string path = NewPath();
        var a = Open(path);
        var b = Open(path);
        NewStudy(a).EnqueueTrial(new Dictionary<string, object?> { ["x"] = 0.5 });
        var now = DateTimeOffset.UnixEpoch;
        Assert.Equal(0, b.ClaimWaitingTrial(now)?.Number);
        Assert.Null(a.ClaimWaitingTrial(now));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void TwoProcesses_OptimizeOneJournal_NoTrialLostOrDuplicatedAndEachSeesTheOther()
    {
        const int perWorker = 20;
        string path = NewPath();
        Directory.CreateDirectory(_dir);
        string assembly = typeof(JournalWorker).Assembly.Location;
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

        var workers = new[] { Start(dotnet, assembly, path, "1", "2", perWorker), Start(dotnet, assembly, path, "2", "1", perWorker) };
        foreach (var (process, stderr) in workers)
        {
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "a worker did not finish in 3 minutes");
            Assert.True(process.ExitCode == 0, $"worker exited with {process.ExitCode}: {stderr}");
        }

        var trials = Open(path).GetTrials();
        Assert.Empty(_warnings);
        Assert.Equal(Enumerable.Range(0, 2 * perWorker), trials.Select(t => t.Number));
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(2 * perWorker, File.ReadLines(path).Count(l => l.StartsWith("{\"op\":\"create\"", StringComparison.Ordinal)));
        foreach (string worker in new[] { "1", "2" })
        {
            var own = trials.Where(t => (string?)t.UserAttributes["worker"] == worker).ToList();
            Assert.Equal(perWorker, own.Count);
            // Kept in step through the journal: a worker starts its trial k (from 0) once it sees k − 1 of the other's
            // finished, so at its last trial it had seen at least 18 — and its TPE sampled from them.
            Assert.True((int)own[^1].UserAttributes["otherSeen"]! >= perWorker - 2,
                $"worker {worker} saw {own[^1].UserAttributes["otherSeen"]} of the other's trials at its last trial");
        }
        Assert.Equal(2 * perWorker, trials.Select(t => ((double)t.Params["x"]!, (double)t.Params["y"]!)).Distinct().Count());
    }

    private static (Process Process, StringBuilder Stderr) Start(string dotnet, string assembly, string journal, string me, string other, int trials)
    {
        var info = new ProcessStartInfo(dotnet) { RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { assembly, JournalWorker.Verb, journal, me, other, trials.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(arg);
        var stderr = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.Start();
        process.BeginErrorReadLine();
        return (process, stderr);
    }
}
