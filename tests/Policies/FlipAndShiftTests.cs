using AutoVision.Policies;
using AutoVision.Transfer;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoVision.Policies.Tests;

public class FlipAndShiftTests
{
    public FlipAndShiftTests() => TorchRuntime.EnsureLoaded();

    private static bool Same(Tensor a, Tensor b)
    {
        using var eq = a.eq(b).all();
        return eq.item<bool>();
    }

    private static Tensor Ramp(int n = 4, int c = 1, int h = 8, int w = 8) =>
        arange(n * c * h * w, dtype: ScalarType.Float32).reshape(n, c, h, w);

    [Fact]
    public void Apply_NoFlipNoShift_ReturnsTheSameValues()
    {
        using var x = Ramp();
        using var y = new FlipAndShift(0, 0).Apply(x, new Random(1));
        Assert.True(Same(y, x));
    }

    [Fact]
    public void Apply_AlwaysFlip_MirrorsEveryRow()
    {
        using var x = Ramp();
        using var y = new FlipAndShift(1, 0).Apply(x, new Random(1));
        using var expected = x.flip(3);
        Assert.True(Same(y, expected));
    }

    [Fact]
    public void Apply_Shift_KeepsShapeAndMovesContentByAtMostTheMaximum()
    {
        using var x = Ramp(n: 16, c: 3, h: 16, w: 16);
        using var y = new FlipAndShift(0, 0.125).Apply(x, new Random(7));
        Assert.Equal(x.shape, y.shape);
        // Each output is a window of the reflect-padded input: its centre pixel comes from within 2 px of the centre.
        int moved = 0;
        for (int i = 0; i < 16; i++)
        {
            float centre = y[i, 0, 8, 8].item<float>();
            bool found = false;
            for (int dy = -2; dy <= 2 && !found; dy++)
                for (int dx = -2; dx <= 2 && !found; dx++)
                    found = x[i, 0, 8 + dy, 8 + dx].item<float>() == centre;
            Assert.True(found, $"example {i}: centre value {centre} is not within 2 px of the input centre");
            if (!Same(y[i], x[i])) moved++;
        }
        Assert.True(moved > 8, $"only {moved} of 16 examples were shifted");
    }

    [Fact]
    public void Apply_SameSeed_GivesTheSameBatch()
    {
        using var x = Ramp(n: 8, c: 3, h: 16, w: 16);
        var aug = new FlipAndShift();
        using var a = aug.Apply(x, new Random(42));
        using var b = aug.Apply(x, new Random(42));
        using var c = aug.Apply(x, new Random(43));
        Assert.True(Same(a, b));
        Assert.False(Same(a, c));
    }

    [Fact]
    public void Apply_NotABatch_ThrowsClearError()
    {
        using var x = zeros(3, 8, 8);
        var ex = Assert.Throws<ArgumentException>(() => new FlipAndShift().Apply(x, new Random(1)));
        Assert.Contains("(N,C,H,W)", ex.Message);
    }

    [Theory]
    [InlineData(-0.1, 0.1)]
    [InlineData(1.1, 0.1)]
    [InlineData(0.5, 0.5)]
    public void Constructor_OutOfRange_Throws(double flip, double shift)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FlipAndShift(flip, shift));
    }
}
