namespace AutoVision.Budget.Resilience;

/// <summary>What a training round reports: its last loss and, when it has one, its train or validation score.</summary>
public readonly record struct TrainingHealth(double Loss, double? Score = null);

/// <summary>Why a round was judged diverged.</summary>
public enum DivergenceKind
{
    None,
    /// <summary>The loss is NaN or infinite.</summary>
    NonFiniteLoss,
    /// <summary>The score fell below a fraction of the best healthy score.</summary>
    CollapsedScore,
}

/// <summary>Training kept diverging after every rollback allowed: the learner should stop training and keep its last good predictions.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
