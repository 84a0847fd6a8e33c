namespace AutoVision.Budget;

/// <summary>
/// The run's budget. Elapsed time is measured with the provider's monotonic timestamps, so a change of the
/// system clock cannot stretch or shrink it; Unix times (for <c>start.txt</c>) come from the provider's UTC clock.
/// </summary>
public sealed class TimeBudget : IBudget
{
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private long _startTimestamp;
    private double _startUnix;
    private bool _started;

    public TimeBudget(TimeSpan total, TimeProvider? time = null)
    {
        if (total <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(total), total, "The time budget must be positive.");
        Total = total;
        _time = time ?? TimeProvider.System;
    }

    public TimeSpan Total { get; }

    /// <summary>The clock this budget reads (phases and resilience pipelines must read the same one).</summary>
    public TimeProvider Time => _time;

    public bool IsStarted { get { lock (_gate) return _started; } }

    public double StartUnixSeconds
    {
        get { lock (_gate) return _started ? _startUnix : throw new InvalidOperationException("The budget clock has not started."); }
    }

    public TimeSpan Elapsed
    {
        get { lock (_gate) return _started ? _time.GetElapsedTime(_startTimestamp) : TimeSpan.Zero; }
    }

    public TimeSpan Remaining => Total - Elapsed;

    public void Start()
    {
        lock (_gate)
        {
            if (_started) return;
            _startTimestamp = _time.GetTimestamp();
            _startUnix = NowUnixSeconds();
            _started = true;
        }
    }

    public double NowUnixSeconds() => (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds;

    public Deadline DeadlineIn(TimeSpan fromNow)
    {
        var remaining = Remaining;
        var span = fromNow < remaining ? fromNow : remaining;
        return new Deadline(_time, _time.GetTimestamp(), span < TimeSpan.Zero ? TimeSpan.Zero : span);
    }
}
