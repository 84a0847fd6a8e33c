namespace AutoVision.Scoring;

public static partial class Metrics
{
    /// <summary>The t0 of the challenge's scorer, in seconds; it used 60 whatever the time budget.</summary>
    public const double OfficialT0 = 60.0;

    /// <summary>
    /// The t0 used when none is given: a twentieth of the budget, which is the challenge's 60 s for its 1200 s
    /// budget and keeps the same shape of curve for other budgets. Note that the challenge's scorer used 60 s for
    /// every budget: pass <see cref="OfficialT0"/> to match it when the budget is not 1200 s.
    /// </summary>
    public static double DefaultT0(double timeBudget) => timeBudget / 20;

    /// <summary>Log-scaled time in [0, 1] for t in [0, T]: ln(1 + t/t0) / ln(1 + T/t0).</summary>
    public static double TransformTime(double t, double T, double t0) => Math.Log(1 + t / t0) / Math.Log(1 + T / t0);

    /// <summary>
    /// Area under the learning curve, as the scorer's <c>get_alc</c> (step rule): with X = [0, x_1..x_n, 1]
    /// (x_i = <see cref="TransformTime"/> of the i-th relative timestamp) and Y = [0, s_1..s_n, s_n], the area is
    /// the sum of (X[i+1] - X[i]) * Y[i]. Points are taken in prediction order, never sorted or dropped: a point
    /// after the budget (x_n &gt; 1) makes the last segment negative, as in the scorer. No prediction gives 0.
    /// This is the score (<c>scores.txt</c>); the platform's figure showed <see cref="AlcPlotVariant"/> instead.
    /// </summary>
    /// <param name="relativeTimestamps">Seconds from the start of the clock to each prediction.</param>
    /// <param name="scores">The score (NAUC) of each prediction.</param>
    /// <param name="timeBudget">T, the budget in seconds.</param>
    /// <param name="t0">The time scale of the log transform, in seconds.</param>
    /// <exception cref="ArgumentException">The two lists differ in length.</exception>
    public static double Alc(IReadOnlyList<double> relativeTimestamps, IReadOnlyList<double> scores, double timeBudget, double t0)
    {
        ArgumentNullException.ThrowIfNull(relativeTimestamps);
        ArgumentNullException.ThrowIfNull(scores);
        if (relativeTimestamps.Count != scores.Count)
        {
            throw new ArgumentException(
                $"There are {relativeTimestamps.Count} timestamps but {scores.Count} scores; they must pair up.", nameof(scores));
        }
        int n = scores.Count;
        if (n == 0) return 0.0;
        double area = 0.0;
        double x = 0.0, y = 0.0;
        for (int i = 0; i < n; i++)
        {
            double next = TransformTime(relativeTimestamps[i], timeBudget, t0);
            area += (next - x) * y;
            x = next;
            y = scores[i];
        }
        area += (1 - x) * y;
        return area;
    }
}
