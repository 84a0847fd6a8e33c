namespace AutoVision.Scoring.Tests;

public class NumpySumTests
{
    [Theory]
    // np.sum(x) for Synthetic.Values(n), numpy 1.24.2; the plain running sum differs from 100 elements on.
    [InlineData(7, -74.01657383548067)]
    [InlineData(8, -74.01562239841427)]
    [InlineData(100, 2813.2066194251743)]
    [InlineData(129, 3121.033794846383)]
    [InlineData(1000, 25224.084835480673)]
    [InlineData(8192, 216701.61940931616)]
    [InlineData(8193, 216701.70107433104)]
    [InlineData(20000, 527191.4729722497)]
    public void Sum_SyntheticValues_MatchesNumpyBitForBit(int n, double expected)
    {
        Assert.Equal(expected, NumpySum.Sum(Synthetic.Values(n)));
    }

    [Fact]
    public void Sum_ThousandValues_DiffersFromARunningSum()
    {
        double[] values = Synthetic.Values(1000);
        double running = 0;
        foreach (double v in values) running += v;
        Assert.Equal(25224.08483548071, running);   // Python's sequential sum of the same values
        Assert.NotEqual(running, NumpySum.Sum(values));
    }

    [Fact]
    public void Sum_Empty_IsZero()
    {
        Assert.Equal(0.0, NumpySum.Sum([]));
    }
}
