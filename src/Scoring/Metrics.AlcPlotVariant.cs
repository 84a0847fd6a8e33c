namespace AutoVision.Scoring;

public static partial class Metrics
{
    /// <summary>
    /// The ALC the challenge platform showed in the legend of its learning-curve figure (the scorer's
    /// <c>plot_learning_curve</c>, fed with <c>sorted(zip(timestamps, scores))</c>), which may differ from the
    /// score (<see cref="Alc"/>): the (time, score) pairs are sorted by time (equal times by score), those after the
    /// budget (t &gt; T) are dropped, and the step rule of <see cref="Alc"/> is applied to the rest: (0, 0) first, the
    /// last kept score held to x = 1. No kept point gives 0. For increasing timestamps that are all within the
    /// budget it equals <see cref="Alc"/> exactly. (The platform's figure always used t0 = 60 s; here t0 is the one
    /// given, so that both ALCs of a report share one time scale: the same for the official 1200 s budget.)
    /// </summary>
    /// <param name="relativeTimestamps">Seconds from the start of the clock to each prediction, in prediction order.</param>
    /// <param name="scores">The score (NAUC) of each prediction.</param>
    /// <param name="timeBudget">T, the budget in seconds.</param>
    /// <param name="t0">The time scale of the log transform, in seconds.</param>
    /// <exception cref="ArgumentException">The two lists differ in length, or a timestamp is negative or NaN: the
    /// platform's figure code failed on such timestamps (before the start, or not comparable), so there is no
    /// value to reproduce.</exception>
    public static double AlcPlotVariant(IReadOnlyList<double> relativeTimestamps, IReadOnlyList<double> scores, double timeBudget, double t0)
    {
        (double[] times, double[] kept) = PlotVariantPoints(relativeTimestamps, scores, timeBudget);
        return Alc(times, kept, timeBudget, t0);
    }

    /// <summary>The points of the platform's figure: sorted by time (then score), those after T dropped.</summary>
    internal static (double[] Times, double[] Scores) PlotVariantPoints(IReadOnlyList<double> relativeTimestamps, IReadOnlyList<double> scores, double timeBudget)
    {
        ArgumentNullException.ThrowIfNull(relativeTimestamps);
        ArgumentNullException.ThrowIfNull(scores);
        if (relativeTimestamps.Count != scores.Count)
        {
            throw new ArgumentException(
                $"There are {relativeTimestamps.Count} timestamps but {scores.Count} scores; they must pair up.", nameof(scores));
        }
        for (int i = 0; i < relativeTimestamps.Count; i++)
        {
            double t = relativeTimestamps[i];
            if (double.IsNaN(t) || t < 0)
            {
                throw new ArgumentException(
                    $"Timestamp {i} is {PredictionFormat.FormatTimestamp(t)} s; the learning curve needs times from the start of the clock (0 or more, not NaN).",
                    nameof(relativeTimestamps));
            }
        }
        // Python sorts the (t, s) tuples: by t, equal times by s. A NaN score anywhere in the kept points makes the
        // area NaN whatever its place, so the order chosen among NaN scores does not matter.
        (double T, double S)[] pairs = relativeTimestamps.Zip(scores, (t, s) => (t, s))
            .OrderBy(p => p.t)
            .ThenBy(p => p.s)
            .ToArray();
        int keep = 0;
        while (keep < pairs.Length && pairs[keep].T <= timeBudget) keep++;
        return (pairs[..keep].Select(p => p.T).ToArray(), pairs[..keep].Select(p => p.S).ToArray());
    }
}
