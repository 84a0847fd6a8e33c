namespace AutoVision.Search.Tests;

public class RandomSamplerTests
{
    public static TheoryData<Distribution> Distributions => new()
    {
        new FloatDistribution(-3, 7),
        new FloatDistribution(1e-5, 10, log: true),
        new FloatDistribution(0, 1, step: 0.1),
        new FloatDistribution(0, 1, step: 0.3),
        new IntDistribution(-5, 5),
        new IntDistribution(1, 1000, log: true),
        new IntDistribution(3, 30, step: 4),
        new CategoricalDistribution(["a", 1, null]),
    };

    [Theory]
    [MemberData(nameof(Distributions))]
    public void SampleIndependent_ManyDraws_StayInDistribution(Distribution distribution)
    {
        var sampler = new RandomSampler(7);
        var study = TestStudies.New(sampler: sampler);
        var trial = study.Ask().Snapshot;
        for (int i = 0; i < 2000; i++)
            Assert.True(distribution.Contains(sampler.SampleIndependent(study, trial, "p", distribution)));
    }

    [Fact]
    public void SampleIndependent_SameSeed_SameSequence()
    {
        var d = new FloatDistribution(0, 1);
        var a = new RandomSampler(42);
        var b = new RandomSampler(42);
        var c = new RandomSampler(43);
        var study = TestStudies.New();
        var trial = study.Ask().Snapshot;
        var sa = Enumerable.Range(0, 20).Select(_ => a.SampleIndependent(study, trial, "x", d)).ToArray();
        var sb = Enumerable.Range(0, 20).Select(_ => b.SampleIndependent(study, trial, "x", d)).ToArray();
        var sc = Enumerable.Range(0, 20).Select(_ => c.SampleIndependent(study, trial, "x", d)).ToArray();
        Assert.Equal(sa, sb);
        Assert.NotEqual(sa, sc);
    }

    [Fact]
    public void SampleIndependent_SteppedInt_EveryGridPointAboutEquallyOften()
    {
        var d = new IntDistribution(0, 8, step: 2);   // 0, 2, 4, 6, 8
        var sampler = new RandomSampler(3);
        var counts = new Dictionary<double, int>();
        for (int i = 0; i < 10_000; i++)
        {
            double v = sampler.SampleIndependent(null!, null!, "n", d);
            counts[v] = counts.GetValueOrDefault(v) + 1;
        }
        Assert.Equal(5, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 1800, 2200));
    }

    [Fact]
    public void SampleIndependent_LogFloat_UniformInLogSpace()
    {
        var d = new FloatDistribution(1e-4, 1, log: true);
        var sampler = new RandomSampler(5);
        int belowGeometricMiddle = 0;
        for (int i = 0; i < 10_000; i++)
            if (sampler.SampleIndependent(null!, null!, "lr", d) < 1e-2) belowGeometricMiddle++;
        Assert.InRange(belowGeometricMiddle, 4800, 5200);
    }

    [Fact]
    public void SampleIndependent_Categorical_CoversEveryChoice()
    {
        var d = new CategoricalDistribution(["a", "b", "c"]);
        var sampler = new RandomSampler(9);
        var seen = Enumerable.Range(0, 100).Select(_ => sampler.SampleIndependent(null!, null!, "c", d)).Distinct().Count();
        Assert.Equal(3, seen);
    }
}
