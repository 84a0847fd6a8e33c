namespace AutoVision.Search;

/// <summary>
/// Asynchronous successive halving (ASHA), as Optuna's <c>SuccessiveHalvingPruner</c>. Rung r is reached at step
/// <c>minResource · reductionFactor^(minEarlyStoppingRate + r)</c>; a trial that reaches a rung is compared with the
/// values every other trial (running, complete or pruned) recorded at that rung, and goes on only if it is in the
/// top 1/<c>reductionFactor</c> of them (while fewer than <c>reductionFactor</c> values are there, only the best goes
/// on). A NaN value at a rung prunes the trial.
/// <para>
/// Where Optuna writes a trial's rung values into system attributes, this pruner reads them off the intermediate
/// values: a trial's value at rung r is its value at the first reported step at or past the rung's step. That is the
/// value Optuna records when <see cref="Trial.ShouldPrune"/> is asked after every report; nothing extra is stored,
/// so every store serves it and several processes sharing a study see the same rungs.
/// </para>
/// </summary>
public sealed class SuccessiveHalvingPruner : IPruner
{
    /// <param name="minResource">Steps before the first rung; null ("auto") takes max(1, longest last step / 100) of the
    /// complete trials and never prunes before one exists.</param>
    /// <param name="reductionFactor">η: a trial goes on from a rung when in the top 1/η.</param>
    /// <param name="minEarlyStoppingRate">s: the first rung sits at minResource · η^s.</param>
    /// <param name="bootstrapCount">Values a rung must hold (besides the trial's own) before any trial goes past it.</param>
    public SuccessiveHalvingPruner(int? minResource = null, int reductionFactor = 4, int minEarlyStoppingRate = 0, int bootstrapCount = 0)
    {
        if (minResource is { } r) ArgumentOutOfRangeException.ThrowIfLessThan(r, 1, nameof(minResource));
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(minEarlyStoppingRate);
        ArgumentOutOfRangeException.ThrowIfNegative(bootstrapCount);
        if (bootstrapCount > 0 && minResource is null)
            throw new ArgumentException("A bootstrap count needs an explicit minResource (as in Optuna).", nameof(bootstrapCount));
        MinResource = minResource;
        ReductionFactor = reductionFactor;
        MinEarlyStoppingRate = minEarlyStoppingRate;
        BootstrapCount = bootstrapCount;
    }

    public int? MinResource { get; }
    public int ReductionFactor { get; }
    public int MinEarlyStoppingRate { get; }
    public int BootstrapCount { get; }

    public bool Prune(Study study, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.LastStep is not { } step) return false;
        var trials = study.Trials;
        if ((MinResource ?? AutoMinResource(trials)) is not { } minResource) return false;

        double value = trial.IntermediateValues[step];
        bool maximize = study.Direction == StudyDirection.Maximize;
        for (int rung = 0; ; rung++)
        {
            long promotionStep = RungStep(minResource, rung);
            if (step < promotionStep) return false;
            double atRung = ValueAtRung(trial, promotionStep)!.Value;
            if (!IsPassedRung(trial, step, promotionStep)) continue;   // judged at an earlier report
            if (double.IsNaN(atRung)) return true;

            var competing = new List<double> { atRung };
            foreach (var other in trials)
                if (other.Number != trial.Number && ValueAtRung(other, promotionStep) is { } v && !double.IsNaN(v))
                    competing.Add(v);
            if (BootstrapCount > 0 && competing.Count <= BootstrapCount) return true;
            if (!IsPromotable(atRung, competing, maximize)) return true;
        }
    }

    /// <summary>The step of rung <paramref name="rung"/>: minResource · η^(s + rung), saturating far past any step.</summary>
    internal long RungStep(int minResource, int rung)
    {
        double step = minResource * Math.Pow(ReductionFactor, MinEarlyStoppingRate + rung);
        return step >= int.MaxValue ? long.MaxValue : (long)step;
    }

    /// <summary>The trial's value at the first reported step at or past <paramref name="promotionStep"/>.</summary>
    private static double? ValueAtRung(FrozenTrial trial, long promotionStep)
    {
        foreach (var (step, value) in trial.IntermediateValues)
            if (step >= promotionStep) return value;
        return null;
    }

    /// <summary>
    /// Whether the decision at this rung is the trial's to make now or was made at an earlier report: a rung is judged
    /// when the trial first reports at or past it. Earlier rungs that the trial passed are passed for good (had it
    /// failed one, it would have been pruned then); but a trial may jump several rungs in one report, and then each
    /// is judged now.
    /// </summary>
    private static bool IsPassedRung(FrozenTrial trial, int lastStep, long promotionStep)
    {
        int firstAtOrPast = trial.IntermediateValues.Keys.First(s => s >= promotionStep);
        return firstAtOrPast == lastStep;
    }

    private bool IsPromotable(double value, List<double> competing, bool maximize)
    {
        int promotableIndex = competing.Count / ReductionFactor - 1;
        if (promotableIndex < 0) promotableIndex = 0;   // too few values yet: only the best goes on
        competing.Sort();
        return maximize ? value >= competing[^(promotableIndex + 1)] : value <= competing[promotableIndex];
    }

    private static int? AutoMinResource(IReadOnlyList<FrozenTrial> trials)
    {
        int? longest = null;
        foreach (var t in trials)
            if (t.State == TrialState.Complete && t.LastStep is { } last && (longest is null || last > longest)) longest = last;
        return longest is { } l ? Math.Max(l / 100, 1) : null;
    }
}
