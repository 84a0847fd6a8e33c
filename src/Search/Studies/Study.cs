using System.Collections.Immutable;

namespace AutoVision.Search;

/// <summary>
/// An optimisation task: a direction and the trials run so far, composed of three separate axes — a sampler that
/// suggests values, a pruner that stops unpromising trials, and a store that keeps trials (and lets a study resume).
/// Use <c>Optimize</c>, or <see cref="Ask"/> and <see cref="Tell(Trial, double)"/> to drive trials yourself.
/// </summary>
public sealed partial class Study
{
    private readonly object _gate = new();
    private readonly bool _rethrow;
    private readonly double _durationQuantile;

    public Study(StudyOptions? options = null)
    {
        options ??= new StudyOptions();
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        Direction = options.Direction;
        Sampler = options.Sampler ?? new TpeSampler();
        Pruner = options.Pruner ?? new MedianPruner();
        Store = options.Store ?? new InMemoryTrialStore();
        TimeProvider = options.TimeProvider;
        _rethrow = options.RethrowObjectiveExceptions;
        if (!(options.TrialDurationQuantile is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.TrialDurationQuantile, "TrialDurationQuantile must be within [0, 1].");
        _durationQuantile = options.TrialDurationQuantile;
    }

    public StudyDirection Direction { get; }
    public ISampler Sampler { get; }
    public IPruner Pruner { get; }
    public ITrialStore Store { get; }
    public TimeProvider TimeProvider { get; }

    /// <summary>All trials, in number order.</summary>
    public IReadOnlyList<FrozenTrial> Trials => Store.GetTrials();

    /// <summary>The complete trial with the best value (the earliest one on a tie).</summary>
    /// <exception cref="InvalidOperationException">No trial is complete yet.</exception>
    public FrozenTrial BestTrial
    {
        get
        {
            FrozenTrial? best = null;
            foreach (var trial in Trials)
            {
                if (trial.State != TrialState.Complete || trial.Value is not { } v) continue;
                if (best is null || IsBetter(v, best.Value!.Value)) best = trial;
            }
            return best ?? throw new InvalidOperationException("The study has no complete trial yet, so it has no best trial.");
        }
    }

    public double BestValue => BestTrial.Value!.Value;

    /// <summary>Whether <paramref name="a"/> is strictly better than <paramref name="b"/> in this study's direction.</summary>
    public bool IsBetter(double a, double b) => Direction == StudyDirection.Minimize ? a < b : a > b;

    /// <summary>
    /// Fixes parameter values for a future trial: the next <see cref="Ask"/> takes the oldest enqueued trial, and its
    /// <c>Suggest*</c> calls return these values (other parameters are sampled). Returns the trial's number.
    /// </summary>
    public int EnqueueTrial(IReadOnlyDictionary<string, object?> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var (name, value) in parameters)
            PrimitiveValues.Require(value, $"Enqueued parameter '{name}'");
        var fixedParams = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, parameters);
        lock (_gate)
            return Store.CreateTrial(new FrozenTrial { Number = -1, State = TrialState.Waiting, FixedParams = fixedParams }).Number;
    }

    /// <summary>Starts a trial: the oldest enqueued one if any, else a new one.</summary>
    public Trial Ask()
    {
        lock (_gate)
        {
            var now = TimeProvider.GetUtcNow();
            if (Store.ClaimWaitingTrial(now) is { } claimed) return new Trial(this, claimed);
            var created = Store.CreateTrial(new FrozenTrial { Number = -1, State = TrialState.Running, StartTime = now });
            return new Trial(this, created);
        }
    }

    /// <summary>Finishes a trial with its objective value; a NaN value fails it.</summary>
    public void Tell(Trial trial, double value)
    {
        if (double.IsNaN(value))
        {
            Finish(trial, TrialState.Fail, null, "The objective value is NaN.");
            return;
        }
        Finish(trial, TrialState.Complete, value, null);
    }

    /// <summary>Finishes a trial as <see cref="TrialState.Pruned"/> (its value becomes its last intermediate value) or
    /// <see cref="TrialState.Fail"/>.</summary>
    public void Tell(Trial trial, TrialState state)
    {
        switch (state)
        {
            case TrialState.Pruned:
                double? last = trial.Snapshot.LastStep is { } step ? trial.Snapshot.IntermediateValues[step] : null;
                Finish(trial, TrialState.Pruned, last is { } l && !double.IsNaN(l) ? l : null, null);
                break;
            case TrialState.Fail:
                Finish(trial, TrialState.Fail, null, "Told as failed.");
                break;
            case TrialState.Complete:
                throw new ArgumentException("A complete trial needs its value: use Tell(trial, value).", nameof(state));
            default:
                throw new ArgumentException($"A trial can only be told Pruned or Fail here, not {state}.", nameof(state));
        }
    }

    internal void Fail(Trial trial, string reason) => Finish(trial, TrialState.Fail, null, reason);

    private void Finish(Trial trial, TrialState state, double? value, string? failReason)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (!ReferenceEquals(trial.Study, this))
            throw new ArgumentException($"Trial {trial.Number} belongs to another study.", nameof(trial));
        lock (_gate)
        {
            if (trial.State != TrialState.Running)
                throw new InvalidOperationException($"Trial {trial.Number} is {trial.State}; only a running trial can be told.");
            trial.Save(trial.Snapshot with
            {
                State = state,
                Value = value,
                FailReason = failReason,
                CompleteTime = TimeProvider.GetUtcNow(),
            });
        }
    }
}
