namespace AutoVision.Budget;

/// <summary>
/// A phase in progress: its deadline and a token that is cancelled when the phase's time is over (by a timer on
/// the budget's clock), or when the outer token is. Dispose it when the phase is left.
/// </summary>
public sealed class BudgetPhase : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource? _linked;

    internal BudgetPhase(string name, Deadline deadline, TimeProvider time, CancellationToken outer)
    {
        Name = name;
        Deadline = deadline;
        _timer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        if (deadline.Span <= TimeSpan.Zero) _timer.Cancel();
        else _timer.CancelAfter(deadline.Span);
        if (outer.CanBeCanceled)
        {
            _linked = CancellationTokenSource.CreateLinkedTokenSource(_timer.Token, outer);
        }
    }

    public string Name { get; }

    /// <summary>When the phase ends (zero-length when it was asked for past its end or the budget's).</summary>
    public Deadline Deadline { get; }

    /// <summary>Cancelled at the phase's end (or with the outer token).</summary>
    public CancellationToken Token => (_linked ?? _timer).Token;

    /// <summary>Whether the phase's own time is over (not counting the outer token).</summary>
    public bool IsOver => _timer.IsCancellationRequested || Deadline.HasPassed;

    public void Dispose()
    {
        _linked?.Dispose();
        _timer.Dispose();
    }
}
