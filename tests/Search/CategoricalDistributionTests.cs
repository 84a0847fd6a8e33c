namespace AutoVision.Search.Tests;

public class CategoricalDistributionTests
{
    [Fact]
    public void Constructor_NoChoices_Throws() =>
        Assert.Throws<ArgumentException>(() => new CategoricalDistribution([]));

    [Fact]
    public void Constructor_DuplicateChoice_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CategoricalDistribution(["a", "b", "a"]));
        Assert.Contains("choice 2", ex.Message);
    }

    [Fact]
    public void Constructor_UnsupportedType_ThrowsNamingType()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CategoricalDistribution([1, DateTime.UnixEpoch]));
        Assert.Contains("DateTime", ex.Message);
    }

    [Fact]
    public void ToInternal_Choice_ReturnsIndex()
    {
        var d = new CategoricalDistribution(["sgd", null, 3, true]);
        Assert.Equal(0, d.ToInternal("sgd"));
        Assert.Equal(1, d.ToInternal(null));
        Assert.Equal(2, d.ToInternal(3L));
        Assert.Equal(3, d.ToInternal(true));
    }

    [Fact]
    public void ToInternal_UnknownChoice_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CategoricalDistribution(["a"]).ToInternal("z"));
        Assert.Contains("'z'", ex.Message);
    }

    [Fact]
    public void ToExternal_Index_ReturnsChoiceWithItsType() =>
        Assert.Equal(2.5, new CategoricalDistribution(["x", 2.5]).ToExternal(1));

    [Fact]
    public void Equals_SameChoices_TrueOtherwiseFalse()
    {
        Assert.Equal(new CategoricalDistribution(["a", 1]), new CategoricalDistribution(["a", 1]));
        Assert.Equal(new CategoricalDistribution(["a", 1]).GetHashCode(), new CategoricalDistribution(["a", 1]).GetHashCode());
        Assert.NotEqual(new CategoricalDistribution(["a", 1]), new CategoricalDistribution([1, "a"]));
        Assert.NotEqual(new CategoricalDistribution([1]), new CategoricalDistribution([1.0]));
    }

    [Fact]
    public void Contains_IndexOutOfRange_False()
    {
        var d = new CategoricalDistribution(["a", "b"]);
        Assert.True(d.Contains(1));
        Assert.False(d.Contains(2));
        Assert.False(d.Contains(0.5));
    }
}
