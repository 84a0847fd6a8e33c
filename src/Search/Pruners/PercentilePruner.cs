namespace AutoVision.Search;

/// <summary>
/// Prunes a trial whose best intermediate value so far is worse than the given percentile of the complete trials'
/// values at the same step (the percentile counts from the best side: 25 keeps the top quarter). It waits for
/// <c>nStartupTrials</c> complete trials and <c>nWarmupSteps</c> steps, then judges at most once per
/// <c>intervalSteps</c> (counted from the warm-up), and needs <c>nMinTrials</c> complete trials that reported the
/// step. A trial whose values are all NaN is pruned.
/// </summary>
public class PercentilePruner : IPruner
{
    public PercentilePruner(double percentile, int nStartupTrials = 5, int nWarmupSteps = 0, int intervalSteps = 1, int nMinTrials = 1)
    {
        if (!(percentile >= 0 && percentile <= 100))
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "The percentile must be within [0, 100].");
        ArgumentOutOfRangeException.ThrowIfNegative(nStartupTrials);
        ArgumentOutOfRangeException.ThrowIfNegative(nWarmupSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(intervalSteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(nMinTrials, 1);
        Percentile = percentile;
        NStartupTrials = nStartupTrials;
        NWarmupSteps = nWarmupSteps;
        IntervalSteps = intervalSteps;
        NMinTrials = nMinTrials;
    }

    public double Percentile { get; }
    public int NStartupTrials { get; }
    public int NWarmupSteps { get; }
    public int IntervalSteps { get; }
    public int NMinTrials { get; }

    public bool Prune(Study study, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trial);

        var complete = study.Trials.Where(t => t.State == TrialState.Complete).ToList();
        if (complete.Count == 0 || complete.Count < NStartupTrials) return false;
        if (trial.LastStep is not { } step || step < NWarmupSteps) return false;
        if (!IsFirstInInterval(step, trial.IntermediateValues.Keys)) return false;

        bool maximize = study.Direction == StudyDirection.Maximize;
        double best = BestSoFar(trial.IntermediateValues.Values, maximize);
        if (double.IsNaN(best)) return true;

        var atStep = complete
            .Where(t => t.IntermediateValues.ContainsKey(step))
            .Select(t => t.IntermediateValues[step])
            .ToList();
        if (atStep.Count < NMinTrials) return false;
        double threshold = NanPercentile(atStep, maximize ? 100 - Percentile : Percentile);
        if (double.IsNaN(threshold)) return false;
        return maximize ? best < threshold : best > threshold;
    }

    /// <summary>Whether no earlier step of the trial fell in the same pruning interval as <paramref name="step"/>.</summary>
    private bool IsFirstInInterval(int step, IEnumerable<int> reportedSteps)
    {
        int nearestLowerPruningStep = (step - NWarmupSteps) / IntervalSteps * IntervalSteps + NWarmupSteps;
        int previous = reportedSteps.Where(s => s != step).DefaultIfEmpty(-1).Max();
        return previous < nearestLowerPruningStep;
    }

    private static double BestSoFar(IEnumerable<double> values, bool maximize)
    {
        double best = double.NaN;
        foreach (double v in values)
            if (!double.IsNaN(v) && (double.IsNaN(best) || (maximize ? v > best : v < best))) best = v;
        return best;
    }

    /// <summary>The q-th percentile (0–100) with linear interpolation, ignoring NaNs; NaN when nothing is left.</summary>
    internal static double NanPercentile(IEnumerable<double> values, double q)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        double rank = q / 100.0 * (sorted.Length - 1);
        int lo = (int)Math.Floor(rank), hi = (int)Math.Ceiling(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
