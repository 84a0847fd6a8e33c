namespace AutoVision.Budget.Resilience;

/// <summary>
/// What a learner offers so that a diverged training round can be undone: keep a snapshot of its last healthy
/// state (weights, optimizer), go back to it, and train on more gently.
/// </summary>
public interface IDivergenceRollback
{
    /// <summary>Keeps the current state as the last healthy one (a copy: later training must not change it).</summary>
    void Snapshot();

    /// <summary>Goes back to the last snapshot; false when there is none.</summary>
    bool Restore();

    /// <summary>Multiplies the learning rate by <paramref name="factor"/> (in (0, 1)).</summary>
    void ScaleLearningRate(double factor);
}
