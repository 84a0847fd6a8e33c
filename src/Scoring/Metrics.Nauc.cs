namespace AutoVision.Scoring;

public static partial class Metrics
{
    /// <summary>
    /// The label columns that hold both classes: those whose sum is close neither to 0 nor to the number of rows,
    /// with numpy's <c>isclose</c> defaults (|a - b| &lt;= 1e-8 + 1e-5 * |b|). Columns with no positive or no
    /// negative example are left out of NAUC altogether. Sums run down each column in row order, as numpy's.
    /// </summary>
    public static int[] ValidColumns(double[,] solution)
    {
        ArgumentNullException.ThrowIfNull(solution);
        int n = solution.GetLength(0), labels = solution.GetLength(1);
        var valid = new List<int>(labels);
        for (int j = 0; j < labels; j++)
        {
            double sum = 0.0;
            for (int i = 0; i < n; i++) sum += solution[i, j];
            // The scorer keeps a column where 1 - isclose(sum, 0) - isclose(sum, n) is non-zero.
            int keep = 1 - (IsClose(sum, 0) ? 1 : 0) - (IsClose(sum, n) ? 1 : 0);
            if (keep != 0) valid.Add(j);
        }
        return valid.ToArray();
    }

    /// <summary>
    /// Normalised AUC, 2 * AUC - 1, averaged over the valid label columns (<see cref="ValidColumns"/>) with no weights:
    /// per column, AUC = (sum of the tied ranks of the positives - npos(npos+1)/2) / (nneg * npos), where a positive
    /// is a solution value equal to 1 and a negative one below 1; the mean is the scorer's running mean.
    /// Constant predictions give 0, perfect ones 1.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ; the message gives both.</exception>
    /// <exception cref="InvalidOperationException">No column holds both classes (the scorer fails there too).</exception>
    public static double Nauc(double[,] solution, double[,] prediction)
    {
        CheckSameShape(solution, prediction);
        int[] valid = ValidColumns(solution);
        if (valid.Length == 0)
        {
            throw new InvalidOperationException(
                $"NAUC is undefined: none of the {solution.GetLength(1)} label columns of the solution {Shape(solution)} has both a positive and a negative example.");
        }
        var aucs = new double[valid.Length];
        for (int k = 0; k < valid.Length; k++)
        {
            aucs[k] = ColumnAuc(Column(solution, valid[k]), Column(prediction, valid[k]));
        }
        return 2 * RunningMean(aucs) - 1;
    }

    private static double ColumnAuc(double[] solution, double[] prediction)
    {
        double[] ranks = TiedRank(prediction);
        long positives = 0, negatives = 0;
        double positiveRankSum = 0.0;
        for (int i = 0; i < solution.Length; i++)
        {
            if (solution[i] == 1)
            {
                positives++;
                positiveRankSum += ranks[i];
            }
            if (solution[i] < 1) negatives++;
        }
        return (positiveRankSum - (double)(positives * (positives + 1)) / 2) / (negatives * positives);
    }

    /// <summary>The scorer's running mean: m_0 = x_0, m_j = (j/(j+1)) * m_(j-1) + (1/(j+1)) * x_j.</summary>
    internal static double RunningMean(IReadOnlyList<double> x)
    {
        double mean = x[0];
        for (int j = 1; j < x.Count; j++) mean = (j / (j + 1.0)) * mean + (1.0 / (j + 1)) * x[j];
        return mean;
    }

    /// <summary>numpy's <c>isclose(a, b)</c> with its default tolerances, for a finite <paramref name="b"/>.</summary>
    private static bool IsClose(double a, double b) => Math.Abs(a - b) <= 1e-8 + 1e-5 * Math.Abs(b);
}
