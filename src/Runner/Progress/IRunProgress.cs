namespace AutoVision.Runner.Progress;

/// <summary>
/// What a run tells its progress display: the ingestion loop reports the phase, the clock and each prediction; the
/// learner's figures (validation NAUC, fine-tuning steps) come through <see cref="ILearnerReport"/>. Calls come from
/// the run's thread; implementations must be cheap and must never throw.
/// </summary>
public interface IRunProgress
{
    /// <summary>The run entered <paramref name="phase"/> (preparing data, building the learner, training, predicting, scoring, report).</summary>
    void Phase(string phase);

    /// <summary>The clock started (or, for a resumed run, goes on): <paramref name="elapsed"/> of <paramref name="total"/> used.</summary>
    void Clock(TimeSpan total, TimeSpan elapsed);

    /// <summary>Prediction <paramref name="index"/> was written at <paramref name="afterStart"/>.</summary>
    void Prediction(int index, TimeSpan afterStart);

    /// <summary>The learner's figures after a call (null fields: not known).</summary>
    void Learner(double? validationNauc, long? steps);
}

/// <summary>Nothing is shown.</summary>
public sealed class NoProgress : IRunProgress
{
    public static readonly NoProgress Instance = new();

    public void Phase(string phase) { }
    public void Clock(TimeSpan total, TimeSpan elapsed) { }
    public void Prediction(int index, TimeSpan afterStart) { }
    public void Learner(double? validationNauc, long? steps) { }
}

/// <summary>The phases a run goes through, as shown.</summary>
public static class RunPhases
{
    public const string PreparingData = "preparing data";
    public const string BuildingLearner = "building the learner";
    public const string Training = "training";
    public const string Predicting = "predicting";
    public const string Scoring = "scoring";
    public const string Report = "writing the report";
    public const string Done = "done";
}
