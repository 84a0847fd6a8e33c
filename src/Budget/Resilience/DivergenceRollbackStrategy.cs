using Polly;

namespace AutoVision.Budget.Resilience;

/// <summary>
/// Runs a training round; a healthy result is snapshotted, a diverged one (NaN/infinite loss, collapsed score)
/// is undone: restore the last snapshot, lower the learning rate, and return the result (the caller sees the
/// round as done and goes on from the restored state). Too many divergences in a row give a
/// <see cref="TrainingDivergedException"/> outcome instead.
/// </summary>
internal sealed class DivergenceRollbackStrategy<T>(DivergenceRollbackOptions<T> options) : ResilienceStrategy<T>
{
    private readonly object _gate = new();
    private double? _bestScore;
    private int _consecutive;

    protected override async ValueTask<Outcome<T>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<T>>> callback, ResilienceContext context, TState state)
    {
        var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        if (outcome.Exception is not null || outcome.Result is not { } result) return outcome;

        var health = options.Health(result);
        DivergenceKind kind;
        lock (_gate) kind = Judge(health);
        if (kind == DivergenceKind.None)
        {
            options.Target.Snapshot();
            lock (_gate)
            {
                _consecutive = 0;
                if (health.Score is { } s && (_bestScore is null || s > _bestScore)) _bestScore = s;
            }
            return outcome;
        }

        int consecutive;
        lock (_gate) consecutive = ++_consecutive;
        if (consecutive > options.MaxConsecutiveRollbacks || !options.Target.Restore())
            return Outcome.FromException<T>(new TrainingDivergedException(
                $"Training diverged ({kind}, loss {health.Loss}, score {health.Score}) and could not be rolled back ({consecutive} in a row)."));
        options.Target.ScaleLearningRate(options.LearningRateFactor);
        options.OnRollback?.Invoke(kind, health);
        return outcome;
    }

    private DivergenceKind Judge(TrainingHealth health)
    {
        if (!double.IsFinite(health.Loss)) return DivergenceKind.NonFiniteLoss;
        if (health.Score is { } s && (!double.IsFinite(s) || (_bestScore is { } best && s < best * options.CollapseRatio)))
            return DivergenceKind.CollapsedScore;
        return DivergenceKind.None;
    }
}

/// <summary>Adds the divergence rollback to a pipeline.</summary>
public static class DivergenceRollbackExtensions
{
    /// <summary>Adds a strategy that snapshots healthy rounds and rolls diverged ones back (see <see cref="DivergenceRollbackOptions{T}"/>).</summary>
    public static ResiliencePipelineBuilder<T> AddDivergenceRollback<T>(this ResiliencePipelineBuilder<T> builder, DivergenceRollbackOptions<T> options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (options.LearningRateFactor is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(options), "LearningRateFactor lies in (0, 1).");
        if (options.MaxConsecutiveRollbacks < 0) throw new ArgumentOutOfRangeException(nameof(options), "MaxConsecutiveRollbacks cannot be negative.");
        return builder.AddStrategy(_ => new DivergenceRollbackStrategy<T>(options), options);
    }
}
