using AutoVision.Transfer.Nas;

namespace AutoVision.Transfer.Tests.Nas;

public sealed class NasPolicyTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(1200);

    [Fact]
    public void Decide_Off_NeverSearches() =>
        Assert.False(NasPolicy.Decide(NasMode.Off, Long, 50_000, 256).Search);

    [Fact]
    public void Decide_On_SearchesForTheBudgetShare()
    {
        var d = NasPolicy.Decide(NasMode.On, TimeSpan.FromSeconds(120), 200, 20);
        Assert.True(d.Search);
        Assert.Equal(TimeSpan.FromSeconds(18), d.Slice);
    }

    [Fact]
    public void Decide_OnWithoutHeldOutData_DoesNotSearch()
    {
        var d = NasPolicy.Decide(NasMode.On, Long, 200, 0);
        Assert.False(d.Search);
        Assert.Contains("held-out", d.Reason);
    }

    [Theory]
    [InlineData(120, 50_000, 256, false)]   // the default budget is too short
    [InlineData(599, 50_000, 256, false)]
    [InlineData(600, 50_000, 256, true)]
    [InlineData(1200, 999, 256, false)]     // too few training examples
    [InlineData(1200, 1000, 99, false)]     // too few held-out examples
    [InlineData(1200, 1000, 100, true)]
    public void Decide_Auto_FollowsBudgetAndDatasetSize(int seconds, int train, int validation, bool search)
    {
        var d = NasPolicy.Decide(NasMode.Auto, TimeSpan.FromSeconds(seconds), train, validation);
        Assert.Equal(search, d.Search);
        Assert.Equal(search ? NasPolicy.SliceFor(TimeSpan.FromSeconds(seconds)) : TimeSpan.Zero, d.Slice);
        Assert.StartsWith("--nas auto", d.Reason);
    }

    [Fact]
    public void SliceFor_LongBudget_IsCapped()
    {
        Assert.Equal(TimeSpan.FromSeconds(90), NasPolicy.SliceFor(TimeSpan.FromSeconds(600)));
        Assert.Equal(NasPolicy.MaxSlice, NasPolicy.SliceFor(TimeSpan.FromHours(2)));
        Assert.Equal(TimeSpan.Zero, NasPolicy.SliceFor(TimeSpan.Zero));
    }

    [Theory]
    [InlineData("off", NasMode.Off)]
    [InlineData("ON", NasMode.On)]
    [InlineData(" auto ", NasMode.Auto)]
    public void Parse_KnownValues(string text, NasMode expected) => Assert.Equal(expected, NasPolicy.Parse(text));

    [Fact]
    public void Parse_Unknown_NamesTheValueAndTheChoices()
    {
        var e = Assert.Throws<FormatException>(() => NasPolicy.Parse("sometimes"));
        Assert.Contains("'sometimes'", e.Message);
        Assert.Contains("off, on, auto", e.Message);
    }
}
