using AutoVision.Policies.Operations;
using AutoVision.Transfer;
using static TorchSharp.torch;

namespace AutoVision.Policies.Tests;

public class PolicyTests
{
    public PolicyTests() => TorchRuntime.EnsureLoaded();

    private static Tensor Images(int n, int c = 3, int h = 16, int w = 16) =>
        randint(0, 256, new long[] { n, c, h, w }, generator: new Generator(7)).to(ScalarType.Float32).div_(255);

    private static double MaxAbs(Tensor a, Tensor b) => a.sub(b).abs().max().item<float>();

    private static Policy Sample => new([
        new SubPolicy(new PolicyOperation("ShearX", 0.7, 0.9), new PolicyOperation("Color", 0.4, 0.2)),
        new SubPolicy(new PolicyOperation("Invert", 1.0, 0.0), new PolicyOperation("Cutout", 0.5, 0.6)),
    ]);

    [Fact]
    public void Json_RoundTrips()
    {
        var back = Policy.FromJson(Sample.ToJson());
        Assert.Equal(Sample.SubPolicies.Count, back.SubPolicies.Count);
        for (int i = 0; i < back.SubPolicies.Count; i++)
            Assert.Equal(Sample.SubPolicies[i].Operations, back.SubPolicies[i].Operations);
    }

    [Theory]
    [InlineData("""{"sub_policies": [[["ShearX", 0.5, 0.2]], [["Blur", 0.5, 0.2]]]}""", "sub_policies[1][0][0] (name): unknown operation 'Blur'")]
    [InlineData("""{"sub_policies": [[["ShearX", 1.5, 0.2]]]}""", "sub_policies[0][0][1] (probability of ShearX): expected a number in [0, 1], got 1.5")]
    [InlineData("""{"sub_policies": [[["Rotate", 0.5, "high"]]]}""", "sub_policies[0][0][2] (level of Rotate): expected a number")]
    [InlineData("""{"sub_policies": [[["Rotate", 0.5]]]}""", "sub_policies[0][0]: expected [name, probability, level]")]
    [InlineData("""{"policies": []}""", "expected an object with an array \"sub_policies\"")]
    [InlineData("""{"sub_policies": [""", "not valid JSON")]
    public void FromJson_BadInput_NamesSourceRecordAndField(string json, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => Policy.FromJson(json, "my.json"));
        Assert.StartsWith("my.json: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void FromJson_LevelIgnoredByTheOperation_MayBeOutsideTheUnitRange() =>
        Assert.Equal(7.0, Policy.FromJson("""{"sub_policies": [[["Invert", 0.1, 7.0]]]}""").SubPolicies[0].Operations[0].Level);

    [Fact]
    public void Apply_SameSeed_SameResult_OtherSeed_Differs()
    {
        using var scope = NewDisposeScope();
        var x = Images(16);
        var a = Sample.Apply(x, new Random(5));
        var b = Sample.Apply(x, new Random(5));
        var c = Sample.Apply(x, new Random(6));
        Assert.Equal(0, MaxAbs(a, b));
        Assert.True(MaxAbs(a, c) > 0);
    }

    [Fact]
    public void Apply_ProbabilityZero_ChangesNothing_ProbabilityOne_AlwaysApplies()
    {
        using var scope = NewDisposeScope();
        var x = Images(8);
        var never = new Policy([new SubPolicy(new PolicyOperation("Invert", 0, 0))]);
        var always = new Policy([new SubPolicy(new PolicyOperation("Invert", 1, 0))]);
        Assert.Equal(0, MaxAbs(never.Apply(x, new Random(1)), x));
        Assert.True(MaxAbs(always.Apply(x, new Random(1)), x.mul(-1).add(1)) < 1e-6);
    }

    [Fact]
    public void Plan_DrawsOneSubPolicyPerImage_AndMirrorsGeometricValues()
    {
        var policy = new Policy([
            new SubPolicy(new PolicyOperation("Rotate", 1, 1.0)),
            new SubPolicy(new PolicyOperation("Solarize", 1, 0.25)),
        ]);
        var plan = policy.Plan(1000, 32, 32, new Random(3));
        var rotations = Enumerable.Range(0, 1000).Where(i => plan.KernelAt(0, i) == Kernel.Rotate).ToList();
        int solarized = Enumerable.Range(0, 1000).Count(i => plan.KernelAt(0, i) == Kernel.Solarize);
        Assert.Equal(1000, rotations.Count + solarized);
        Assert.InRange(rotations.Count, 430, 570);
        int negative = rotations.Count(i => plan.ValueAt(0, i) < 0);
        Assert.All(rotations, i => Assert.Equal(30, Math.Abs(plan.ValueAt(0, i)), 9));
        Assert.InRange(negative, rotations.Count * 0.4, rotations.Count * 0.6);
        Assert.All(Enumerable.Range(0, 1000).Where(i => plan.KernelAt(0, i) == Kernel.Solarize), i => Assert.Equal(64, plan.ValueAt(0, i), 9));
    }

    [Fact]
    public void Plan_ProbabilityHalf_AppliesToAboutHalf()
    {
        var policy = new Policy([new SubPolicy(new PolicyOperation("Equalize", 0.3, 0), new PolicyOperation("TranslateX", 0.8, 1.0))]);
        var plan = policy.Plan(2000, 40, 20, new Random(9));
        Assert.InRange(Enumerable.Range(0, 2000).Count(i => plan.KernelAt(0, i) == Kernel.Equalize), 500, 700);
        var translated = Enumerable.Range(0, 2000).Where(i => plan.KernelAt(1, i) == Kernel.TranslateX).ToList();
        Assert.InRange(translated.Count, 1500, 1700);
        Assert.All(translated, i => Assert.Equal(0.45 * 40, Math.Abs(plan.ValueAt(1, i)), 9));
    }

    [Fact]
    public void Apply_Clips_SameDrawsOnEveryFrame()
    {
        using var scope = NewDisposeScope();
        var frame = Images(6);
        var clips = frame.unsqueeze(1).expand(6, 3, 3, 16, 16).contiguous();
        var y = Sample.Apply(clips, new Random(2));
        Assert.Equal(0, MaxAbs(y[.., 1], y[.., 0]));
        Assert.Equal(0, MaxAbs(y[.., 2], y[.., 0]));
        Assert.Equal(0, MaxAbs(y[.., 0], Sample.Apply(frame, new Random(2))));
    }

    [Fact]
    public void Merge_DropsSubPoliciesWhoseOperationNamesRepeat()
    {
        var a = new Policy([new SubPolicy(new PolicyOperation("Rotate", 0.2, 0.1), new PolicyOperation("Color", 0.3, 0.3))]);
        var b = new Policy([
            new SubPolicy(new PolicyOperation("Rotate", 0.9, 0.9), new PolicyOperation("Color", 0.1, 0.1)),
            new SubPolicy(new PolicyOperation("Color", 0.9, 0.9), new PolicyOperation("Rotate", 0.1, 0.1)),
        ]);
        var merged = Policy.Merge([a, b]);
        Assert.Equal(["Rotate+Color", "Color+Rotate"], merged.SubPolicies.Select(s => s.Key));
        Assert.Equal(0.2, merged.SubPolicies[0].Operations[0].Probability);
    }

    [Theory]
    [InlineData("fa_reduced_cifar10", 493)]
    [InlineData("fa_reduced_imagenet", 498)]
    [InlineData("fa_reduced_svhn", 497)]
    [InlineData("autoclint_candidate_pool", 92)]
    public void PublishedTables_HaveThePublishedSizes(string name, int subPolicies)
    {
        var policy = PublishedPolicies.Get(name);
        Assert.Equal(subPolicies, policy.SubPolicies.Count);
        Assert.All(policy.SubPolicies, s => Assert.Equal(2, s.Operations.Count));
    }

    [Fact]
    public void PublishedFaaTables_UseExactlyTheFifteenSearchOperations()
    {
        var space = FaaOperations.SearchSpace.Select(o => o.Name).ToHashSet();
        foreach (var table in new[] { PublishedPolicies.FaaReducedCifar10, PublishedPolicies.FaaReducedImageNet, PublishedPolicies.FaaReducedSvhn })
            Assert.True(table.SubPolicies.SelectMany(s => s.Operations).Select(o => o.Name).ToHashSet().SetEquals(space));
        Assert.Contains(PublishedPolicies.AutoClintCandidatePool.SubPolicies.SelectMany(s => s.Operations), o => o.Name == "TranslateXAbs");
    }

    [Fact]
    public void PublishedTable_AppliesToABatch()
    {
        using var scope = NewDisposeScope();
        var x = Images(32);
        var y = PublishedPolicies.FaaReducedImageNet.Apply(x, new Random(1));
        Assert.Equal(x.shape, y.shape);
        Assert.True(y.min().item<float>() >= 0 && y.max().item<float>() <= 1);
        Assert.True(MaxAbs(x, y) > 0);
    }

    [Fact]
    public void RandAugment_TwoOpsPerImage_AtTheGlobalMagnitude()
    {
        var plan = new RandAugment(2, 9).Plan(500, 32, 32, new Random(4));
        Assert.Equal(2, plan.Steps);
        for (int i = 0; i < 500; i++)
            for (int s = 0; s < 2; s++)
            {
                double v = plan.ValueAt(s, i);
                switch (plan.KernelAt(s, i))
                {
                    case Kernel.Rotate: Assert.Equal(9.0, Math.Abs(v), 9); break;
                    case Kernel.ShearX: Assert.Equal(0.09, Math.Abs(v), 9); break;
                    case Kernel.TranslateX: Assert.Equal(150.0 / 331 * 32 * 0.3, Math.Abs(v), 9); break;
                    case Kernel.Posterize: Assert.Equal(7, v); break;
                    case Kernel.Solarize: Assert.Equal(255 * 0.7, v, 9); break;
                    case Kernel.Contrast: Assert.Equal(0.27, Math.Abs(v - 1), 9); break;
                    case Kernel.Invert or Kernel.Cutout: Assert.Fail("RandAugment has no Invert or Cutout"); break;
                }
            }
        Assert.Equal(14, Enumerable.Range(0, 500).Select(i => plan.KernelAt(0, i)).Distinct().Count());
    }

    [Fact]
    public void TrivialAugment_OneOpPerImage_UniformMagnitudes()
    {
        var plan = new TrivialAugmentWide().Plan(3000, 32, 32, new Random(4));
        Assert.Equal(1, plan.Steps);
        var rotations = Enumerable.Range(0, 3000).Where(i => plan.KernelAt(0, i) == Kernel.Rotate).Select(i => Math.Abs(plan.ValueAt(0, i))).ToList();
        Assert.InRange(rotations.Max(), 130, 135);
        Assert.InRange(rotations.Average(), 55, 80);
        var bits = Enumerable.Range(0, 3000).Where(i => plan.KernelAt(0, i) == Kernel.Posterize).Select(i => plan.ValueAt(0, i)).ToHashSet();
        Assert.True(bits.SetEquals(new double[] { 2, 3, 4, 5, 6, 7, 8 }));
    }
}
