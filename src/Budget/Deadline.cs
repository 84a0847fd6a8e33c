namespace AutoVision.Budget;

/// <summary>A point in time on a provider's monotonic clock: how much is left until it, has it passed.</summary>
public readonly struct Deadline
{
    private readonly TimeProvider _time;
    private readonly long _createdTimestamp;

    public Deadline(TimeProvider time, long createdTimestamp, TimeSpan span)
    {
        _time = time;
        _createdTimestamp = createdTimestamp;
        Span = span;
    }

    /// <summary>The length of the deadline from its creation.</summary>
    public TimeSpan Span { get; }

    public TimeSpan Elapsed => _time.GetElapsedTime(_createdTimestamp);

    public TimeSpan Remaining => Span - Elapsed;

    public bool HasPassed => Remaining <= TimeSpan.Zero;
}
