namespace AutoVision.Budget;

/// <summary>
/// A wall-clock budget: how long in all, how much is used, how much is left. Time comes from an injected
/// <see cref="TimeProvider"/>, so a 20-minute budget is tested in milliseconds with a fake clock.
/// </summary>
public interface IBudget
{
    /// <summary>The whole budget.</summary>
    TimeSpan Total { get; }

    /// <summary>Whether <see cref="Start"/> has been called.</summary>
    bool IsStarted { get; }

    /// <summary>Wall-clock time (Unix seconds, as Python's <c>time.time()</c>) when the clock started.</summary>
    double StartUnixSeconds { get; }

    /// <summary>Time used since the clock started (zero before).</summary>
    TimeSpan Elapsed { get; }

    /// <summary>Time left; negative once the budget is overrun.</summary>
    TimeSpan Remaining { get; }

    /// <summary>Starts the clock (the challenge starts it after the model is built). Idempotent.</summary>
    void Start();

    /// <summary>Wall-clock time now in Unix seconds.</summary>
    double NowUnixSeconds();

    /// <summary>A deadline <paramref name="fromNow"/> after now, never past the end of the budget.</summary>
    Deadline DeadlineIn(TimeSpan fromNow);
}
