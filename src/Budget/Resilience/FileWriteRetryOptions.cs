namespace AutoVision.Budget.Resilience;

/// <summary>Options of the file-write retry in <see cref="BudgetPipelines"/>; every value has a safe default.</summary>
public sealed record FileWriteRetryOptions
{
    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetryAttempts { get; init; } = 3;

    /// <summary>Delay before the first retry; doubled before each further one (no jitter: one writer per folder).</summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(50);
}
