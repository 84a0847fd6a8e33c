using Polly;

namespace AutoVision.Budget.Resilience;

internal sealed class RememberSuccessOptions : ResilienceStrategyOptions
{
    public RememberSuccessOptions() => Name = "remember-last-good";
}

/// <summary>Remembers every successful, non-null result as the last good value (the outermost strategy of a phase).</summary>
internal sealed class RememberSuccessStrategy<T>(LastGood<T> lastGood) : ResilienceStrategy<T>
{
    protected override async ValueTask<Outcome<T>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<T>>> callback, ResilienceContext context, TState state)
    {
        var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        if (outcome.Exception is null && outcome.Result is { } value) lastGood.Remember(value);
        return outcome;
    }
}
