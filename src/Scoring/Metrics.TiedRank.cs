namespace AutoVision.Scoring;

public static partial class Metrics
{
    /// <summary>
    /// Ranks with base 1, ties sharing their average rank, computed exactly as the scorer's <c>tiedrank</c>: ranks
    /// 1..m in the order of numpy's <c>argsort</c> (ascending, NaN last), then, walking a run of equal values from
    /// k0 to k, every rank of the run is set to <c>R[k-1]*(k-k0)/(k-k0+1) + R[k]/(k-k0+1)</c>. Infinities are
    /// ordinary values (equal infinities tie). NaNs never tie, not even with each other: they take the last ranks,
    /// one each, in the order numpy's introsort leaves them (<see cref="NumpyArgSort"/>), which is the input order
    /// for up to 16 values but not beyond; that order is reproduced, so NAUC with NaN scores is the scorer's too.
    /// </summary>
    public static double[] TiedRank(double[] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int m = a.Length;
        int[] order = NumpyArgSort.ArgSort(a);

        double[] ranks = new double[m];
        for (int k = 0; k < m; k++) ranks[k] = k + 1;
        if (m > 0)
        {
            // Every rank of a run of ties holds the same value, so the run's value is kept in one variable and
            // written once the run ends: the arithmetic is the scorer's, without its quadratic rewriting.
            double oldValue = a[order[0]];
            double runRank = ranks[0];
            int k0 = 0;
            for (int k = 1; k < m; k++)
            {
                double newValue = a[order[k]];
                if (newValue == oldValue)
                {
                    runRank = runRank * (k - k0) / (k - k0 + 1) + ranks[k] / (k - k0 + 1);
                }
                else
                {
                    Fill(ranks, k0, k, runRank);
                    k0 = k;
                    oldValue = newValue;
                    runRank = ranks[k];
                }
            }
            Fill(ranks, k0, m, runRank);
        }

        double[] result = new double[m];
        for (int k = 0; k < m; k++) result[order[k]] = ranks[k];
        return result;
    }

    private static void Fill(double[] ranks, int start, int end, double value)
    {
        for (int j = start; j < end; j++) ranks[j] = value;
    }
}
