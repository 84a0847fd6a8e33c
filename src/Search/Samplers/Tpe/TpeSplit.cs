namespace AutoVision.Search;

/// <summary>
/// Splits finished trials into the good group (below, fits l(x)) and the rest (above, fits g(x)). Complete trials
/// rank by value; pruned trials rank after them — those that got further first, then by their last value — as Optuna
/// ranks them. Both groups come back in trial order, which is what the kernel weights expect.
/// </summary>
internal static class TpeSplit
{
    public static (List<FrozenTrial> Below, List<FrozenTrial> Above) Split(
        IReadOnlyList<FrozenTrial> finished, int nBelow, StudyDirection direction)
    {
        double sign = direction == StudyDirection.Minimize ? 1.0 : -1.0;
        var ranked = finished
            .Select((trial, index) => (trial, index, key: RankKey(trial, sign)))
            .OrderBy(x => x.key.Stage)
            .ThenBy(x => x.key.Score)
            .ToList();   // OrderBy is stable: ties keep trial order

        nBelow = Math.Clamp(nBelow, 0, ranked.Count);
        var below = ranked.Take(nBelow).OrderBy(x => x.index).Select(x => x.trial).ToList();
        var above = ranked.Skip(nBelow).OrderBy(x => x.index).Select(x => x.trial).ToList();
        return (below, above);
    }

    private static (double Stage, double Score) RankKey(FrozenTrial trial, double sign)
    {
        if (trial.State == TrialState.Complete)
            return (double.NegativeInfinity, trial.Value is { } v && !double.IsNaN(v) ? sign * v : double.PositiveInfinity);
        if (trial.LastStep is { } step)
        {
            double last = trial.IntermediateValues[step];
            return (-step, double.IsNaN(last) ? double.PositiveInfinity : sign * last);
        }
        return (1, 0);
    }
}
