using System.Collections.Immutable;

namespace AutoVision.Search.Tests;

public class MultivariateTpeTests
{
    private static readonly TpeSamplerOptions Defaults = TpeSamplerOptions.Optuna31;   // Optuna 3.1's rules

    private static TpeSampler Multivariate(int seed, int startup = 10) =>
        new(new TpeSamplerOptions { Seed = seed, Multivariate = true, NStartupTrials = startup });

    private static Study Run(ISampler sampler, Func<Trial, double> objective, int nTrials)
    {
        var study = TestStudies.New(sampler: sampler);
        study.Optimize(objective, nTrials);
        return study;
    }

    private static double Mixed(Trial trial)
    {
        double x = trial.SuggestFloat("x", -5, 5);
        int n = trial.SuggestInt("n", 1, 64, log: true);
        double q = trial.SuggestFloat("q", 0, 1, step: 0.1);
        string c = trial.SuggestCategorical("c", new[] { "a", "b", "c" });
        return x * x + Math.Abs(Math.Log2(n) - 3) + Math.Abs(q - 0.3) + (c == "b" ? 0 : 1);
    }

    [Fact]
    public void LogPdf_DensityScaling_NumericTimesCategorical_IntegratesToOne()
    {
        var space = NumericSpace.For(new FloatDistribution(-2, 3));
        var pe = new MultivariateParzenEstimator([space, null], [0, 3], [[-1.9, 0], [0.0, 2], [0.1, 2], [2.5, 1]], Defaults with { KernelScaling = TpeKernelScaling.Density });
        const int n = 20_000;
        double h = (space.Upper - space.Lower) / n, integral = 0;
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < n; i++) integral += Math.Exp(pe.LogPdf([space.Lower + (i + 0.5) * h, c])) * h;
        Assert.Equal(1.0, integral, 1e-4);
    }

    [Fact]
    public void LogPdf_SteppedTimesStepped_SumsToOneOverTheGrid()
    {
        var a = NumericSpace.For(new IntDistribution(0, 20, step: 4));
        var b = NumericSpace.For(new FloatDistribution(0, 1, step: 0.5));
        var pe = new MultivariateParzenEstimator([a, b], [0, 0], [[4, 0], [4, 0.5], [16, 1]], Defaults);
        double total = 0;
        for (int i = 0; i <= 5; i++)
            for (int j = 0; j <= 2; j++) total += Math.Exp(pe.LogPdf([4 * i, 0.5 * j]));
        Assert.Equal(1.0, total, 1e-12);
    }

    [Fact]
    public void LogPdf_JointKernels_ScoreCorrelatedPointsAboveTheirMarginalSwap()
    {
        // Observations on the diagonal (0,0) and (1,1): the joint estimator puts more mass there than on (0,1),
        // which an independent (product of marginals) model would score the same.
        var space = NumericSpace.For(new FloatDistribution(0, 1));
        var pe = new MultivariateParzenEstimator([space, space], [0, 0], [[0.0, 0.0], [1.0, 1.0], [0.0, 0.0], [1.0, 1.0]], Defaults with { ConsiderPrior = false });
        Assert.True(pe.LogPdf([0.0, 0.0]) > pe.LogPdf([0.0, 1.0]) + 1.0);
    }

    [Fact]
    public void Optimize_SameSeed_SameTrials()
    {
        var a = Run(Multivariate(7), Mixed, 30);
        var b = Run(Multivariate(7), Mixed, 30);
        Assert.Equal(a.Trials.Select(t => string.Join(",", t.Params.Values)), b.Trials.Select(t => string.Join(",", t.Params.Values)));
    }

    [Fact]
    public void Optimize_MixedSpace_EveryValueInItsDistributionAndBeatsRandom()
    {
        double tpe = 0, random = 0;
        for (int seed = 0; seed < 5; seed++)
        {
            var study = Run(Multivariate(seed), Mixed, 50);
            foreach (var trial in study.Trials)
                foreach (var (name, distribution) in trial.Distributions)
                    Assert.True(distribution.Contains(trial.InternalValue(name)), $"trial {trial.Number} {name}={trial.Params[name]}");
            tpe += study.BestValue;
            random += Run(new RandomSampler(seed), Mixed, 50).BestValue;
        }
        Assert.True(tpe < random / 2, $"summed best: multivariate TPE {tpe:F3}, random {random:F3}");
    }

    [Fact]
    public void SampleRelative_BeforeStartupOrWhenOff_Empty()
    {
        var study = Run(new RandomSampler(0), Mixed, 5);
        Assert.Empty(Multivariate(0, startup: 10).SampleRelative(study, study.Ask().Snapshot));
        Assert.Empty(new TpeSampler(new TpeSamplerOptions { Seed = 0, Multivariate = false }).SampleRelative(Run(new RandomSampler(0), Mixed, 20), new FrozenTrial { Number = 0, State = TrialState.Running }));
    }

    [Fact]
    public void SampleRelative_AfterStartup_DrawsEveryParameterOfTheIntersection()
    {
        var study = Run(new RandomSampler(0), Mixed, 12);
        var drawn = Multivariate(0).SampleRelative(study, study.Ask().Snapshot);
        Assert.Equal(["c", "n", "q", "x"], drawn.Keys.Order(StringComparer.Ordinal));
        Assert.All(drawn.Values, v => Assert.True(v.Distribution.Contains(v.Internal)));
    }

    [Fact]
    public void IntersectionSearchSpace_LeavesOutConditionalChangedAndSingleParameters()
    {
        FrozenTrial T(params (string Name, Distribution D, object? V)[] ps) => new()
        {
            Number = 0,
            State = TrialState.Complete,
            Value = 0,
            Params = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, ps.Select(p => KeyValuePair.Create(p.Name, p.V))),
            Distributions = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, ps.Select(p => KeyValuePair.Create(p.Name, p.D))),
        };
        var x = new FloatDistribution(0, 1);
        var single = new IntDistribution(3, 3);
        var trials = new[]
        {
            T(("x", x, 0.5), ("only", x, 0.1), ("grows", new FloatDistribution(0, 1), 0.2), ("one", single, 3)),
            T(("x", x, 0.7), ("grows", new FloatDistribution(0, 2), 0.2), ("one", single, 3)),
        };
        Assert.Equal(["x"], TpeSampler.IntersectionSearchSpace(trials).Keys);
    }

    [Fact]
    public void Optimize_ConditionalParameter_FallsBackToIndependentSampling()
    {
        var study = Run(Multivariate(6), TestStudies.Conditional, 40);
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.True(study.BestValue < 0.05, $"best {study.BestValue}");
    }
}
