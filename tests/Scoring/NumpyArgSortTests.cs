namespace AutoVision.Scoring.Tests;

// Expected orders were printed by numpy 1.24.2: np.argsort(a) (the default kind) of the same float64 values.
public class NumpyArgSortTests
{
    private const double N = double.NaN;

    [Fact]
    public void ArgSort_Empty_IsEmpty()
    {
        Assert.Empty(NumpyArgSort.ArgSort([]));
    }

    [Fact]
    public void ArgSort_InfinitiesAndNaN_SortAsNumpyFloats()
    {
        // -inf < -0.0 == 0.0 < 0.5 < inf == inf < nan; up to 16 values the insertion sort keeps equal values in order.
        Assert.Equal([4, 1, 2, 5, 0, 6, 3], NumpyArgSort.ArgSort([double.PositiveInfinity, -0.0, 0.0, N, double.NegativeInfinity, 0.5, double.PositiveInfinity]));
    }

    [Fact]
    public void ArgSort_SixteenNaNs_KeepTheirInputOrder()
    {
        Assert.Equal(Enumerable.Range(0, 16), NumpyArgSort.ArgSort(Enumerable.Repeat(N, 16).ToArray()));
    }

    [Fact]
    public void ArgSort_TwentyNaNsAndANumber_GivesNumpysPartitionOrder()
    {
        // Above 16 values the median-of-three partition reorders the NaNs, which never compare less.
        double[] a = [.. Enumerable.Repeat(N, 20), 0.5];
        Assert.Equal([20, 18, 17, 16, 15, 14, 13, 12, 11, 19, 0, 8, 7, 6, 5, 4, 3, 2, 1, 9, 10], NumpyArgSort.ArgSort(a));
    }

    [Fact]
    public void ArgSort_MedianOfThreeKiller_FallsBackToHeapsortLikeNumpy()
    {
        // A 64-value input built by McIlroy's quicksort adversary against numpy's sort (values >= 48 then made NaN):
        // the partitions degenerate, the depth limit 2 * floor(log2 64) = 12 is passed and numpy heapsorts the
        // range 26..63; the NaNs come out in the heap's order.
        double[] a =
        [
            0, N, 2, N, 4, N, 6, N, 8, N, 10, N, 12, N, 14, N, 16, N, 18, N, 20, 47, 22, 46, 24, 27, N, N, N, N, N, 1,
            3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30,
            29, 28, N, 26,
        ];
        int[] numpy =
        [
            0, 31, 2, 32, 4, 33, 6, 34, 8, 35, 10, 36, 12, 37, 14, 38, 16, 39, 18, 40, 20, 41, 22, 42, 24, 43, 63, 25,
            61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 23, 21, 17, 15, 1, 13, 11, 62, 28, 9,
            7, 30, 5, 19, 3, 29, 27, 26,
        ];
        Assert.Equal(numpy, NumpyArgSort.ArgSort(a));
    }

    [Fact]
    public void ArgSort_AllEqual_IsAPermutationQuickly()
    {
        int[] order = NumpyArgSort.ArgSort(new double[200_000]);
        Assert.Equal(Enumerable.Range(0, 200_000), order.Order());
    }
}
