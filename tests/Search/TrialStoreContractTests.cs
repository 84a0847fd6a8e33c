using System.Collections.Immutable;

namespace AutoVision.Search.Tests;

/// <summary>The contract every <see cref="ITrialStore"/> keeps; each store's test class derives from this one.</summary>
public abstract class TrialStoreContractTests
{
    protected abstract ITrialStore CreateStore();

    private static FrozenTrial Running() => new() { Number = -1, State = TrialState.Running };

    [Fact]
    public void CreateTrial_EmptyStore_NumbersFromZeroIgnoringTemplateNumber()
    {
        var store = CreateStore();
        Assert.Equal(0, store.CreateTrial(Running() with { Number = 17 }).Number);
        Assert.Equal(1, store.CreateTrial(Running()).Number);
        Assert.Equal([0, 1], store.GetTrials().Select(t => t.Number));
    }

    [Fact]
    public void SaveTrial_RunningTrial_ReplacesStoredTrial()
    {
        var store = CreateStore();
        var created = store.CreateTrial(Running());
        store.SaveTrial(created with { State = TrialState.Complete, Value = 2.0 });
        var stored = store.GetTrials().Single();
        Assert.Equal(TrialState.Complete, stored.State);
        Assert.Equal(2.0, stored.Value);
    }

    [Fact]
    public void SaveTrial_UnknownNumber_ThrowsKeyNotFound()
    {
        var store = CreateStore();
        Assert.Throws<KeyNotFoundException>(() => store.SaveTrial(Running() with { Number = 0 }));
    }

    [Fact]
    public void SaveTrial_FinishedTrial_ThrowsAndKeepsIt()
    {
        var store = CreateStore();
        var created = store.CreateTrial(Running());
        store.SaveTrial(created with { State = TrialState.Fail, FailReason = "x" });
        Assert.Throws<InvalidOperationException>(() => store.SaveTrial(created with { State = TrialState.Complete, Value = 1 }));
        Assert.Equal(TrialState.Fail, store.GetTrials().Single().State);
    }

    [Fact]
    public void ClaimWaitingTrial_OldestFirstEachOnceThenNull()
    {
        var store = CreateStore();
        store.CreateTrial(Running());
        store.CreateTrial(new FrozenTrial { Number = -1, State = TrialState.Waiting });
        store.CreateTrial(new FrozenTrial { Number = -1, State = TrialState.Waiting });
        var start = new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.Zero);

        var first = store.ClaimWaitingTrial(start);
        var second = store.ClaimWaitingTrial(start);
        Assert.Equal(1, first?.Number);
        Assert.Equal(2, second?.Number);
        Assert.Null(store.ClaimWaitingTrial(start));
        var stored = Reopen(store).GetTrials();
        Assert.All(stored, t => Assert.Equal(TrialState.Running, t.State));
        Assert.Equal(start, stored[2].StartTime);
    }

    [Fact]
    public void GetTrials_Earlier_IsASnapshotUnchangedByLaterWrites()
    {
        var store = CreateStore();
        store.CreateTrial(Running());
        var before = store.GetTrials();
        store.CreateTrial(Running());
        Assert.Single(before);
        Assert.Equal(2, store.GetTrials().Count);
    }

    [Fact]
    public void SaveTrial_EveryField_ReadsBackTheSame()
    {
        var store = CreateStore();
        var created = store.CreateTrial(Running());
        var start = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var full = created with
        {
            State = TrialState.Complete,
            Value = double.PositiveInfinity,
            StartTime = start,
            CompleteTime = start.AddSeconds(90),
            Params = Map<object?>(("lr", 0.01), ("layers", 4), ("act", "gelu"), ("flag", (object?)null), ("q", 0.5)),
            Distributions = Map<Distribution>(
                ("lr", new FloatDistribution(1e-4, 1, log: true)),
                ("layers", new IntDistribution(2, 8, step: 2)),
                ("act", new CategoricalDistribution(["relu", "gelu"])),
                ("flag", new CategoricalDistribution([true, null, 3L, 2.5f])),
                ("q", new FloatDistribution(0, 1, step: 0.25))),
            IntermediateValues = ImmutableSortedDictionary.CreateRange(new Dictionary<int, double> { [0] = 1.5, [3] = double.NaN }),
            UserAttributes = Map<object?>(("note", "ok"), ("epochs", 12), ("big", 1L << 40), ("ratio", 0.25f), ("done", true)),
            FixedParams = Map<object?>(("lr", 0.01)),
            FailReason = null,
        };
        store.SaveTrial(full);

        var stored = Reopen(store).GetTrials().Single();
        Assert.Equal(full.State, stored.State);
        Assert.Equal(full.Value, stored.Value);
        Assert.Equal(full.StartTime, stored.StartTime);
        Assert.Equal(full.CompleteTime, stored.CompleteTime);
        Assert.Equal(full.Params, stored.Params);
        Assert.Equal(full.Distributions, stored.Distributions);
        Assert.Equal(full.IntermediateValues, stored.IntermediateValues);
        Assert.Equal(full.UserAttributes, stored.UserAttributes);
        Assert.IsType<long>(stored.UserAttributes["big"]);
        Assert.IsType<float>(stored.UserAttributes["ratio"]);
        Assert.IsType<int>(stored.Params["layers"]);
        Assert.Equal(full.FixedParams, stored.FixedParams);
    }

    [Fact]
    public void Study_OnThisStore_RunsOptimizationEndToEnd()
    {
        var store = CreateStore();
        var study = TestStudies.New(sampler: new TpeSampler(1), store: store);
        study.Optimize(TestStudies.Quadratic, nTrials: 15);
        Assert.Equal(15, Reopen(store).GetTrials().Count(t => t.State == TrialState.Complete));
    }

    /// <summary>The store as a later reader sees it: for a persistent store, opened afresh on the same place.</summary>
    protected virtual ITrialStore Reopen(ITrialStore store) => store;

    private static ImmutableSortedDictionary<string, T> Map<T>(params (string Key, T Value)[] items) =>
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, items.Select(i => KeyValuePair.Create(i.Key, i.Value)));
}
