namespace AutoVision.Budget;

/// <summary>
/// Runs a <see cref="PhasePlan"/> against a live budget: <see cref="Begin"/> gives the named phase's deadline
/// and a token that fires at its planned end (never after the budget's end). A phase asked for after its end,
/// or after the budget's, is zero-length: its token is already cancelled.
/// </summary>
public sealed class BudgetPhases
{
    private readonly IBudget _budget;
    private readonly TimeProvider _time;

    /// <param name="budget">The run's budget; phases are measured from its start.</param>
    /// <param name="plan">The phases.</param>
    /// <param name="time">The clock the budget reads (the same instance).</param>
    public BudgetPhases(IBudget budget, PhasePlan plan, TimeProvider time)
    {
        _budget = budget ?? throw new ArgumentNullException(nameof(budget));
        Plan = plan ?? throw new ArgumentNullException(nameof(plan));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    public BudgetPhases(TimeBudget budget, PhasePlan plan) : this(budget, plan, budget.Time) { }

    public PhasePlan Plan { get; }

    /// <summary>Time left until the end of phase <paramref name="name"/> (zero once it is over).</summary>
    public TimeSpan RemainingIn(string name) => SpanUntil(Plan[name].End);

    /// <summary>Enters phase <paramref name="name"/>: it ends at its planned end, whenever it is begun.</summary>
    public BudgetPhase Begin(string name, CancellationToken outer = default)
    {
        var window = Plan[name];
        return new BudgetPhase(window.Name, new Deadline(_time, _time.GetTimestamp(), SpanUntil(window.End)), _time, outer);
    }

    private TimeSpan SpanUntil(TimeSpan end)
    {
        var span = end - _budget.Elapsed;
        var remaining = _budget.Remaining;
        if (span > remaining) span = remaining;
        return span < TimeSpan.Zero ? TimeSpan.Zero : span;
    }
}
