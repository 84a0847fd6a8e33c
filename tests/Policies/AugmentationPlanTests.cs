using AutoVision.Policies.Operations;
using AutoVision.Transfer;
using static TorchSharp.torch;

namespace AutoVision.Policies.Tests;

public class AugmentationPlanTests
{
    public AugmentationPlanTests() => TorchRuntime.EnsureLoaded();

    private static Tensor RandomImages(int n, int c = 3, int h = 12, int w = 16, int seed = 3)
    {
        var g = new Generator((ulong)seed);
        return randint(0, 256, new long[] { n, c, h, w }, generator: g).to(ScalarType.Float32).div_(255);
    }

    private static double MaxAbs(Tensor a, Tensor b) => a.sub(b).abs().max().item<float>();

    [Fact]
    public void Apply_DifferentKernelPerImage_EachImageMatchesTheKernelAppliedAlone()
    {
        using var scope = NewDisposeScope();
        var x = RandomImages(5);
        var plan = new AugmentationPlan(5, 2);
        plan.Set(0, 0, Kernel.Rotate, 20);
        plan.Set(0, 1, Kernel.Solarize, 100);
        plan.Set(0, 2, Kernel.Rotate, -10);
        plan.Set(0, 3, Kernel.Cutout, 5, 0.25, 0.75);
        plan.Set(1, 0, Kernel.Equalize, 0);
        plan.Set(1, 4, Kernel.HorizontalFlip, 0);
        plan.Set(0, 4, Kernel.ShearY, 0.2);
        plan.Set(1, 2, Kernel.TranslateY, -3);
        var y = plan.Apply(x);

        Tensor One(int i, Kernel k, double v, double cx = 8, double cy = 6) => BatchKernels.Apply(k, x[i..(i + 1)], [v], [cx], [cy]);
        Assert.Equal(0, MaxAbs(y[0..1], BatchKernels.Apply(Kernel.Equalize, One(0, Kernel.Rotate, 20), [0])));
        Assert.Equal(0, MaxAbs(y[1..2], One(1, Kernel.Solarize, 100)));
        Assert.Equal(0, MaxAbs(y[2..3], BatchKernels.Apply(Kernel.TranslateY, One(2, Kernel.Rotate, -10), [-3])));
        Assert.Equal(0, MaxAbs(y[3..4], One(3, Kernel.Cutout, 5, 0.25 * 16, 0.75 * 12)));
        Assert.Equal(0, MaxAbs(y[4..5], One(4, Kernel.ShearY, 0.2).flip(3)));
        Assert.True(MaxAbs(y, x) > 0.1);
    }

    [Fact]
    public void Apply_Clips_EveryFrameGetsTheSameTransformation()
    {
        using var scope = NewDisposeScope();
        var frame = RandomImages(1);
        var clips = frame.unsqueeze(1).expand(1, 4, 3, 12, 16).contiguous().repeat(2, 1, 1, 1, 1);
        var plan = new AugmentationPlan(2, 1);
        plan.Set(0, 0, Kernel.Cutout, 6, 0.3, 0.6);
        plan.Set(0, 1, Kernel.ShearX, 0.3);
        var y = plan.Apply(clips);
        Assert.Equal(clips.shape, y.shape);
        for (int t = 1; t < 4; t++)
        {
            Assert.Equal(0, MaxAbs(y[0, t], y[0, 0]));
            Assert.Equal(0, MaxAbs(y[1, t], y[1, 0]));
        }
        Assert.Equal(0, MaxAbs(y[0, 0].unsqueeze(0), BatchKernels.Apply(Kernel.Cutout, frame, [6], [0.3 * 16], [0.6 * 12])));
        Assert.Equal(0, MaxAbs(y[1, 0].unsqueeze(0), BatchKernels.Apply(Kernel.ShearX, frame, [0.3])));
    }

    [Fact]
    public void Apply_AllIdentity_ReturnsAnEqualCopy()
    {
        using var scope = NewDisposeScope();
        var x = RandomImages(3, c: 1);
        var y = new AugmentationPlan(3, 2).Apply(x);
        Assert.Equal(0, MaxAbs(y, x));
    }

    [Fact]
    public void Apply_WrongBatchSize_Throws()
    {
        using var x = RandomImages(3);
        Assert.Throws<ArgumentException>(() => new AugmentationPlan(2, 1).Apply(x));
    }

    [Theory]
    [InlineData("ShearX", 0.0, -0.3)]
    [InlineData("ShearX", 0.5, 0.0)]
    [InlineData("TranslateY", 1.0, 0.45)]
    [InlineData("Rotate", 0.25, -15.0)]
    [InlineData("Solarize", 0.5, 128.0)]
    [InlineData("Posterize", 0.6, 6.4)]
    [InlineData("Contrast", 0.5, 1.0)]
    [InlineData("Cutout", 1.0, 0.2)]
    [InlineData("CutoutAbs", 0.5, 10.0)]
    public void Value_MapsTheLevelLinearlyOntoFaasRange(string name, double level, double expected) =>
        Assert.Equal(expected, FaaOperations.Get(name).Value(level), 9);

    [Fact]
    public void ToKernelValue_FractionsBecomePixelsAndPosterizeBitsAreWhole()
    {
        Assert.Equal(0.45 * 40, FaaOperations.Get("TranslateX").ToKernelValue(0.45, 40, 20), 9);
        Assert.Equal(0.45 * 20, FaaOperations.Get("TranslateY").ToKernelValue(0.45, 40, 20), 9);
        Assert.Equal(0.2 * 40, FaaOperations.Get("Cutout").ToKernelValue(0.2, 40, 20), 9);
        Assert.Equal(6, FaaOperations.Get("Posterize").ToKernelValue(6.4, 40, 20));
        Assert.Equal(15, FaaOperations.SearchSpace.Count);
        Assert.Throws<ArgumentException>(() => FaaOperations.Get("SamplePairing"));
    }
}
