namespace AutoVision.Budget;

/// <summary>Options of the <see cref="RoundPlanner"/>; every value has a safe default.</summary>
public sealed record RoundPlannerOptions
{
    /// <summary>Each training round lasts about this fraction of the time used so far (geometric prediction times:
    /// the ALC weighs time on a log scale, so equal steps in log time are what it rewards).</summary>
    public double GrowthRatio { get; init; } = 0.6;

    /// <summary>The shortest round, as a fraction of the whole budget.</summary>
    public double MinRoundFraction { get; init; } = 0.03;

    /// <summary>The longest round, as a fraction of the whole budget.</summary>
    public double MaxRoundFraction { get; init; } = 0.25;

    /// <summary>Time kept free at the end of the budget, as a fraction of it (at least <see cref="MinSafetyMargin"/>).</summary>
    public double SafetyFraction { get; init; } = 0.04;

    public TimeSpan MinSafetyMargin { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The expected test time is multiplied by this before it is reserved.</summary>
    public double TestTimeFactor { get; init; } = 2.0;
}

/// <summary>What the learner may spend on its next training round.</summary>
/// <param name="Train">Training time for this round (zero: do not train, just predict).</param>
/// <param name="IsLast">No further round fits after this one: the learner should report that training is done.</param>
public readonly record struct PlannedRound(TimeSpan Train, bool IsLast);

/// <summary>
/// Decides how long each training round between two predictions may run, from the time used, the time left
/// and the measured cost of a prediction, so that the last prediction lands safely before the deadline.
/// </summary>
public sealed class RoundPlanner
{
    private readonly TimeSpan _total;
    private readonly RoundPlannerOptions _options;

    public RoundPlanner(TimeSpan total, RoundPlannerOptions? options = null)
    {
        _total = total;
        _options = options ?? new RoundPlannerOptions();
    }

    /// <summary>Time never planned for, at the end of the budget.</summary>
    public TimeSpan SafetyMargin
    {
        get
        {
            var m = _total * _options.SafetyFraction;
            return m > _options.MinSafetyMargin ? m : _options.MinSafetyMargin;
        }
    }

    /// <summary>Plans the next round.</summary>
    /// <param name="elapsed">Time used so far.</param>
    /// <param name="remaining">Time left (as the ingestion passes it to <c>train</c>).</param>
    /// <param name="expectedTest">Measured (or estimated) duration of one prediction.</param>
    public PlannedRound Next(TimeSpan elapsed, TimeSpan remaining, TimeSpan expectedTest)
    {
        var reserve = expectedTest * _options.TestTimeFactor + SafetyMargin;
        var available = remaining - reserve;
        var min = _total * _options.MinRoundFraction;
        if (available < min) return new PlannedRound(TimeSpan.Zero, IsLast: true);

        var wanted = elapsed * _options.GrowthRatio;
        if (wanted < min) wanted = min;
        var max = _total * _options.MaxRoundFraction;
        if (wanted > max) wanted = max;

        // If what would be left after this round cannot hold another minimal round, use it all now.
        var after = available - wanted - expectedTest * _options.TestTimeFactor;
        if (after < min) return new PlannedRound(available, IsLast: true);
        return new PlannedRound(wanted, IsLast: false);
    }
}
