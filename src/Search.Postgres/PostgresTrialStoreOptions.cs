namespace AutoVision.Search.Postgres;

/// <summary>How a <see cref="PostgresTrialStore"/> watches over running trials.</summary>
public sealed record PostgresTrialStoreOptions
{
    /// <summary>How often this store marks its running trials alive; null: no heartbeat (its trials carry no stamp and
    /// are never reaped: a dead worker's trial stays running, as in Optuna without heartbeats).
    /// Default 30 s.</summary>
    public TimeSpan? HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A running trial whose last heartbeat is older than this is taken for the trial of a dead worker.
    /// Default 2 minutes; must exceed <see cref="HeartbeatInterval"/>.</summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How many times a reaped trial is queued again (as a waiting trial with the same parameters); 0: never.
    /// Default 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Names this store's process in the database (<c>host:pid:random</c> by default).</summary>
    public string? WorkerId { get; init; }

    /// <summary>Where warnings go (a heartbeat that could not be written); default: standard error.</summary>
    public Action<string>? Warn { get; init; }

    internal void Validate()
    {
        if (HeartbeatInterval is { } beat && beat <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(HeartbeatInterval), beat, "The heartbeat interval must be positive (or null for none).");
        if (Grace <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Grace), Grace, "The grace period must be positive.");
        if (HeartbeatInterval is { } interval && Grace <= interval)
            throw new ArgumentOutOfRangeException(nameof(Grace), Grace, $"The grace period must be longer than the heartbeat interval ({interval}).");
        if (MaxRetries < 0) throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "MaxRetries must be 0 or more.");
    }
}
