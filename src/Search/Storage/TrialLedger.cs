using System.Collections.Immutable;

namespace AutoVision.Search;

/// <summary>The rules every store applies to its list of trials: numbering, and that finished trials never change.
/// Immutable, so a store can compute the next ledger, persist it, and only then publish it.</summary>
internal sealed class TrialLedger
{
    public static readonly TrialLedger Empty = new(ImmutableList<FrozenTrial>.Empty);

    private TrialLedger(ImmutableList<FrozenTrial> trials) => Trials = trials;

    public ImmutableList<FrozenTrial> Trials { get; }

    public static TrialLedger From(IEnumerable<FrozenTrial> trials) => new(trials.ToImmutableList());

    public (TrialLedger Next, FrozenTrial Created) Create(FrozenTrial template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var created = template with { Number = Trials.Count };
        return (new TrialLedger(Trials.Add(created)), created);
    }

    public TrialLedger Save(FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.Number < 0 || trial.Number >= Trials.Count)
            throw new KeyNotFoundException($"There is no trial {trial.Number} (the store holds {Trials.Count}).");
        var stored = Trials[trial.Number];
        if (stored.State.IsFinished())
            throw new InvalidOperationException($"Trial {trial.Number} is {stored.State}; a finished trial cannot be changed.");
        return new TrialLedger(Trials.SetItem(trial.Number, trial));
    }

    /// <summary>The oldest waiting trial turned running, or null (and this ledger) when none waits.</summary>
    public (TrialLedger Next, FrozenTrial? Claimed) ClaimWaiting(DateTimeOffset startTime)
    {
        var waiting = Trials.Find(t => t.State == TrialState.Waiting);
        if (waiting is null) return (this, null);
        var running = waiting with { State = TrialState.Running, StartTime = startTime };
        return (Save(running), running);
    }
}
