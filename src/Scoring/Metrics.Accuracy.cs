namespace AutoVision.Scoring;

public static partial class Metrics
{
    /// <summary>True when every row of the solution is one-hot (L1 norm = L-infinity norm = 1): a multiclass task,
    /// for which the scorer also reports accuracy. An empty solution counts as multiclass, as in the scorer.</summary>
    public static bool IsMulticlass(double[,] solution)
    {
        ArgumentNullException.ThrowIfNull(solution);
        int n = solution.GetLength(0), labels = solution.GetLength(1);
        var absRow = new double[labels];
        for (int i = 0; i < n; i++)
        {
            double max = 0.0;
            for (int j = 0; j < labels; j++)
            {
                double v = Math.Abs(solution[i, j]);
                if (double.IsNaN(v)) return false;
                absRow[j] = v;
                max = Math.Max(max, v);
            }
            if (NumpySum.Sum(absRow) != 1 || max != 1) return false;
        }
        return true;
    }

    /// <summary>
    /// The scorer's accuracy: each prediction row is divided by its L1 norm plus 1e-15, multiplied element-wise by
    /// the solution, and the whole is summed and divided by the number of rows. Sums follow numpy's summation order
    /// (see <see cref="NumpySum"/>), so results agree with the scorer bit for bit.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ; the message gives both.</exception>
    public static double Accuracy(double[,] solution, double[,] prediction)
    {
        CheckSameShape(solution, prediction);
        int n = solution.GetLength(0), labels = solution.GetLength(1);
        var absRow = new double[labels];
        var products = new double[n * labels];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < labels; j++) absRow[j] = Math.Abs(prediction[i, j]);
            double norm = NumpySum.Sum(absRow) + 1e-15;
            for (int j = 0; j < labels; j++) products[i * labels + j] = solution[i, j] * (prediction[i, j] / norm);
        }
        return NumpySum.Sum(products) / n;
    }
}
