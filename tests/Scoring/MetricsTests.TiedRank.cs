namespace AutoVision.Scoring.Tests;

public partial class MetricsTests
{
    [Fact]
    public void TiedRank_Ties_ShareTheirAverageRank()
    {
        // Sorted: 0.2, 0.2 | 0.5, 0.5, 0.5 | 0.9 -> ranks (1+2)/2, (3+4+5)/3, 6.
        Assert.Equal([4.0, 1.5, 4.0, 6.0, 4.0, 1.5], Metrics.TiedRank([0.5, 0.2, 0.5, 0.9, 0.5, 0.2]));
    }

    [Fact]
    public void TiedRank_NoTies_IsOneBasedOrder()
    {
        Assert.Equal([3.0, 1.0, 2.0], Metrics.TiedRank([0.9, -1.0, 0.0]));
    }

    [Fact]
    public void TiedRank_AllEqual_RunningAverageGivesTheMiddleRank()
    {
        // The running update R = R*(k-k0)/(k-k0+1) + (k+1)/(k-k0+1) lands exactly on (m+1)/2 here.
        Assert.Equal(Enumerable.Repeat(4.0, 7), Metrics.TiedRank(new double[7]));
        Assert.Equal(Enumerable.Repeat(2.0, 3), Metrics.TiedRank([0.25, 0.25, 0.25]));
    }

    [Fact]
    public void TiedRank_NaN_RanksLastAndNeverTies()
    {
        Assert.Equal([2.5, 4.0, 1.0, 2.5], Metrics.TiedRank([0.3, double.NaN, 0.1, 0.3]));
        Assert.Equal([3.0, 1.5, 4.0, 1.5], Metrics.TiedRank([double.NaN, 0.0, double.NaN, -0.0]));
    }

    [Fact]
    public void TiedRank_TwentyValuesWithNaNsAndInfinities_MatchesTheScorerBitForBit()
    {
        // Column 0 of DirectoryScorerTests' NaN prediction; ranks from the scorer's tiedrank (numpy 1.24.2). The NaNs
        // (ranks 12..20) are not in input order: numpy's argsort partitions above 16 values.
        double n = double.NaN, inf = double.PositiveInfinity;
        double[] a = [n, 0.9, n, inf, 0.1, n, 0.5, n, -inf, 0.5, n, 0.3, n, 0.7, inf, n, 0.2, n, 0.8, n];
        Assert.Equal(
            [14.0, 9.0, 18.0, 10.5, 2.0, 17.0, 5.5, 16.0, 1.0, 5.5, 15.0, 4.0, 19.0, 7.0, 10.5, 13.0, 3.0, 12.0, 8.0, 20.0],
            Metrics.TiedRank(a));
    }

    [Fact]
    public void TiedRank_NegativeZero_TiesWithZero()
    {
        Assert.Equal([1.5, 1.5], Metrics.TiedRank([0.0, -0.0]));
    }

    [Fact]
    public void TiedRank_Empty_IsEmpty()
    {
        Assert.Empty(Metrics.TiedRank([]));
    }

    [Fact]
    public void TiedRank_LongRunOfTies_IsFastAndCorrect()
    {
        double[] ranks = Metrics.TiedRank(new double[200_000]);
        Assert.Equal(100_000.5, ranks[0], 6);
        Assert.All(ranks, r => Assert.Equal(ranks[0], r));
    }
}
