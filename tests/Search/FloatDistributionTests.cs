namespace AutoVision.Search.Tests;

public class FloatDistributionTests
{
    [Fact]
    public void Constructor_LogWithNonPositiveLow_ThrowsClearMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => new FloatDistribution(0, 1, log: true));
        Assert.Contains("log-scaled", ex.Message);
        Assert.Contains("low > 0", ex.Message);
        Assert.Contains("low=0", ex.Message);
    }

    [Fact]
    public void Constructor_LowAboveHigh_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new FloatDistribution(2, 1));
        Assert.Contains("low <= high", ex.Message);
    }

    [Fact]
    public void Constructor_LogAndStep_Throws() =>
        Assert.Throws<ArgumentException>(() => new FloatDistribution(1, 10, log: true, step: 1));

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void Constructor_NonPositiveStep_Throws(double step) =>
        Assert.Throws<ArgumentException>(() => new FloatDistribution(0, 1, step: step));

    [Fact]
    public void Constructor_InfiniteBound_Throws() =>
        Assert.Throws<ArgumentException>(() => new FloatDistribution(0, double.PositiveInfinity));

    [Fact]
    public void Constructor_StepNotDividingRange_LowersHighToLastGridPoint()
    {
        var d = new FloatDistribution(0, 1, step: 0.3);
        Assert.Equal(0.9, d.High, 12);
    }

    [Fact]
    public void Constructor_StepDividingRangeWithRoundoff_KeepsHigh()
    {
        var d = new FloatDistribution(0, 1, step: 0.1);
        Assert.Equal(1.0, d.High);
    }

    [Fact]
    public void Contains_OffGridOrOutside_False()
    {
        var d = new FloatDistribution(0, 1, step: 0.25);
        Assert.True(d.Contains(0.75));
        Assert.False(d.Contains(0.7));
        Assert.False(d.Contains(1.25));
        Assert.False(d.Contains(double.NaN));
    }

    [Fact]
    public void ToInternal_Number_ConvertsAnyNumericType()
    {
        var d = new FloatDistribution(0, 10);
        Assert.Equal(3.0, d.ToInternal(3));
        Assert.Equal(3.5, d.ToInternal(3.5f));
        Assert.Equal(4.0, d.ToInternal(4L));
    }

    [Fact]
    public void ToInternal_NotANumber_ThrowsNamingValue()
    {
        var ex = Assert.Throws<ArgumentException>(() => new FloatDistribution(0, 1).ToInternal("abc"));
        Assert.Contains("'abc'", ex.Message);
    }

    [Fact]
    public void Equals_SameSettings_True()
    {
        Assert.Equal(new FloatDistribution(0.1, 1, log: true), new FloatDistribution(0.1, 1, log: true));
        Assert.NotEqual(new FloatDistribution(0.1, 1, log: true), new FloatDistribution(0.1, 1));
    }

    [Fact]
    public void IsSingle_LowEqualsHigh_True() => Assert.True(new FloatDistribution(2, 2).IsSingle);
}
