namespace AutoVision.Search.Tests;

public class IntDistributionTests
{
    [Fact]
    public void Constructor_LogWithLowBelowOne_ThrowsClearMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => new IntDistribution(0, 10, log: true));
        Assert.Contains("low >= 1", ex.Message);
    }

    [Fact]
    public void Constructor_LogWithStep_Throws() =>
        Assert.Throws<ArgumentException>(() => new IntDistribution(1, 10, log: true, step: 2));

    [Fact]
    public void Constructor_StepBelowOne_Throws() =>
        Assert.Throws<ArgumentException>(() => new IntDistribution(1, 10, step: 0));

    [Fact]
    public void Constructor_LowAboveHigh_Throws() =>
        Assert.Throws<ArgumentException>(() => new IntDistribution(5, 4));

    [Fact]
    public void Constructor_StepNotDividingRange_LowersHigh()
    {
        var d = new IntDistribution(1, 10, step: 4);
        Assert.Equal(9, d.High);
    }

    [Fact]
    public void Contains_OffGridOrFraction_False()
    {
        var d = new IntDistribution(1, 9, step: 2);
        Assert.True(d.Contains(5));
        Assert.False(d.Contains(4));
        Assert.False(d.Contains(5.5));
        Assert.False(d.Contains(11));
    }

    [Fact]
    public void ToExternal_Internal_ReturnsInt() => Assert.IsType<int>(new IntDistribution(0, 5).ToExternal(3.0));

    [Fact]
    public void ToInternal_Fraction_Throws() =>
        Assert.Throws<ArgumentException>(() => new IntDistribution(0, 5).ToInternal(2.5));

    [Fact]
    public void ToInternal_IntegralDouble_Accepted() => Assert.Equal(2.0, new IntDistribution(0, 5).ToInternal(2.0));
}
