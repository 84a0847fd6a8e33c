namespace AutoVision.Search.Tests;

public class NumericSpaceTests
{
    [Fact]
    public void For_SteppedInt_WidensByHalfAStep()
    {
        var space = NumericSpace.For(new IntDistribution(0, 10, step: 2));
        Assert.Equal(-1.0, space.Lower);
        Assert.Equal(11.0, space.Upper);
        Assert.Equal(2.0, space.Step);
    }

    [Fact]
    public void For_LogInt_UsesLogOfHalfIntegerEnds()
    {
        var space = NumericSpace.For(new IntDistribution(1, 100, log: true));
        Assert.Equal(Math.Log(0.5), space.Lower, 12);
        Assert.Equal(Math.Log(100.5), space.Upper, 12);
        Assert.Null(space.Step);
    }

    [Fact]
    public void Untransform_SteppedFloat_RoundsToGridAndClips()
    {
        var space = NumericSpace.For(new FloatDistribution(0, 1, step: 0.25));
        Assert.Equal(0.5, space.Untransform(0.6));
        Assert.Equal(1.0, space.Untransform(1.12));
        Assert.Equal(0.0, space.Untransform(-0.12));
    }

    [Fact]
    public void Untransform_LogFloat_ExponentiatesAndClips()
    {
        var space = NumericSpace.For(new FloatDistribution(1e-3, 1, log: true));
        Assert.Equal(0.01, space.Untransform(Math.Log(0.01)), 12);
        Assert.Equal(1.0, space.Untransform(space.Upper + 1e-9));
    }

    [Fact]
    public void Untransform_LogInt_RoundsToInteger()
    {
        var space = NumericSpace.For(new IntDistribution(1, 100, log: true));
        Assert.Equal(7.0, space.Untransform(Math.Log(7.3)));
        Assert.Equal(1.0, space.Untransform(space.Lower));
    }
}
