using AutoVision.Data.Profiling;
using AutoVision.Runner.Progress;

namespace AutoVision.Runner.Reports;

/// <summary><c>summary.json</c>: what a run was given, what it chose, where its time went and how it scored.</summary>
public sealed record RunSummary
{
    public const string FileName = "summary.json";

    public required string Task { get; init; }
    public required string DatasetDir { get; init; }
    public required double BudgetSeconds { get; init; }
    public double? T0 { get; init; }

    /// <summary>finished | interrupted | failed (as run.json).</summary>
    public required string State { get; init; }

    /// <summary>Why the ingestion loop ended.</summary>
    public required string StoppedBy { get; init; }

    /// <summary>The learner's error, if it failed.</summary>
    public string? Error { get; init; }

    /// <summary>The dataset's profile; null when it could not be computed (see <see cref="ProfileError"/>).</summary>
    public DatasetProfile? Profile { get; init; }
    public string? ProfileError { get; init; }

    /// <summary>The learner's choices (backbone, input size, augmentation policy, architecture).</summary>
    public required LearnerChoices Choices { get; init; }

    /// <summary>Wall time per phase, in order, in seconds.</summary>
    public required IReadOnlyList<PhaseTime> Phases { get; init; }

    /// <summary>The learner's last validation NAUC and fine-tuning steps, when it reports them.</summary>
    public double? ValidationNauc { get; init; }
    public long? TrainingSteps { get; init; }

    public required IReadOnlyList<PredictionTime> Predictions { get; init; }

    /// <summary>Null when the run was not scored (no solution, no prediction, or interrupted).</summary>
    public ScoreSummary? Scores { get; init; }

    public required DateTimeOffset WrittenAt { get; init; }
}

public sealed record PhaseTime(string Phase, double Seconds);

public sealed record PredictionTime(int Index, double Seconds);

/// <param name="Alc">The challenge's ALC.</param>
/// <param name="FinalNauc">NAUC of the last prediction.</param>
/// <param name="FinalAccuracy">Accuracy of the last prediction (multiclass tasks only).</param>
/// <param name="Nauc">NAUC of each prediction, in order.</param>
public sealed record ScoreSummary(double Alc, double TimeBudget, double T0, double? FinalNauc, double? FinalAccuracy, IReadOnlyList<double> Nauc);
