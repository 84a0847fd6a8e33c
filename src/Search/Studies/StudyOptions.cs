namespace AutoVision.Search;

/// <summary>How a <see cref="Study"/> is composed. Every member has a safe default.</summary>
public sealed record StudyOptions
{
    public StudyDirection Direction { get; init; } = StudyDirection.Minimize;

    /// <summary>Where parameter values come from; null means a fresh, unseeded <see cref="TpeSampler"/>.</summary>
    public ISampler? Sampler { get; init; }

    /// <summary>Which trials to stop early; null means a fresh <see cref="MedianPruner"/>.</summary>
    public IPruner? Pruner { get; init; }

    /// <summary>Where trials are kept; null means a fresh <see cref="InMemoryTrialStore"/>.</summary>
    public ITrialStore? Store { get; init; }

    /// <summary>The clock for trial times and the optimisation timeout.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// When false (the default) an exception from the objective fails the trial — recorded with its reason — and
    /// <c>Study.Optimize</c> goes on. When true the trial is still recorded as failed, then the exception is
    /// rethrown.
    /// </summary>
    public bool RethrowObjectiveExceptions { get; init; }

    /// <summary>
    /// The quantile (0–1) of observed trial durations that a deadline-aware <see cref="Study.Optimize(Func{Trial, CancellationToken, double}, DateTimeOffset, int?, CancellationToken)"/>
    /// expects a new trial to take; it starts no trial that would not finish before the deadline. Default 0.9.
    /// </summary>
    public double TrialDurationQuantile { get; init; } = 0.9;
}
