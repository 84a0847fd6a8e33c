using AutoVision.Search.Postgres;
using AutoVision.Search.Tests;
using AutoVision.Testing.Postgres;

namespace AutoVision.Search.Postgres.Tests;

/// <summary>The storage contract of tests/Search, on a real PostgreSQL database (a fresh one per test).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTrialStoreContractTests(PostgresServer server) : TrialStoreContractTests, IDisposable
{
    private readonly string _database = server.NewDatabase();
    private readonly List<PostgresTrialStore> _stores = [];

    protected override ITrialStore CreateStore() => Track(new PostgresTrialStore(_database, "study-" + Guid.NewGuid().ToString("N")));

    protected override ITrialStore Reopen(ITrialStore store) => Track(new PostgresTrialStore(_database, ((PostgresTrialStore)store).StudyName));

    private PostgresTrialStore Track(PostgresTrialStore store)
    {
        _stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
    }
}
