using AutoVision.Transfer.FineTuning;
using AutoVision.Transfer.Nas;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Tests.Nas;

[Collection(TorchCollection.Name)]
public sealed class AdaptationSupernetTests
{
    private static readonly AdaptationSpace Space = AdaptationSpace.Default;

    private static int Option(string decision, string option)
    {
        for (int d = 0; d < Space.DecisionCount; d++)
            if (Space.DecisionName(d) == decision) return Space.OptionNames(d).ToList().IndexOf(option);
        throw new ArgumentException(decision);
    }

    /// <summary>Option indices for a path given as decision → option name; unnamed decisions keep (or take the linear head).</summary>
    private static int[] Path(params (string Decision, string Option)[] choices)
    {
        var indices = new int[Space.DecisionCount];
        foreach (var (decision, option) in choices)
        {
            int d = Enumerable.Range(0, Space.DecisionCount).Single(i => Space.DecisionName(i) == decision);
            indices[d] = Option(decision, option);
            Assert.True(indices[d] >= 0, $"{decision} has no option {option}");
        }
        return indices;
    }

    private static bool Identical(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Fact]
    public void DefaultSpace_ShapeChangingBlocks_CannotBeSkipped()
    {
        Assert.Equal(["layer3.0", "layer3.1", "layer4.0", "layer4.1", "layer4.2"], Space.Blocks.Select(b => b.Name));
        Assert.DoesNotContain(BlockOp.Skip, Space.Blocks[0].Options);
        Assert.DoesNotContain(BlockOp.Skip, Space.Blocks[2].Options);
        Assert.Contains(BlockOp.Skip, Space.Blocks[1].Options);
        Assert.Equal(1152, Space.Size);
        var error = Assert.Throws<ArgumentException>(() => new AdaptationSpace([new BlockDecision(4, 0, [BlockOp.Keep, BlockOp.Skip]), new BlockDecision(4, 1, [BlockOp.Keep]), new BlockDecision(4, 2, [BlockOp.Keep])], [HeadOp.Linear]));
        Assert.Contains("layer4.0", error.Message);
    }

    [Fact]
    public void NewSupernet_AnyPathWithoutSkip_ComputesExactlyTheClassifier()
    {
        using var scope = NewDisposeScope();
        using var classifier = NasTestModels.Classifier();
        var supernet = new AdaptationSupernet(classifier);
        supernet.eval();
        var (x, _) = NasTestModels.Batch(4, 32, seed: 2);
        using var _ = no_grad();
        var expected = classifier.call(x);
        var path = new SampledPath(Path(("layer3.0", "Adapter"), ("layer3.1", "SqueezeExcite"), ("layer4.0", "SqueezeExcite"),
            ("layer4.1", "Adapter"), ("layer4.2", "Keep"), ("head", "Mlp")), null);
        // Every added operation starts as the identity: the pretrained network is unchanged until training moves it.
        Assert.True(Identical(expected, supernet.Forward(x, path)));
        Assert.True(Identical(expected, supernet.call(x)));   // the argmax of uniform logits: the first options
        supernet.Dispose();
    }

    [Fact]
    public void Backward_OnASampledPath_OnlyTheSampledOperationsReceiveGradients()
    {
        using var scope = NewDisposeScope();
        using var classifier = NasTestModels.Classifier();
        var supernet = new AdaptationSupernet(classifier);
        supernet.eval();
        var (x, y) = NasTestModels.Batch(4, 32, seed: 3);
        var indices = Path(("layer3.1", "Adapter"), ("layer4.1", "SqueezeExcite"), ("layer4.2", "Skip"), ("head", "Mlp"));
        using var path = new SampledPath(indices, null);
        supernet.zero_grad();
        LinearProbe.Loss(supernet.Forward(x, path), y, multiLabel: false).backward();

        for (int d = 0; d < Space.DecisionCount; d++)
        {
            for (int o = 0; o < Space.OptionCount(d); o++)
            {
                var ps = supernet.OptionParameters(d, o).ToArray();
                string what = $"{Space.DecisionName(d)}={Space.OptionNames(d)[o]}";
                if (o == indices[d] && ps.Length > 0)   // keep, skip and the linear head add no parameters
                    Assert.True(ps.Any(p => p.grad is { } g && g.abs().sum().item<float>() > 0), $"{what} was sampled but got no gradient");
                else if (o != indices[d])
                    Assert.All(ps, p => Assert.True(p.grad is null, $"{what} was not sampled but has a gradient"));
            }
        }
        // The skipped pretrained block took no part either; the kept ones did.
        var named = classifier.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.All(named.Where(p => p.Key.StartsWith("backbone.layer4.2.")), p => Assert.Null(p.Value.grad));
        Assert.NotNull(named["backbone.layer4.1.conv1.weight"].grad);
        // A path drawn without gradients to the logits leaves them without gradient.
        Assert.All(supernet.ArchitectureParameters(), a => Assert.Null(a.grad));
        supernet.Dispose();
    }

    [Fact]
    public void Backward_OnADifferentiablePath_EveryLogitGetsAGradient()
    {
        using var scope = NewDisposeScope();
        using var classifier = NasTestModels.Classifier();
        var supernet = new AdaptationSupernet(classifier);
        supernet.eval();
        var (x, y) = NasTestModels.Batch(4, 32, seed: 4);
        using var path = supernet.Sample(new Random(5), temperature: 1.0, differentiable: true);
        Assert.All(path.Factors!, f => Assert.Equal(1.0f, f!.item<float>()));
        supernet.zero_grad();
        LinearProbe.Loss(supernet.Forward(x, path), y, multiLabel: false).backward();
        foreach (var alpha in supernet.ArchitectureParameters())
        {
            Assert.NotNull(alpha.grad);
            Assert.True(alpha.grad!.abs().sum().item<float>() > 0);
            Assert.Equal(0f, alpha.grad.sum().item<float>(), 5);   // softmax gradients sum to zero over the options
        }
        for (int d = 0; d < Space.DecisionCount; d++)
            for (int o = 0; o < Space.OptionCount(d); o++)
                if (o != path.Indices[d])
                    Assert.All(supernet.OptionParameters(d, o), p => Assert.Null(p.grad));
        supernet.Dispose();
    }

    [Fact]
    public void Sample_SeededPaths_FollowTheArchitectureDistribution()
    {
        using var scope = NewDisposeScope();
        using var classifier = NasTestModels.Classifier();
        var supernet = new AdaptationSupernet(classifier);
        var logits = new[] { 1.2f, -0.3f, 0.4f, 0.0f };   // layer3.1: Keep, Skip, Adapter, SqueezeExcite
        using (no_grad()) supernet.ArchitectureParameters()[1].copy_(tensor(logits));
        var p = supernet.Probabilities()[1];
        Assert.Equal(GumbelSoftmax.Probabilities(logits.Select(v => (double)v).ToArray()), p);
        var rng = new Random(11);
        const int draws = 3000;
        var counts = new int[4];
        for (int i = 0; i < draws; i++)
        {
            using var path = supernet.Sample(rng, 1.0, differentiable: false);
            counts[path.Indices[1]]++;
        }
        double chi2 = Enumerable.Range(0, 4).Sum(k => Math.Pow(counts[k] - draws * p[k], 2) / (draws * p[k]));
        Assert.True(chi2 < 16.27, $"chi-square {chi2:F2} (0.999 quantile, 3 degrees of freedom: 16.27); counts {string.Join(",", counts)}");
        supernet.Dispose();
    }

    [Fact]
    public void Derive_AfterTraining_OutputsEqualTheArgmaxPathAndKeepTheTrainedWeights()
    {
        using var scope = NewDisposeScope();
        using var classifier = NasTestModels.Classifier();
        var supernet = new AdaptationSupernet(classifier);
        var chosen = Path(("layer3.0", "SqueezeExcite"), ("layer3.1", "Skip"), ("layer4.0", "Adapter"), ("layer4.1", "SqueezeExcite"), ("layer4.2", "Adapter"), ("head", "Mlp"));
        // Train the chosen path a little so that the added modules are no longer the identity.
        using (var sgd = optim.SGD(supernet.WeightParameters(), 0.05))
        {
            supernet.train();
            using var path = new SampledPath(chosen, null);
            for (int i = 0; i < 3; i++)
            {
                using var step = NewDisposeScope();
                var (bx, by) = NasTestModels.Batch(8, 32, seed: 10 + i);
                supernet.zero_grad();
                LinearProbe.Loss(supernet.Forward(bx, path), by, multiLabel: false).backward();
                sgd.step();
            }
        }
        using (no_grad())
            for (int d = 0; d < Space.DecisionCount; d++)
                supernet.ArchitectureParameters()[d].copy_(nn.functional.one_hot(tensor((long)chosen[d]), Space.OptionCount(d)).to_type(ScalarType.Float32));
        var adapterUp = supernet.named_parameters().Single(p => p.name == "layer4_2_Adapter.up.weight").parameter;
        Assert.True(adapterUp.abs().sum().item<float>() > 0, "training should have moved the adapter");

        var (x, _) = NasTestModels.Batch(6, 32, seed: 20);
        supernet.eval();
        Tensor expected;
        using (no_grad()) expected = supernet.call(x);
        var derived = supernet.Derive();
        supernet.Dispose();   // the derived model keeps what it runs
        derived.eval();
        using (no_grad()) Assert.True(Identical(expected, derived.call(x)));
        Assert.Equal("layer3.0=SqueezeExcite layer3.1=Skip layer4.0=Adapter layer4.1=SqueezeExcite layer4.2=Adapter head=Mlp", derived.Architecture.ToString());

        // Same modules, not copies: the derived model's adapter is the trained tensor, its backbone is the classifier's.
        var derivedParams = derived.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Same(adapterUp, derivedParams["layer4_2_Adapter.up.weight"]);
        Assert.Same(classifier.Backbone, derived.Backbone);
        Assert.Same(classifier.Head, derived.Head);
        // The shared tensors keep the names they have in an ImageClassifier.
        Assert.Subset(derived.state_dict().Keys.ToHashSet(), classifier.state_dict().Keys.ToHashSet());

        // Fine-tuning continues on the derived model and moves the shared weights.
        var before = classifier.Head.weight!.clone();
        using (var sgd = optim.SGD(derived.parameters(), 0.05))
        {
            derived.train();
            var (bx, by) = NasTestModels.Batch(8, 32, seed: 30);
            sgd.zero_grad();
            LinearProbe.Loss(derived.call(bx), by, multiLabel: false).backward();
            sgd.step();
        }
        Assert.False(Identical(before, classifier.Head.weight!));
        derived.eval();
        using (no_grad()) Assert.True(derived.call(x).isfinite().all().item<bool>());
        derived.Dispose();
    }
}
