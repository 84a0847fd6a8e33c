using System.Collections.Immutable;
using System.Diagnostics;
using AutoVision.Testing.Postgres;
using Npgsql;

namespace AutoVision.Search.Postgres.Tests;

/// <summary>What the PostgreSQL store does beyond the shared contract: schema versions, many writers, heartbeats.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTrialStoreTests(PostgresServer server) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _database = server.NewDatabase();
    private readonly List<IDisposable> _owned = [];

    [Fact]
    public void Open_FreshDatabase_CreatesSchemaVersionOneOnce()
    {
        using var data = NpgsqlDataSource.Create(_database);
        Assert.Equal(0, PostgresSchema.CurrentVersion(data, PostgresTrialStore.Component));
        Parallel.For(0, 6, i => Open("study-" + (i % 2)));
        Assert.Equal(1, PostgresSchema.CurrentVersion(data, PostgresTrialStore.Component));
        using var command = new NpgsqlCommand($"SELECT count(*) FROM {PostgresSchema.VersionTable}", data.OpenConnection());
        Assert.Equal(1L, command.ExecuteScalar());
        using var studies = new NpgsqlCommand("SELECT count(*) FROM autovision_studies", data.OpenConnection());
        Assert.Equal(2L, studies.ExecuteScalar());
    }

    [Fact]
    public void Open_DatabaseFromANewerProgram_IsRefusedWithTheVersions()
    {
        Open("s");
        using (var data = NpgsqlDataSource.Create(_database))
        using (var command = new NpgsqlCommand($"INSERT INTO {PostgresSchema.VersionTable} (component, version) VALUES ('search', 2)", data.OpenConnection()))
            command.ExecuteNonQuery();
        var ex = Assert.Throws<InvalidOperationException>(() => Open("s"));
        Assert.Contains("schema version 2", ex.Message);
        Assert.Contains("up to 1", ex.Message);
    }

    [Fact]
    public void Studies_InOneDatabase_AreSeparate()
    {
        var a = Open("a");
        var b = Open("b");
        a.CreateTrial(Running());
        a.CreateTrial(Running());
        Assert.Equal(0, b.CreateTrial(Running()).Number);
        Assert.Equal(2, Open("a").GetTrials().Count);
        Assert.Single(b.GetTrials());
    }

    [Fact]
    public void CreateTrial_ManyStoresInParallel_NumbersEveryTrialOnce()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => Open("s")).ToArray();
        Parallel.For(0, 120, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => stores[i % 4].CreateTrial(Running()));
        Assert.Equal(Enumerable.Range(0, 120), Open("s").GetTrials().Select(t => t.Number));
    }

    [Fact]
    public void ClaimWaitingTrial_ManyStoresInParallel_EachTrialClaimedOnce()
    {
        var first = Open("s");
        for (int i = 0; i < 40; i++) first.CreateTrial(new FrozenTrial { Number = -1, State = TrialState.Waiting });
        var stores = Enumerable.Range(0, 4).Select(_ => Open("s")).ToArray();
        var claimed = new System.Collections.Concurrent.ConcurrentBag<int>();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, w =>
        {
            while (stores[w % 4].ClaimWaitingTrial(DateTimeOffset.UtcNow) is { } trial) claimed.Add(trial.Number);
        });
        Assert.Equal(Enumerable.Range(0, 40), claimed.Order());
        Assert.All(first.GetTrials(), t => Assert.Equal(TrialState.Running, t.State));
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Reaper_DeadWorkersTrial_FailedAndRequeuedWithItsParams_LiveWorkersTrialKept()
    {
        var options = new PostgresTrialStoreOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(100), Grace = TimeSpan.FromSeconds(3) };
        var dead = Open("s", options with { WorkerId = "dead-worker" });
        var live = Open("s", options with { WorkerId = "live-worker" });
        var reaper = Open("s", options with { HeartbeatInterval = null });
        var parameters = new FrozenTrial
        {
            Number = -1,
            State = TrialState.Running,
            StartTime = DateTimeOffset.UtcNow,
            Params = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("lr", (object?)0.01)]),
            Distributions = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("lr", (Distribution)new FloatDistribution(1e-4, 1, log: true))]),
        };
        var orphan = dead.CreateTrial(parameters);
        var kept = live.CreateTrial(parameters);
        var unwatched = reaper.CreateTrial(parameters);   // by a store without heartbeats: never reaped
        dead.Dispose();   // its heartbeat stops, as when the process is killed

        IReadOnlyList<int> reaped = [];
        var waited = Stopwatch.StartNew();
        while (reaped.Count == 0 && waited.Elapsed < Patience)
        {
            Thread.Sleep(200);
            reaped = reaper.ReapStaleTrials();
        }

        Assert.Equal([orphan.Number], reaped);
        var trials = reaper.GetTrials();
        Assert.Equal(TrialState.Fail, trials[orphan.Number].State);
        Assert.Contains("dead-worker", trials[orphan.Number].FailReason);
        Assert.Contains("heartbeats", trials[orphan.Number].FailReason);
        Assert.Equal(TrialState.Running, trials[kept.Number].State);   // heartbeats kept it alive past the grace period
        Assert.Equal(TrialState.Running, trials[unwatched.Number].State);
        var retry = Assert.Single(trials, t => t.State == TrialState.Waiting);
        Assert.Equal(0.01, retry.FixedParams["lr"]);
        Assert.Equal(orphan.Number, retry.UserAttributes["retriedFrom"]);
        Assert.Equal(1, retry.UserAttributes["retryCount"]);

        // A study on the store runs the retry first, with the dead trial's parameters.
        var study = new Study(new StudyOptions { Sampler = new RandomSampler(0), Pruner = new NopPruner(), Store = reaper });
        var trial = study.Ask();
        Assert.Equal(retry.Number, trial.Number);
        Assert.Equal(0.01, trial.SuggestFloat("lr", 1e-4, 1, log: true));
        study.Tell(trial, 1.0);
        Assert.Empty(reaper.ReapStaleTrials());
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Reaper_RetryLimitReached_FailsWithoutAnotherCopy()
    {
        var options = new PostgresTrialStoreOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(100), Grace = TimeSpan.FromSeconds(1), MaxRetries = 1 };
        var dead = Open("s", options);
        dead.CreateTrial(Running() with { UserAttributes = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("retryCount", (object?)1)]) });
        dead.Dispose();
        var store = Open("s", options);
        IReadOnlyList<int> reaped = [];
        var waited = Stopwatch.StartNew();
        while (reaped.Count == 0 && waited.Elapsed < Patience)
        {
            Thread.Sleep(200);
            reaped = store.ReapStaleTrials();
        }
        Assert.Equal([0], reaped);
        Assert.Equal(TrialState.Fail, Assert.Single(store.GetTrials()).State);
    }

    [Fact]
    public void Options_GraceNotLongerThanHeartbeat_IsRefused()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Open("s", new PostgresTrialStoreOptions { HeartbeatInterval = TimeSpan.FromSeconds(10), Grace = TimeSpan.FromSeconds(5) }));
        Assert.Contains("longer than the heartbeat interval", ex.Message);
    }

    private static FrozenTrial Running() => new() { Number = -1, State = TrialState.Running };

    private PostgresTrialStore Open(string study, PostgresTrialStoreOptions? options = null)
    {
        var store = new PostgresTrialStore(_database, study, options);
        lock (_owned) _owned.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var d in _owned) d.Dispose();
    }
}
