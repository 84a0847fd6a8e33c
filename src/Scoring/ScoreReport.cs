namespace AutoVision.Scoring;

/// <summary>The scores of one run of one task, as the challenge's scorer computes them.</summary>
/// <param name="TaskName">The task, from the solution file's name.</param>
/// <param name="TimeBudget">T in seconds, from <c>start.txt</c>.</param>
/// <param name="T0">The t0 of the log time scale used for <see cref="Alc"/>.</param>
/// <param name="Timestamps">Seconds from the start of the clock to each prediction, in prediction order.</param>
/// <param name="Nauc">The NAUC (2 * AUC - 1) of each prediction.</param>
/// <param name="Accuracy">The accuracy of each prediction for a multiclass task; null otherwise.</param>
/// <param name="Alc">The area under the learning curve: the run's score.</param>
/// <param name="Duration">The last relative timestamp; 0 without predictions.</param>
/// <remarks>Constructing a report computes <see cref="AlcPlotVariant"/>, so it throws
/// <see cref="ArgumentException"/> where <see cref="Metrics.AlcPlotVariant"/> does (a negative or NaN timestamp,
/// lists of different lengths). Like <see cref="Alc"/>, the value is kept by a <c>with</c> copy: give it again when
/// the copy changes the timestamps or the scores.</remarks>
public sealed record ScoreReport(
    string TaskName,
    double TimeBudget,
    double T0,
    IReadOnlyList<double> Timestamps,
    IReadOnlyList<double> Nauc,
    IReadOnlyList<double>? Accuracy,
    double Alc,
    double Duration)
{
    /// <summary>The ALC the platform's learning-curve figure showed in its legend: predictions sorted by time and
    /// those after T dropped (<see cref="Metrics.AlcPlotVariant"/>, same T and t0). Equal to <see cref="Alc"/> unless
    /// a prediction came after T or the timestamps are out of order.</summary>
    public double AlcPlotVariant { get; init; } = Metrics.AlcPlotVariant(Timestamps, Nauc, TimeBudget, T0);

    /// <summary>The label columns of the solution that NAUC averages over (<see cref="Metrics.ValidColumns"/>), in
    /// column order; empty when the report was made without the solution.</summary>
    public IReadOnlyList<int> ValidColumns { get; init; } = [];

    /// <summary>The transformed time of each prediction, ln(1 + t/t0) / ln(1 + T/t0) (<see cref="Metrics.TransformTime"/>):
    /// the x of each point of the learning curve; above 1 for a prediction after T.</summary>
    public IReadOnlyList<double> TransformedTimestamps() =>
        Timestamps.Select(t => Metrics.TransformTime(t, TimeBudget, T0)).ToArray();
}
