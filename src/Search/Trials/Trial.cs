namespace AutoVision.Search;

/// <summary>
/// A running trial, handed to the objective: it suggests parameter values (define-by-run, so a parameter may exist
/// only for some values of another), takes intermediate values, and asks the pruner whether to stop.
/// Every change is saved to the study's store at once.
/// </summary>
public sealed class Trial
{
    private FrozenTrial _frozen;
    private IReadOnlyDictionary<string, RelativeValue>? _relative;

    internal Trial(Study study, FrozenTrial frozen)
    {
        Study = study;
        _frozen = frozen;
    }

    public Study Study { get; }
    public int Number => _frozen.Number;
    public TrialState State => _frozen.State;
    public IReadOnlyDictionary<string, object?> Params => _frozen.Params;
    public IReadOnlyDictionary<string, Distribution> Distributions => _frozen.Distributions;
    public IReadOnlyDictionary<int, double> IntermediateValues => _frozen.IntermediateValues;
    public double? Value => _frozen.Value;
    public IReadOnlyDictionary<string, object?> UserAttributes => _frozen.UserAttributes;
    public DateTimeOffset? StartTime => _frozen.StartTime;
    public DateTimeOffset? CompleteTime => _frozen.CompleteTime;

    /// <summary>The trial as it stands now.</summary>
    public FrozenTrial Snapshot => _frozen;

    public double SuggestFloat(string name, double low, double high, bool log = false, double? step = null) =>
        (double)Suggest(name, new FloatDistribution(low, high, log, step))!;

    public int SuggestInt(string name, int low, int high, bool log = false, int step = 1) =>
        (int)Suggest(name, new IntDistribution(low, high, log, step))!;

    public T SuggestCategorical<T>(string name, IReadOnlyList<T> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        return (T)Suggest(name, new CategoricalDistribution(choices.Select(c => (object?)c).ToArray()))!;
    }

    /// <summary>
    /// A value for <paramref name="name"/> from <paramref name="distribution"/>: the value already suggested in this
    /// trial, else the enqueued one, else the sampler's.
    /// </summary>
    /// <exception cref="ArgumentException">The name was suggested before with a different distribution, or an
    /// enqueued value is not a value of the distribution.</exception>
    public object? Suggest(string name, Distribution distribution)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(distribution);
        RequireRunning("suggest a parameter");

        if (_frozen.Distributions.TryGetValue(name, out var existing))
        {
            if (!existing.Equals(distribution))
                throw new ArgumentException(
                    $"Parameter '{name}' of trial {Number} was suggested with {existing}; it cannot be suggested again with {distribution}.");
            return _frozen.Params[name];
        }

        double internalValue;
        if (_frozen.FixedParams.TryGetValue(name, out object? fixedValue))
        {
            string problem = $"Enqueued value {FloatDistribution.Describe(fixedValue)} of parameter '{name}' (trial {Number}) is not a value of {distribution}.";
            try
            {
                internalValue = distribution.ToInternal(fixedValue);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException(problem, ex);
            }
            if (!distribution.Contains(internalValue)) throw new ArgumentException(problem);
        }
        else if (distribution.IsSingle)
        {
            internalValue = SingleInternal(distribution);
        }
        else if (Relative().TryGetValue(name, out var joint) && joint.Distribution.Equals(distribution))
        {
            internalValue = joint.Internal;
            if (!distribution.Contains(internalValue))
                throw new InvalidOperationException(
                    $"{Study.Sampler.GetType().Name} drew {FloatDistribution.Fmt(internalValue)} for parameter '{name}', which is not a value of {distribution}.");
        }
        else
        {
            internalValue = Study.Sampler.SampleIndependent(Study, _frozen, name, distribution);
            if (!distribution.Contains(internalValue))
                throw new InvalidOperationException(
                    $"{Study.Sampler.GetType().Name} returned {FloatDistribution.Fmt(internalValue)} for parameter '{name}', which is not a value of {distribution}.");
        }

        object? value = distribution.ToExternal(internalValue);
        Save(_frozen with
        {
            Params = _frozen.Params.SetItem(name, value),
            Distributions = _frozen.Distributions.SetItem(name, distribution),
        });
        return value;
    }

    /// <summary>Records an intermediate value at a step (0 or more). A step reported twice keeps its first value.</summary>
    public void Report(double value, int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        RequireRunning("report a value");
        if (_frozen.IntermediateValues.ContainsKey(step)) return;
        Save(_frozen with { IntermediateValues = _frozen.IntermediateValues.Add(step, value) });
    }

    /// <summary>Whether the study's pruner says to stop this trial now (then throw <see cref="TrialPrunedException"/>).</summary>
    public bool ShouldPrune()
    {
        RequireRunning("ask whether to prune");
        return Study.Pruner.Prune(Study, _frozen);
    }

    public void SetUserAttribute(string key, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        PrimitiveValues.Require(value, $"User attribute '{key}'");
        RequireRunning("set a user attribute");
        Save(_frozen with { UserAttributes = _frozen.UserAttributes.SetItem(key, value) });
    }

    /// <summary>The sampler's joint draw for this trial, made once, at the first parameter it samples.</summary>
    private IReadOnlyDictionary<string, RelativeValue> Relative() =>
        _relative ??= Study.Sampler is IRelativeSampler relative
            ? relative.SampleRelative(Study, _frozen)
            : new Dictionary<string, RelativeValue>();

    internal void Save(FrozenTrial updated)
    {
        Study.Store.SaveTrial(updated);
        _frozen = updated;
    }

    private void RequireRunning(string action)
    {
        if (_frozen.State != TrialState.Running)
            throw new InvalidOperationException($"Cannot {action}: trial {Number} is {_frozen.State}, not Running.");
    }

    private static double SingleInternal(Distribution distribution) => distribution switch
    {
        FloatDistribution f => f.Low,
        IntDistribution i => i.Low,
        _ => 0,
    };
}
