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
public sealed record ScoreReport(
    string TaskName,
    double TimeBudget,
    double T0,
    IReadOnlyList<double> Timestamps,
    IReadOnlyList<double> Nauc,
    IReadOnlyList<double>? Accuracy,
    double Alc,
    double Duration);
