namespace AutoVision.Scoring.Tests;

/// <summary>
/// Deterministic inputs built only from integer arithmetic and one correctly rounded operation per value, so that
/// the same formulas in Python give bit-identical arrays: expected values in the tests were computed there with
/// numpy 1.24.2 and a line-by-line replica of the challenge scorer, and pasted as literals.
/// </summary>
internal static class Synthetic
{
    private static readonly double[] Scales = [1e-3, 1e-2, 0.1, 1.0, 10.0, 100.0, 1000.0];

    /// <summary>x_k = ±((k*7919 + 13) mod 1009) / 1009 * scale[k mod 7], negative when k mod 3 = 0.</summary>
    public static double[] Values(int n)
    {
        var values = new double[n];
        for (int k = 0; k < n; k++)
        {
            double x = ((k * 7919 + 13) % 1009) / 1009.0 * Scales[k % 7];
            values[k] = k % 3 == 0 ? -x : x;
        }
        return values;
    }

    /// <summary>A one-hot solution over the first <paramref name="classes"/> - 1 columns (the last never occurs), and a
    /// prediction with many ties: ((i*7919 + j*104729 + 13) mod 37) / 37, plus 0.25 on the true class.</summary>
    public static (double[,] Solution, double[,] Prediction) Task(int n, int classes)
    {
        var solution = new double[n, classes];
        var prediction = new double[n, classes];
        for (int i = 0; i < n; i++)
        {
            solution[i, (i * 31 + 7) % (classes - 1)] = 1.0;
            for (int j = 0; j < classes; j++)
            {
                prediction[i, j] = ((i * 7919 + j * 104729 + 13) % 37) / 37.0 + (solution[i, j] == 1 ? 0.25 : 0.0);
            }
        }
        return (solution, prediction);
    }
}
