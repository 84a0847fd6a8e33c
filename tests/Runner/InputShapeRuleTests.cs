using AutoVision.Data.Caching;
using AutoVision.Runner.Learning;

namespace AutoVision.Runner.Tests;

public class InputShapeRuleTests
{
    private static readonly LearnerOptions Defaults = new();

    /// <summary>AutoCLINT's rule (long side twice the square side), named explicitly.</summary>
    private static readonly LearnerOptions Twice = Defaults with { KeepAspect = InputShapeRule.Double };

    [Theory]
    [InlineData(28, 28)]
    [InlineData(100, 100)]
    [InlineData(576, 944)]   // aspect 1.6: not elongated
    [InlineData(32, 64)]     // exactly 2: not elongated (AutoCLINT's test is strict)
    [InlineData(64, 32)]     // exactly 1/2
    public void FineTuning_NotElongated_KeepsTheSquareInput(double height, double width)
    {
        Assert.Equal(InputShape.Square(64), InputShapeRule.FineTuning((height, width), Defaults));
        Assert.Equal(InputShape.Square(32), InputShapeRule.Probe((height, width), Defaults));
    }

    [Fact]
    public void FineTuning_WideImages_LongSideTwiceTheInputShortSideScaledToAMultipleOf16()
    {
        // 203 wide, 74 high: 128 wide, 74/203·128 = 46.7 -> 48 high.
        Assert.Equal(new InputShape(48, 128), InputShapeRule.FineTuning((74, 203), Twice));
        // The probe: 64 wide, 23.3 -> 24 high (a multiple of 8).
        Assert.Equal(new InputShape(24, 64), InputShapeRule.Probe((74, 203), Twice));
    }

    [Fact]
    public void FineTuning_TallImages_KeepTheirOrientation()
    {
        // AutoCLINT's README example, (H, W) = (203, 74): 128 high, 48 wide.
        Assert.Equal(new InputShape(128, 48), InputShapeRule.FineTuning((203, 74), Twice));
        Assert.Equal(new InputShape(128, 32), InputShapeRule.FineTuning((64, 16), Twice));
        Assert.Equal(new InputShape(64, 16), InputShapeRule.Probe((64, 16), Twice));
    }

    [Fact]
    public void FineTuning_JustAboveTwo_IsElongated()
    {
        // 2.01: 128 wide, 63.7 -> 64 high (the short side may reach the square side, never more).
        Assert.Equal(new InputShape(64, 128), InputShapeRule.FineTuning((100, 201), Twice));
        Assert.True(InputShapeRule.IsElongated(100, 201));
        Assert.False(InputShapeRule.IsElongated(100, 200));
    }

    [Fact]
    public void FineTuning_VeryElongated_ShortSideIsAtLeastOneMultiple()
    {
        Assert.Equal(new InputShape(16, 128), InputShapeRule.FineTuning((10, 1000), Twice));
        Assert.Equal(new InputShape(8, 64), InputShapeRule.Probe((10, 1000), Twice));
    }

    [Fact]
    public void FineTuning_ScalesWithTheInputSizeSetting()
    {
        var options = Twice with { InputSize = 96, ProbeInputSize = 48 };
        // 3:1 -> 192 wide, 64 high; the probe 96 wide, 32 high.
        Assert.Equal(new InputShape(64, 192), InputShapeRule.FineTuning((30, 90), options));
        Assert.Equal(new InputShape(32, 96), InputShapeRule.Probe((30, 90), options));
    }

    [Fact]
    public void FineTuning_UnknownSizeOrKeepAspectOff_KeepsTheSquare()
    {
        Assert.Equal(InputShape.Square(64), InputShapeRule.FineTuning(null, Defaults));
        var off = Defaults with { KeepAspect = InputShapeRule.Off };
        Assert.Equal(InputShape.Square(64), InputShapeRule.FineTuning((74, 203), off));
        Assert.Equal(InputShape.Square(32), InputShapeRule.Probe((74, 203), off));
    }

    [Fact]
    public void Shape_UnknownKeepAspect_SaysWhatIsExpected()
    {
        var e = Assert.Throws<ArgumentException>(() => InputShapeRule.FineTuning((74, 203), Defaults with { KeepAspect = "on" }));
        Assert.Contains("'on'", e.Message);
        Assert.Contains("\"auto\", \"area\", \"double\", \"off\"", e.Message);
    }

    [Fact]
    public void CanGive_AcceptsTheSquareAndWithDoubleItsElongatedShapes()
    {
        Assert.True(InputShapeRule.CanGive(InputShape.Square(64), 64, 16, InputShapeRule.Auto));
        Assert.True(InputShapeRule.CanGive(InputShape.Square(64), 64, 16, InputShapeRule.Off));
        Assert.True(InputShapeRule.CanGive(new InputShape(48, 128), 64, 16, InputShapeRule.Double));
        Assert.True(InputShapeRule.CanGive(new InputShape(128, 32), 64, 16, InputShapeRule.Double));
        Assert.True(InputShapeRule.CanGive(new InputShape(128, 32), 64, 16, InputShapeRule.Auto));
        Assert.False(InputShapeRule.CanGive(new InputShape(48, 128), 64, 16, InputShapeRule.Off));
        Assert.False(InputShapeRule.CanGive(new InputShape(40, 128), 64, 16, InputShapeRule.Double)); // not a multiple of 16
        Assert.False(InputShapeRule.CanGive(new InputShape(48, 96), 64, 16, InputShapeRule.Double));  // long side not 2 · 64
        Assert.False(InputShapeRule.CanGive(InputShape.Square(32), 64, 16, InputShapeRule.Auto));
    }

    [Fact]
    public void Default_IsAuto() => Assert.Equal(InputShapeRule.Auto, new LearnerOptions().KeepAspect);

    [Fact]
    public void Area_KeepsTheAspectAtAboutTheSquaresPixels()
    {
        var area = Defaults with { KeepAspect = InputShapeRule.Area };
        // 3:1 (Fashion-MNIST strips, 84 × 28): long side 64·√3 = 110.9 -> 112, short 37.3 -> 32; 3,584 pixels against 4,096.
        Assert.Equal(new InputShape(32, 112), InputShapeRule.FineTuning((28, 84), area));
        Assert.Equal(new InputShape(112, 32), InputShapeRule.FineTuning((84, 28), area));
        // The probe: 32·√3 = 55.4 -> 56, 18.7 -> 16 (multiples of 8).
        Assert.Equal(new InputShape(16, 56), InputShapeRule.Probe((28, 84), area));
        // 203 × 74: 64 / √(74/203) = 106.0 -> 112, 40.8 -> 48.
        Assert.Equal(new InputShape(48, 112), InputShapeRule.FineTuning((74, 203), area));
        // Very elongated: the long side stops at twice the square side, as AutoCLINT's rule has it.
        Assert.Equal(new InputShape(16, 128), InputShapeRule.FineTuning((10, 1000), area));
        // Not elongated: the square, as every rule.
        Assert.Equal(InputShape.Square(64), InputShapeRule.FineTuning((32, 64), area));
    }

    [Fact]
    public void Double_IsAutoClintsRule_AndAutoStandsForArea()
    {
        var twice = Defaults with { KeepAspect = InputShapeRule.Double };
        Assert.Equal(new InputShape(48, 128), InputShapeRule.FineTuning((74, 203), twice));
        Assert.Equal(new InputShape(48, 128), InputShapeRule.FineTuning((28, 84), twice));   // 42.7 -> 48
        Assert.Equal(InputShapeRule.Area, InputShapeRule.AutoRule);   // measured ahead of double and off (docs/learner.md)
        Assert.Equal(InputShapeRule.FineTuning((28, 84), Defaults with { KeepAspect = InputShapeRule.AutoRule }), InputShapeRule.FineTuning((28, 84), Defaults));
    }

    [Fact]
    public void CanGive_Area_TakesItsOwnShapesOnly()
    {
        Assert.True(InputShapeRule.CanGive(new InputShape(32, 112), 64, 16, InputShapeRule.Area));
        Assert.True(InputShapeRule.CanGive(new InputShape(16, 128), 64, 16, InputShapeRule.Area));
        Assert.False(InputShapeRule.CanGive(new InputShape(16, 144), 64, 16, InputShapeRule.Area));   // long side beyond 2 · 64
        Assert.False(InputShapeRule.CanGive(new InputShape(40, 112), 64, 16, InputShapeRule.Area));   // not a multiple of 16
        Assert.False(InputShapeRule.CanGive(new InputShape(32, 112), 64, 16, InputShapeRule.Off));
        Assert.False(InputShapeRule.CanGive(new InputShape(32, 112), 64, 16, InputShapeRule.Double)); // long side not 2 · 64
    }
}
