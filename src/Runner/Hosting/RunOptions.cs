using AutoVision.Runner.Learning;
using AutoVision.Runner.Profiles;

namespace AutoVision.Runner;

/// <summary>What the <c>run</c> verb was asked to do.</summary>
public sealed record RunOptions
{
    /// <summary>The dataset folder: one <c>&lt;name&gt;.data/</c> and perhaps <c>&lt;name&gt;.solution</c>.</summary>
    public required string DatasetDir { get; init; }

    /// <summary>Where <c>start.txt</c>, the predictions, <c>end.txt</c> and <c>scores.txt</c> go (created; must hold no earlier run).</summary>
    public required string OutputDir { get; init; }

    /// <summary>The time budget in seconds (the challenge's was 1200).</summary>
    public double BudgetSeconds { get; init; } = RunDefaults.BudgetSeconds;

    public int Seed { get; init; } = 1;

    /// <summary>auto | cpu | cuda.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>t0 of the ALC; null means T/20 (60 s for the official 1200 s).</summary>
    public double? T0 { get; init; }

    /// <summary>Score the predictions at the end when the dataset folder has the solution (false for the platform's
    /// ingestion process, which the platform scores).</summary>
    public bool ScoreAfterwards { get; init; } = true;

    /// <summary>The learner's settings (an entry profile's); null: the defaults with <see cref="Seed"/> and <see cref="Device"/>.</summary>
    public LearnerOptions? Learner { get; init; }

    /// <summary>Production retraining: an earlier run's output folder (or checkpoint) whose model the learner starts from
    /// (see <see cref="Learning.TransferLearner.WarmStart"/>); null: the ImageNet weights.</summary>
    public string? WarmStart { get; init; }

    /// <summary>Set when the run uses the diagnostic learner (recorded in run.json for <c>resume</c>).</summary>
    public DiagnosticOptions? Diagnostic { get; init; }
}

public static class RunDefaults
{
    /// <summary>Budget of a run when none is given, and of the no-argument run on the bundled sample.</summary>
    public const double BudgetSeconds = 120;

    /// <summary>The bundled sample, copied next to the program at build time.</summary>
    public static string SampleDataset => Path.Combine(AppContext.BaseDirectory, "samples", "fashion_mnist");

    /// <summary>A new output folder under ./runs for a run on <paramref name="datasetDir"/>.</summary>
    public static string NewOutputDir(string datasetDir, TimeProvider time) =>
        Path.Combine(Environment.CurrentDirectory, "runs",
            $"{new DirectoryInfo(datasetDir).Name}-{time.GetUtcNow():yyyyMMdd-HHmmss}");
}
