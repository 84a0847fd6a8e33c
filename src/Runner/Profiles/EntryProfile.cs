using AutoVision.Runner.Learning;

namespace AutoVision.Runner.Profiles;

/// <summary>
/// The runner settings an entry uses (its <c>profile.json</c>): the seed, the device, every
/// <see cref="LearnerOptions"/> value, and optionally a diagnostic learner that replaces the transfer learner
/// (used to test the platform itself).
/// </summary>
public sealed record EntryProfile
{
    /// <summary>The profile file name inside an entry folder.</summary>
    public const string FileName = "profile.json";

    /// <summary>The only profile format this version reads.</summary>
    public const int CurrentFormat = 1;

    /// <summary>Free text from the profile (what the entry is); not used by the runner.</summary>
    public string? Description { get; init; }

    /// <summary>The transfer learner's settings, seed and device included.</summary>
    public LearnerOptions Learner { get; init; } = new();

    /// <summary>When set, the ingestion runs the <see cref="Platform.DiagnosticLearner"/> instead of the transfer learner.</summary>
    public DiagnosticOptions? Diagnostic { get; init; }
}
