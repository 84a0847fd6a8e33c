using AutoVision.Policies.Search;
using AutoVision.Search;
using AutoVision.Transfer;
using Microsoft.Extensions.Time.Testing;
using static TorchSharp.torch;

namespace AutoVision.Policies.Tests;

public class DensityMatchingSearchTests
{
    public DensityMatchingSearchTests() => TorchRuntime.EnsureLoaded();

    private static readonly HashSet<string> Preferred = ["Rotate", "Equalize"];

    /// <summary>A toy "model loss": each applied operation the model dislikes costs its probability; Rotate and
    /// Equalize are free. The search should end up with policies made of them. Each call advances the clock by
    /// one second per 100 held-out examples.</summary>
    private static PolicyScorer Toy(FakeTimeProvider clock) => (augmentation, heldOut, rng) =>
    {
        clock.Advance(TimeSpan.FromSeconds(heldOut.Count / 100.0));
        if (augmentation is not Policy policy) return 1.0;
        double cost = policy.SubPolicies.SelectMany(s => s.Operations)
            .Average(o => Preferred.Contains(o.Name) ? 0 : o.Probability);
        return 1.0 + cost - 0.5 * policy.SubPolicies.SelectMany(s => s.Operations).Count(o => Preferred.Contains(o.Name)) / 10.0;
    };

    [Fact]
    public void Run_ToyScorer_FindsThePreferredOperations()
    {
        var clock = new FakeTimeProvider();
        var search = new DensityMatchingSearch(new DensityMatchingOptions { Seed = 3 }, clock);
        var result = search.Run(Toy(clock), 100, TimeSpan.FromSeconds(150));

        Assert.NotNull(result.Policy);
        var ops = result.Policy!.SubPolicies.SelectMany(s => s.Operations).ToList();
        double preferredShare = ops.Count(o => Preferred.Contains(o.Name)) / (double)ops.Count;
        // 2 of 15 operations: a uniform draw gives a share of 0.13.
        Assert.True(preferredShare > 0.5, $"preferred share {preferredShare:0.00}");
        Assert.True(result.Improves);
        Assert.True(result.PolicyScore < result.BaselineScore);
    }

    [Fact]
    public void Run_TrialsAreLimitedByTheMeasuredEvaluationTime()
    {
        var clock = new FakeTimeProvider();
        var search = new DensityMatchingSearch(new DensityMatchingOptions { MaxFolds = 1 }, clock);
        // One evaluation of 200 examples takes 2 s; 60 s leave room for fewer than 30 trials.
        var result = search.Run(Toy(clock), 200, TimeSpan.FromSeconds(60));
        Assert.Equal(2.0, result.SecondsPerEvaluation, 9);
        Assert.InRange(result.Trials, 20, 29);
        Assert.Equal(1, result.Folds);
    }

    [Fact]
    public void Run_FoldsWhenDataAndTimeAllow_OneFoldOtherwise()
    {
        var clock = new FakeTimeProvider();
        var many = new DensityMatchingSearch(new DensityMatchingOptions { MaxFolds = 5, MinFoldExamples = 64, MinTrialsPerFold = 30, MaxTrialsPerFold = 40 }, clock)
            .Run(Toy(clock), 320, TimeSpan.FromSeconds(3.2 * 200));
        Assert.Equal(5, many.Folds);
        Assert.Equal(200, many.Trials);

        var fewData = new DensityMatchingSearch(new DensityMatchingOptions { MaxFolds = 5, MinFoldExamples = 64 }, clock)
            .Run(Toy(clock), 100, TimeSpan.FromSeconds(1000));
        Assert.Equal(1, fewData.Folds);

        var fewTrials = new DensityMatchingSearch(new DensityMatchingOptions { MaxFolds = 5, MinFoldExamples = 64, MinTrialsPerFold = 30 }, clock)
            .Run(Toy(clock), 320, TimeSpan.FromSeconds(3.2 * 70));
        Assert.Equal(2, fewTrials.Folds);
    }

    [Fact]
    public void Run_NoTimeForATrial_ReturnsTheBaselineOnly()
    {
        var clock = new FakeTimeProvider();
        var result = new DensityMatchingSearch(time: clock).Run(Toy(clock), 100, TimeSpan.FromSeconds(1.5));
        Assert.Null(result.Policy);
        Assert.False(result.Improves);
        Assert.Equal(1.0, result.BaselineScore);
    }

    [Fact]
    public void Run_ScorerThatPrefersNoAugmentation_DoesNotImprove()
    {
        var clock = new FakeTimeProvider();
        PolicyScorer loss = (augmentation, heldOut, rng) =>
        {
            clock.Advance(TimeSpan.FromSeconds(0.5));
            using var scope = NewDisposeScope();
            var x = linspace(0, 1, 4 * 3 * 8 * 8).reshape(4, 3, 8, 8);
            return augmentation.Apply(x, rng).sub(x).abs().mean().item<float>();
        };
        var result = new DensityMatchingSearch(new DensityMatchingOptions { MaxTrialsPerFold = 25 }, clock).Run(loss, 50, TimeSpan.FromSeconds(30));
        Assert.NotNull(result.Policy);
        Assert.Equal(0.0, result.BaselineScore);
        Assert.False(result.Improves);
    }
}
