namespace AutoVision.Budget;

/// <summary>Options of the <see cref="MeasuringPlanner"/>; every value has a safe default.</summary>
public sealed record MeasuringPlannerOptions
{
    /// <summary>The shortest training round between two predictions, as a fraction of the budget.</summary>
    public double MinRoundFraction { get; init; } = 0.01;

    /// <summary>The longest training round between two predictions, as a fraction of the budget.</summary>
    public double MaxRoundFraction { get; init; } = 0.25;

    /// <summary>A round trains at least this many times the expected test time (predictions never eat most of the budget).</summary>
    public double MinTrainPerTest { get; init; } = 2.0;

    /// <summary>Time never planned for at the end of the budget, as a fraction of it (at least <see cref="MinSafetyMargin"/>).</summary>
    public double SafetyFraction { get; init; } = 0.01;

    public TimeSpan MinSafetyMargin { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The final prediction's reserve is the expected (measured, margin-inflated) test time times this, plus the safety margin.</summary>
    public double TestReserveFactor { get; init; } = 1.5;

    /// <summary>Before any test was measured, a test is assumed to take this fraction of the budget.</summary>
    public double UnmeasuredTestFraction { get; init; } = 0.05;

    /// <summary>When the learning curve predicts less than this gain over the next round, the round is stretched.</summary>
    public double MinUsefulGain { get; init; } = 0.001;

    /// <summary>How much a round is stretched on a plateau.</summary>
    public double PlateauStretch { get; init; } = 2.0;

    /// <summary>A search phase (augmentation, architecture) takes at most this fraction of the budget ...</summary>
    public double SearchFraction { get; init; } = 0.15;

    /// <summary>... and at most this share of the time still free (after the final prediction's reserve).</summary>
    public double SearchShareOfFree { get; init; } = 0.3;
}
