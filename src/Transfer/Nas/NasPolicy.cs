namespace AutoVision.Transfer.Nas;

/// <summary>The <c>--nas</c> setting: never search, always search, or let <see cref="NasPolicy"/> decide.</summary>
public enum NasMode
{
    Off,
    On,
    Auto,
}

/// <summary>Whether to search, for how long, and why.</summary>
/// <param name="Search">Run the search.</param>
/// <param name="Slice">Its time slice (zero when it does not run).</param>
/// <param name="Reason">One sentence for the log and the report.</param>
public sealed record NasDecision(bool Search, TimeSpan Slice, string Reason);

/// <summary>
/// Decides <c>--nas auto</c> from the budget and the dataset size, and sizes the search's slice.
/// <para>The rule (docs/nas.md explains it): the slice is <see cref="BudgetShare"/> of the budget, at most
/// <see cref="MaxSlice"/>. <c>auto</c> searches only when (1) the budget is at least <see cref="MinBudget"/>, so the slice
/// affords a few hundred sampled steps on a 2-core CPU at 64 px (0.20 s per weight + architecture iteration
/// measured there on a quiet machine) and the probe and fine-tuning rounds keep most of the budget; (2) there are at least
/// <see cref="MinTrainExamples"/> training examples, since with fewer the extra modules mostly overfit what plain
/// fine-tuning already fits; and (3) at least <see cref="MinValidationExamples"/> held-out examples, the architecture
/// gradient's only signal. The benchmark in docs/nas.md (three datasets at 120 s and 300 s) found no gain from the search
/// at those budgets, which are below <see cref="MinBudget"/>, so <c>auto</c> does not search there; the thresholds
/// themselves (600 s, 1,000 and 100 examples) are reasoned, not measured.</para>
/// </summary>
public static class NasPolicy
{
    public static readonly TimeSpan MinBudget = TimeSpan.FromSeconds(600);
    public const int MinTrainExamples = 1000;
    public const int MinValidationExamples = 100;
    public const double BudgetShare = 0.15;
    public static readonly TimeSpan MaxSlice = TimeSpan.FromSeconds(180);

    /// <summary>The slice a search gets from a budget: <see cref="BudgetShare"/> of it, at most <see cref="MaxSlice"/>.</summary>
    public static TimeSpan SliceFor(TimeSpan budget) =>
        budget <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min((long)(budget.Ticks * BudgetShare), MaxSlice.Ticks));

    public static NasDecision Decide(NasMode mode, TimeSpan budget, int trainExamples, int validationExamples)
    {
        if (trainExamples < 0) throw new ArgumentOutOfRangeException(nameof(trainExamples), trainExamples, "A count of examples, not negative.");
        if (validationExamples < 0) throw new ArgumentOutOfRangeException(nameof(validationExamples), validationExamples, "A count of examples, not negative.");
        var slice = SliceFor(budget);
        switch (mode)
        {
            case NasMode.Off:
                return new(false, TimeSpan.Zero, "--nas off");
            case NasMode.On when validationExamples == 0:
                return new(false, TimeSpan.Zero, "--nas on, but there is no held-out split to learn the architecture on");
            case NasMode.On:
                return new(slice > TimeSpan.Zero, slice, $"--nas on: {slice.TotalSeconds:F0} s of the {budget.TotalSeconds:F0} s budget");
            case NasMode.Auto:
                if (budget < MinBudget)
                    return new(false, TimeSpan.Zero, $"--nas auto: a budget of {budget.TotalSeconds:F0} s is under {MinBudget.TotalSeconds:F0} s");
                if (trainExamples < MinTrainExamples)
                    return new(false, TimeSpan.Zero, $"--nas auto: {trainExamples} training examples are fewer than {MinTrainExamples}");
                if (validationExamples < MinValidationExamples)
                    return new(false, TimeSpan.Zero, $"--nas auto: {validationExamples} held-out examples are fewer than {MinValidationExamples}");
                return new(true, slice, $"--nas auto: {slice.TotalSeconds:F0} s of the {budget.TotalSeconds:F0} s budget on {trainExamples} training examples");
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "Off, On or Auto.");
        }
    }

    /// <summary>Parses <c>off</c>, <c>on</c> or <c>auto</c> (any case).</summary>
    /// <exception cref="FormatException">Anything else; the message names the value and what was expected.</exception>
    public static NasMode Parse(string value) => value?.Trim().ToLowerInvariant() switch
    {
        "off" => NasMode.Off,
        "on" => NasMode.On,
        "auto" => NasMode.Auto,
        _ => throw new FormatException($"NAS mode '{value}' is not one of off, on, auto."),
    };
}
