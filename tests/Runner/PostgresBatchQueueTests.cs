using System.Diagnostics;
using AutoVision.Runner.Batch;
using AutoVision.Runner.Batch.Postgres;
using AutoVision.Scoring;
using AutoVision.Testing.Postgres;

namespace AutoVision.Runner.Tests;

/// <summary>The batch's PostgreSQL queue on a real server: claims, heartbeats, take-over, results and curves.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresBatchQueueTests(PostgresServer server) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _database = server.NewDatabase();
    private readonly List<PostgresBatchQueue> _queues = [];

    private static readonly PostgresBatchQueueOptions Fast = new() { HeartbeatInterval = TimeSpan.FromMilliseconds(200), Grace = TimeSpan.FromSeconds(2), PollInterval = TimeSpan.FromMilliseconds(100) };

    private static BatchItem Item(string dataset) => new(BatchEntries.BuiltIn, null, dataset, "/data/" + dataset);

    private static BatchResult Result(BatchItem item, double alc) =>
        new(item.Entry, item.Dataset, BatchResult.Ok, 0, alc, alc, 3, 0.5, 12.5, 20, $"runs/{item.Entry}/{item.Dataset}", null,
            DateTimeOffset.Parse("2026-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Enqueue_SameItemsTwice_AddsThemOnce()
    {
        var queue = Open(Fast);
        Assert.Equal(3, queue.Enqueue([Item("a"), Item("b"), Item("c")]));
        Assert.Equal(1, Open(Fast).Enqueue([Item("a"), Item("b"), Item("c"), Item("d")]));
        Assert.Equal(4, queue.OpenCount());
    }

    [Fact]
    public void Take_ManyWorkersInParallel_EachRunOnceThenNull()
    {
        var items = Enumerable.Range(0, 30).Select(i => Item($"d{i:00}")).ToArray();
        Open(Fast).Enqueue(items);
        var workers = Enumerable.Range(0, 4).Select(_ => Open(Fast)).ToArray();
        var taken = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, w =>
        {
            while (workers[w].Take() is { } item)
            {
                taken.Add(item.Dataset);
                Assert.True(workers[w].TryComplete(Result(item, 0.5), null));
            }
        });
        Assert.Equal(items.Select(i => i.Dataset), taken.Order(StringComparer.Ordinal));
        Assert.Equal(0, workers[0].OpenCount());
        Assert.Equal(30, workers[0].Results().Count);
    }

    [Fact]
    public void Complete_StoresResultAndCurve_ReadBackExactly()
    {
        var queue = Open(Fast);
        queue.Enqueue([Item("a")]);
        var item = queue.Take()!;
        var result = Result(item, 0.123456789012345);
        var curve = new ScoreReport("a", 20, 1, [1.5, 4.25], [0.1, 0.3], [0.5, 0.75], 0.2, 5) { ValidColumns = [0, 1] };
        Assert.True(queue.TryComplete(result, curve));

        var (storedResult, storedCurve, dir) = Assert.Single(Open(Fast).Done());
        Assert.Equal(result, storedResult);
        Assert.Equal("/data/a", dir);
        Assert.NotNull(storedCurve);
        Assert.Equal(curve.Timestamps, storedCurve.Timestamps);
        Assert.Equal(curve.Nauc, storedCurve.Nauc);
        Assert.Equal(curve.Accuracy, storedCurve.Accuracy);
        Assert.Equal((curve.Alc, curve.TimeBudget, curve.T0), (storedCurve.Alc, storedCurve.TimeBudget, storedCurve.T0));
        Assert.Equal(curve.ValidColumns, storedCurve.ValidColumns);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Take_RunOfADeadWorker_TakenOverAfterItsHeartbeatExpires_AndTheDeadWorkerCannotRecordIt()
    {
        var dead = Open(Fast with { WorkerId = "dead" });
        var alive = Open(Fast with { WorkerId = "alive" });
        dead.Enqueue([Item("a"), Item("b")]);
        var lost = dead.Take()!;
        dead.Dispose();   // its heartbeat stops, as when the process is killed

        var first = alive.Take()!;
        Assert.NotEqual(lost.Dataset, first.Dataset);
        Assert.True(alive.TryComplete(Result(first, 0.4), null));
        // Only the dead worker's run is left: Take waits until its heartbeat has expired, then hands it out again.
        var again = alive.Take();
        Assert.Equal(lost, again);
        Assert.True(alive.TryComplete(Result(again!, 0.6), null));
        Assert.Null(alive.Take());

        var late = new PostgresBatchQueue(_database, "q", Fast with { WorkerId = "dead" });
        _queues.Add(late);
        Assert.False(late.TryComplete(Result(lost, 0.9), null));   // the first worker coming back is not recorded
        Assert.Equal([0.4, 0.6], alive.Results().Select(r => r.Alc!.Value).Order());
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Take_RunWhoseWorkersKeepDying_RecordedAsFailedAfterMaxAttempts()
    {
        var options = Fast with { MaxAttempts = 1 };
        var dead = Open(options with { WorkerId = "dead" });
        dead.Enqueue([Item("a")]);
        Assert.NotNull(dead.Take());
        dead.Dispose();

        var other = Open(options);
        Assert.Null(other.Take());   // waits for the expiry, then records the run as failed instead of handing it out
        var result = Assert.Single(other.Results());
        Assert.Equal(BatchResult.Failed, result.Status);
        Assert.Contains("worker died 1 times", result.Error);
        Assert.Contains("dead", result.Error);
    }

    [Fact]
    public void Options_GraceNotLongerThanHeartbeat_IsRefused()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new PostgresBatchQueue(_database, "q", new PostgresBatchQueueOptions { HeartbeatInterval = TimeSpan.FromSeconds(5), Grace = TimeSpan.FromSeconds(5) }));
        Assert.Contains("longer than the heartbeat interval", ex.Message);
    }

    private PostgresBatchQueue Open(PostgresBatchQueueOptions options)
    {
        var queue = new PostgresBatchQueue(_database, "q", options);
        lock (_queues) _queues.Add(queue);
        return queue;
    }

    public void Dispose()
    {
        foreach (var q in _queues) q.Dispose();
    }
}

/// <summary>The study tables and the batch tables in one database: each part keeps its own schema version.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedDatabaseTests(PostgresServer server)
{
    [Fact]
    public void StudyStoreAndBatchQueue_InOneDatabase_EachAtItsOwnSchemaVersion()
    {
        string database = server.NewDatabase();
        using (var store = new AutoVision.Search.Postgres.PostgresTrialStore(database, "s"))
        using (var queue = new PostgresBatchQueue(database, "q"))
        {
            store.CreateTrial(new AutoVision.Search.FrozenTrial { Number = -1, State = AutoVision.Search.TrialState.Running });
            queue.Enqueue([new BatchItem(BatchEntries.BuiltIn, null, "a", "/data/a")]);
        }
        using var data = Npgsql.NpgsqlDataSource.Create(database);
        Assert.Equal(1, AutoVision.Search.Postgres.PostgresSchema.CurrentVersion(data, AutoVision.Search.Postgres.PostgresTrialStore.Component));
        Assert.Equal(1, AutoVision.Search.Postgres.PostgresSchema.CurrentVersion(data, PostgresBatchQueue.Component));
        using var reopened = new PostgresBatchQueue(database, "q");
        Assert.Equal(1, reopened.OpenCount());
    }
}
