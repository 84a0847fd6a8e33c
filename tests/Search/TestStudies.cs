using AutoVision.Search;

namespace AutoVision.Search.Tests;

/// <summary>Builders shared by the tests: studies with hand-made trials, test objectives.</summary>
internal static class TestStudies
{
    public static Study New(StudyDirection direction = StudyDirection.Minimize, ISampler? sampler = null, IPruner? pruner = null, ITrialStore? store = null) =>
        new(new StudyOptions
        {
            Direction = direction,
            Sampler = sampler ?? new RandomSampler(0),
            Pruner = pruner ?? new NopPruner(),
            Store = store,
        });

    /// <summary>A complete trial that reported <paramref name="curve"/> at steps 0, 1, … and ended on its last value.</summary>
    public static FrozenTrial AddCompleteCurve(this Study study, params double[] curve)
    {
        var trial = study.Ask();
        for (int step = 0; step < curve.Length; step++) trial.Report(curve[step], step);
        study.Tell(trial, curve[^1]);
        return trial.Snapshot;
    }

    /// <summary>A running trial that reported <paramref name="curve"/> at steps 0, 1, ….</summary>
    public static Trial AddRunningCurve(this Study study, params double[] curve)
    {
        var trial = study.Ask();
        for (int step = 0; step < curve.Length; step++) trial.Report(curve[step], step);
        return trial;
    }

    /// <summary>A shifted 2-D quadratic bowl on [-10, 10]², minimum 0 at (1, -2).</summary>
    public static double Quadratic(Trial trial)
    {
        double x = trial.SuggestFloat("x", -10, 10);
        double y = trial.SuggestFloat("y", -10, 10);
        return (x - 1) * (x - 1) + (y + 2) * (y + 2);
    }

    /// <summary>A conditional space: "alpha" exists only for kind "linear", "depth" only for "tree"; minimum 0 at
    /// linear, alpha 0.01.</summary>
    public static double Conditional(Trial trial)
    {
        string kind = trial.SuggestCategorical("kind", new[] { "linear", "tree" });
        return kind == "linear"
            ? Math.Abs(trial.SuggestFloat("alpha", 1e-4, 1, log: true) - 0.01)
            : 0.2 + Math.Abs(trial.SuggestInt("depth", 1, 10) - 3) / 10.0;
    }
}
