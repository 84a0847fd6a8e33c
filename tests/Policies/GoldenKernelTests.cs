using AutoVision.Policies.Operations;
using AutoVision.Transfer;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace AutoVision.Policies.Tests;

/// <summary>
/// Each kernel against Pillow's output for the same operation (TestData/make_golden.py, three real images, several
/// magnitudes). Differences are counted in 8-bit levels.
/// </summary>
public class GoldenKernelTests
{
    private readonly ITestOutputHelper _output;

    public GoldenKernelTests(ITestOutputHelper output)
    {
        TorchRuntime.EnsureLoaded();
        _output = output;
    }

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in GoldenImages.Cases()) data.Add(c.Output);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Kernel_MatchesPillow(string output)
    {
        var c = GoldenImages.Cases().Single(k => k.Output == output);
        using var scope = NewDisposeScope();
        var input = GoldenImages.Load(c.Input);
        var expected = GoldenImages.Load(c.Output);
        var kernel = Enum.Parse<Kernel>(c.Op);
        var actual = BatchKernels.Apply(kernel, input, [c.Value],
            c.CentreX is { } cx ? [cx] : null, c.CentreY is { } cy ? [cy] : null);
        Assert.Equal(expected.shape, actual.shape);
        var diff = actual.sub(expected).abs().mul(255).round();
        double maxDiff = diff.max().item<float>();
        double offFraction = diff.gt(0.5).to(ScalarType.Float32).mean().item<float>();
        double offBy2 = diff.gt(1.5).to(ScalarType.Float32).mean().item<float>();
        _output.WriteLine($"{c}: max {maxDiff} levels, {offFraction:P2} of values differ, {offBy2:P2} by more than 1");
        var (maxAllowedFraction, maxAllowedLevels) = Tolerance(kernel);
        Assert.True(offFraction <= maxAllowedFraction,
            $"{c}: {offFraction:P2} of values differ from Pillow (allowed {maxAllowedFraction:P2})");
        if (maxAllowedLevels is { } levels)
            Assert.True(maxDiff <= levels, $"{c}: a value is {maxDiff} levels off Pillow (allowed {levels})");
    }

    /// <summary>
    /// The stated tolerance per kernel. Colour, histogram, threshold and Cutout kernels: exact (0 levels on every
    /// value). Geometric kernels: at most 4 % of the values may differ, by any amount: where the source coordinate
    /// falls exactly on a pixel boundary (e.g. ShearX 0.12 on row 12: 0.12 × 12.5 = 1.5), PIL's double arithmetic
    /// and the float32 sampling grid round the tie to neighbouring pixels, which moves about one row or column.
    /// </summary>
    private static (double Fraction, double? Levels) Tolerance(Kernel kernel) => kernel switch
    {
        Kernel.ShearX or Kernel.ShearY or Kernel.TranslateX or Kernel.TranslateY or Kernel.Rotate => (0.04, null),
        _ => (0, 0),
    };
}
