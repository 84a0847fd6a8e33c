namespace AutoVision.Search;

/// <summary>Keeps trials in memory, for this process only. Thread-safe.</summary>
public sealed class InMemoryTrialStore : ITrialStore
{
    private readonly object _gate = new();
    private TrialLedger _ledger = TrialLedger.Empty;

    public FrozenTrial CreateTrial(FrozenTrial template)
    {
        lock (_gate)
        {
            (_ledger, var created) = _ledger.Create(template);
            return created;
        }
    }

    public void SaveTrial(FrozenTrial trial)
    {
        lock (_gate) _ledger = _ledger.Save(trial);
    }

    public FrozenTrial? ClaimWaitingTrial(DateTimeOffset startTime)
    {
        lock (_gate)
        {
            (_ledger, var claimed) = _ledger.ClaimWaiting(startTime);
            return claimed;
        }
    }

    public IReadOnlyList<FrozenTrial> GetTrials()
    {
        lock (_gate) return _ledger.Trials;
    }
}
