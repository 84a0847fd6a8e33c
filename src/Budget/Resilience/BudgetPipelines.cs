using Polly;
using Polly.Fallback;
using Polly.Retry;
using Polly.Timeout;

namespace AutoVision.Budget.Resilience;

/// <summary>
/// Small Polly v8 pipelines on the budget's clock: a per-phase timeout that cancels the callback's token (the
/// work checks it between steps), a fallback to the last good value when a phase fails or times out, and a
/// short retry of file writes on <see cref="IOException"/>. The divergence rollback is
/// <see cref="DivergenceRollbackExtensions.AddDivergenceRollback{T}"/>.
/// </summary>
public sealed class BudgetPipelines
{
    public BudgetPipelines(TimeProvider? time = null) => Time = time ?? TimeProvider.System;

    public TimeProvider Time { get; }

    /// <summary>Cancels the callback's token after <paramref name="timeout"/>; the outcome is then a <see cref="TimeoutRejectedException"/>.</summary>
    public ResiliencePipeline<T> PhaseTimeout<T>(TimeSpan timeout) =>
        new ResiliencePipelineBuilder<T> { TimeProvider = Time }.AddTimeout(ValidTimeout(timeout)).Build();

    /// <summary>Cancels the callback's token at the phase's deadline.</summary>
    public ResiliencePipeline<T> PhaseTimeout<T>(Deadline deadline) => PhaseTimeout<T>(deadline.Remaining);

    /// <summary>
    /// A phase that times out after <paramref name="timeout"/> and, when it fails or times out, returns
    /// <paramref name="lastGood"/>'s value; a success is remembered as the new last good value. With no last good
    /// value yet the failure stands.
    /// </summary>
    public ResiliencePipeline<T> PhaseWithFallback<T>(TimeSpan timeout, LastGood<T> lastGood) =>
        new ResiliencePipelineBuilder<T> { TimeProvider = Time }
            .AddStrategy(_ => new RememberSuccessStrategy<T>(lastGood), new RememberSuccessOptions())
            .AddFallback(FallbackToLastGood(lastGood))
            .AddTimeout(ValidTimeout(timeout))
            .Build();

    /// <summary>Returns <paramref name="lastGood"/>'s value when a phase fails (any exception, including a timeout) or returns null.</summary>
    public static FallbackStrategyOptions<T> FallbackToLastGood<T>(LastGood<T> lastGood)
    {
        ArgumentNullException.ThrowIfNull(lastGood);
        return new FallbackStrategyOptions<T>
        {
            Name = "last-good",
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null || args.Outcome.Result is null),
            FallbackAction = args => ValueTask.FromResult(
                lastGood.TryGet(out var value) ? Outcome.FromResult(value) : args.Outcome),
        };
    }

    /// <summary>Retries a file write on <see cref="IOException"/> (not on a missing folder) with doubling delays.</summary>
    public ResiliencePipeline FileWriteRetry(FileWriteRetryOptions? options = null)
    {
        var o = options ?? new FileWriteRetryOptions();
        return new ResiliencePipelineBuilder { TimeProvider = Time }
            .AddRetry(new RetryStrategyOptions
            {
                Name = "file-write",
                ShouldHandle = new PredicateBuilder().Handle<IOException>(e => e is not DirectoryNotFoundException and not PathTooLongException),
                MaxRetryAttempts = o.MaxRetryAttempts,
                Delay = o.FirstDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
            })
            .Build();
    }

    /// <summary>The shortest timeout Polly accepts; a phase with less (or no) time left gets this one.</summary>
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);

    private static TimeSpan ValidTimeout(TimeSpan timeout) =>
        // Polly's timeout accepts [10 ms, 24 h]: a phase with no time left gets the smallest one, so it is cancelled at once.
        timeout < MinTimeout ? MinTimeout : timeout > TimeSpan.FromHours(24) ? TimeSpan.FromHours(24) : timeout;
}
