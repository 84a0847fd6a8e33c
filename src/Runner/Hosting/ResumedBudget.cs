using AutoVision.Budget;

namespace AutoVision.Runner;

/// <summary>
/// The budget of a resumed run: its clock started in an earlier process (<c>start_time</c> of <c>start.txt</c>),
/// so the wall time used before, including the time the run was not running, stays used.
/// </summary>
public sealed class ResumedBudget : IBudget
{
    private readonly TimeProvider _time;
    private readonly long _createdTimestamp;
    private readonly TimeSpan _elapsedAtCreation;

    public ResumedBudget(TimeSpan total, double startUnixSeconds, TimeProvider time)
    {
        Total = total;
        StartUnixSeconds = startUnixSeconds;
        _time = time;
        _createdTimestamp = time.GetTimestamp();
        _elapsedAtCreation = TimeSpan.FromSeconds(NowUnixSeconds() - startUnixSeconds);
    }

    public TimeSpan Total { get; }

    public bool IsStarted => true;

    public double StartUnixSeconds { get; }

    public TimeSpan Elapsed => _elapsedAtCreation + _time.GetElapsedTime(_createdTimestamp);

    public TimeSpan Remaining => Total - Elapsed;

    public void Start()
    {
    }

    public double NowUnixSeconds() => (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalSeconds;

    public Deadline DeadlineIn(TimeSpan fromNow)
    {
        var remaining = Remaining;
        var span = fromNow < remaining ? fromNow : remaining;
        return new Deadline(_time, _time.GetTimestamp(), span < TimeSpan.Zero ? TimeSpan.Zero : span);
    }
}
