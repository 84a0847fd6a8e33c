using System.Collections.Immutable;

namespace AutoVision.Search;

/// <summary>
/// An immutable record of one trial: what stores keep, what samplers and pruners read. Parameter values are
/// external (what the objective saw); their distributions give the internal representation.
/// </summary>
public sealed record FrozenTrial
{
    public required int Number { get; init; }
    public required TrialState State { get; init; }

    public ImmutableSortedDictionary<string, object?> Params { get; init; } =
        ImmutableSortedDictionary.Create<string, object?>(StringComparer.Ordinal);

    public ImmutableSortedDictionary<string, Distribution> Distributions { get; init; } =
        ImmutableSortedDictionary.Create<string, Distribution>(StringComparer.Ordinal);

    /// <summary>Values reported with <see cref="Trial.Report"/>, by step.</summary>
    public ImmutableSortedDictionary<int, double> IntermediateValues { get; init; } =
        ImmutableSortedDictionary<int, double>.Empty;

    /// <summary>The objective value of a complete trial; the last intermediate value of a pruned one.</summary>
    public double? Value { get; init; }

    public ImmutableSortedDictionary<string, object?> UserAttributes { get; init; } =
        ImmutableSortedDictionary.Create<string, object?>(StringComparer.Ordinal);

    /// <summary>Parameter values fixed in advance by <see cref="Study.EnqueueTrial"/>.</summary>
    public ImmutableSortedDictionary<string, object?> FixedParams { get; init; } =
        ImmutableSortedDictionary.Create<string, object?>(StringComparer.Ordinal);

    /// <summary>Why a failed trial failed (the exception type and message, or the reason it was told).</summary>
    public string? FailReason { get; init; }

    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? CompleteTime { get; init; }

    public TimeSpan? Duration => StartTime is { } s && CompleteTime is { } c ? c - s : null;

    /// <summary>The highest step with a reported value, or null when nothing was reported.</summary>
    public int? LastStep => IntermediateValues.IsEmpty ? null : IntermediateValues.Keys.Last();

    /// <summary>The internal representation of a parameter of this trial.</summary>
    public double InternalValue(string name) => Distributions[name].ToInternal(Params[name]);
}
