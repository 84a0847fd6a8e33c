namespace AutoVision.Budget;

/// <summary>
/// Plans from measurements: how long the next training round may run (so, when the next prediction is made),
/// how many steps fit into it, how long a search phase may take and what to reserve for the final prediction.
/// </summary>
/// <remarks>
/// <para><b>When to predict.</b> The ALC is the area under the step curve of score against transformed time
/// x(t) (<see cref="AlcTimeScale"/>). Near now, take the score as linear in x with slope b (the
/// <see cref="LearningCurve"/> callers feed) and R as the gain still to come. Waiting Δ (in x) before the next
/// prediction loses the triangle b·Δ²/2 of area the curve would have shown: b·Δ/2 per unit of x. Each
/// prediction costs its test time c (c_x in transformed time), which delays all later progress and so loses
/// about c_x·R of area: c_x·R/Δ per unit of x. The sum is smallest at <c>Δ* = sqrt(2·c_x·R/b)</c>. With R the
/// straight extrapolation to the end, b(1 − x), this is <c>sqrt(2·c_x·(1 − x))</c> (also used before the curve
/// has two points); when the extrapolation reaches the curve's ceiling before the end, R is the headroom
/// (ceiling − best) and predictions come sooner; when the curve gains less than
/// <see cref="MeasuringPlannerOptions.MinUsefulGain"/> over Δ (a plateau), Δ is stretched. The round is then
/// kept between the minimal round (a fraction of the budget, and a multiple of the test time) and the maximal one.
/// Early, x moves fast per second and a test costs much of it, so this is not a fixed interval in seconds.</para>
/// <para><b>The reserve</b> for the final prediction is the expected test time (the cost model's pessimistic,
/// margin-inflated estimate) times <see cref="MeasuringPlannerOptions.TestReserveFactor"/>, plus a small
/// safety margin. The last round ends at T − reserve; a round after which no further minimal round would fit
/// takes everything up to that point.</para>
/// </remarks>
public sealed class MeasuringPlanner
{
    public MeasuringPlanner(TimeSpan total, CostModel? costs = null, MeasuringPlannerOptions? options = null, AlcTimeScale? scale = null)
    {
        if (total <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(total), total, "The budget must be positive.");
        Total = total;
        Costs = costs ?? new CostModel();
        Options = options ?? new MeasuringPlannerOptions();
        Scale = scale ?? new AlcTimeScale(total);
    }

    public TimeSpan Total { get; }
    public CostModel Costs { get; }
    public MeasuringPlannerOptions Options { get; }
    public AlcTimeScale Scale { get; }

    /// <summary>Time never planned for at the end of the budget.</summary>
    public TimeSpan SafetyMargin
    {
        get
        {
            var m = Total * Options.SafetyFraction;
            return m > Options.MinSafetyMargin ? m : Options.MinSafetyMargin;
        }
    }

    private TimeSpan MinRound(TimeSpan expectedTest)
    {
        var min = Total * Options.MinRoundFraction;
        var perTest = expectedTest * Options.MinTrainPerTest;
        return perTest > min ? perTest : min;
    }

    /// <summary>Expected duration of one test of <paramref name="units"/> units (unmeasured: a fraction of the budget).</summary>
    public TimeSpan ExpectedTest(CostKey testKey, int units) =>
        Costs.Estimate(testKey, units, Total * Options.UnmeasuredTestFraction);

    /// <summary>Time to keep for the final prediction, from the expected test time.</summary>
    public TimeSpan FinalReserve(TimeSpan expectedTest) => expectedTest * Options.TestReserveFactor + SafetyMargin;

    /// <summary>Time to keep for the final prediction, from the measured cost of a test.</summary>
    public TimeSpan FinalReserve(CostKey testKey, int units) => FinalReserve(ExpectedTest(testKey, units));

    /// <summary>Training steps of <paramref name="stepKey"/> that fit into <paramref name="train"/> (<paramref name="fallback"/> before any measurement).</summary>
    public int StepsFor(CostKey stepKey, TimeSpan train, int fallback = 1) => Costs.UnitsThatFit(stepKey, train, fallback);

    /// <summary>Time a search phase begun now may take: capped by a share of the budget and of the time still free.</summary>
    public TimeSpan SearchAllowance(TimeSpan elapsed, TimeSpan expectedTest)
    {
        var free = Total - elapsed - FinalReserve(expectedTest);
        if (free <= TimeSpan.Zero) return TimeSpan.Zero;
        var share = free * Options.SearchShareOfFree;
        var cap = Total * Options.SearchFraction;
        return share < cap ? share : cap;
    }

    /// <summary>The ideal elapsed time to start the next prediction, from the ALC weighting and the learning curve (unclamped by the budget's end).</summary>
    public TimeSpan NextPredictionAt(TimeSpan now, TimeSpan expectedTest, LearningCurve? curve = null)
    {
        if (now < TimeSpan.Zero) now = TimeSpan.Zero;
        double x = Scale.Transform(now);
        double cx = Math.Max(1e-6, Scale.Transform(now + expectedTest) - x);
        double dx = Math.Sqrt(2 * cx * Math.Max(0, 1 - x));

        if (curve is { Slope: { } slope, Best: { } best })
        {
            if (slope * dx < Options.MinUsefulGain)
            {
                dx *= Options.PlateauStretch;
            }
            else
            {
                // The remaining gain R is the lesser of the straight extrapolation to the end and the headroom
                // to the ceiling: a fast curve close to its ceiling is worth predicting more often.
                double remainingOverSlope = Math.Min(1 - x, Math.Max(0, curve.Ceiling - best) / slope);
                dx = Math.Sqrt(2 * cx * remainingOverSlope);
            }
        }

        var at = Scale.Inverse(Math.Min(1, x + dx));
        var min = now + MinRound(expectedTest);
        var max = now + Total * Options.MaxRoundFraction;
        return at < min ? min : at > max ? max : at;
    }

    /// <summary>Plans the next round from elapsed and remaining time and the expected test time.</summary>
    public PlannedRound Next(TimeSpan elapsed, TimeSpan remaining, TimeSpan expectedTest, LearningCurve? curve = null) =>
        Round(elapsed, remaining, expectedTest, expectedTest, curve, out _);

    /// <summary>Plans the next round from the cost model: its length, its steps, the final reserve.</summary>
    public PlannedTraining Plan(TimeSpan elapsed, CostKey stepKey, CostKey testKey, int testUnits, LearningCurve? curve = null, int unmeasuredSteps = 1)
    {
        var test = ExpectedTest(testKey, testUnits);
        // Until a test was measured the reserve assumes the unmeasured fallback, but the cadence does not: the
        // first prediction comes after a minimal round, and measures the test for all later plans.
        var cadenceTest = Costs.Count(testKey) == 0 ? TimeSpan.Zero : test;
        var round = Round(elapsed, Total - elapsed, test, cadenceTest, curve, out var reserve);
        int steps = round.Train > TimeSpan.Zero ? StepsFor(stepKey, round.Train, unmeasuredSteps) : 0;
        return new PlannedTraining(round.Train, steps, reserve, round.IsLast);
    }

    private PlannedRound Round(TimeSpan elapsed, TimeSpan remaining, TimeSpan expectedTest, TimeSpan cadenceTest, LearningCurve? curve, out TimeSpan reserve)
    {
        reserve = FinalReserve(expectedTest);
        var available = remaining - reserve;              // training time left before the final prediction must start
        if (available <= TimeSpan.Zero) return new PlannedRound(TimeSpan.Zero, IsLast: true);

        var minRound = MinRound(expectedTest);
        var wanted = NextPredictionAt(elapsed, cadenceTest, curve) - elapsed;
        // If what would be left after this round and its prediction cannot hold another minimal round, take it all now.
        if (available - wanted - expectedTest < minRound) return new PlannedRound(available, IsLast: true);
        return new PlannedRound(wanted, IsLast: false);
    }
}
