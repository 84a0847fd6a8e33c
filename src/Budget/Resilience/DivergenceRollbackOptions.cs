using Polly;

namespace AutoVision.Budget.Resilience;

/// <summary>Options of the divergence rollback strategy; every value but <see cref="Target"/> and <see cref="Health"/> has a safe default.</summary>
public sealed class DivergenceRollbackOptions<T> : ResilienceStrategyOptions
{
    public DivergenceRollbackOptions() => Name = "divergence-rollback";

    /// <summary>The learner that snapshots and restores itself.</summary>
    public required IDivergenceRollback Target { get; init; }

    /// <summary>Reads the round's health from its result.</summary>
    public required Func<T, TrainingHealth> Health { get; init; }

    /// <summary>A score below this fraction of the best healthy score is a collapse (e.g. 0.5: half of the best).</summary>
    public double CollapseRatio { get; init; } = 0.5;

    /// <summary>The learning rate is multiplied by this after each rollback.</summary>
    public double LearningRateFactor { get; init; } = 0.5;

    /// <summary>Rollbacks allowed in a row; one more divergence is a <see cref="TrainingDivergedException"/> outcome.</summary>
    public int MaxConsecutiveRollbacks { get; init; } = 3;

    /// <summary>Called after each rollback (for logging).</summary>
    public Action<DivergenceKind, TrainingHealth>? OnRollback { get; init; }
}
