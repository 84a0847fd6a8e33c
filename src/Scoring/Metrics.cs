namespace AutoVision.Scoring;

/// <summary>
/// The challenge scorer's metrics, reproduced operation by operation so that results agree with it bit for bit
/// where it is deterministic: NAUC (<see cref="Nauc"/>), accuracy (<see cref="Accuracy"/>) and the area under the
/// learning curve (<see cref="Alc"/>, and <see cref="AlcPlotVariant"/> as the platform's figure showed it). Matrices
/// are [examples, classes].
/// </summary>
public static partial class Metrics
{
    private static void CheckSameShape(double[,] solution, double[,] prediction)
    {
        ArgumentNullException.ThrowIfNull(solution);
        ArgumentNullException.ThrowIfNull(prediction);
        if (solution.GetLength(0) != prediction.GetLength(0) || solution.GetLength(1) != prediction.GetLength(1))
        {
            throw new ArgumentException(
                $"The prediction has shape {Shape(prediction)} but the solution has shape {Shape(solution)}; they must be equal.",
                nameof(prediction));
        }
    }

    internal static string Shape(double[,] m) => $"({m.GetLength(0)}, {m.GetLength(1)})";

    private static double[] Column(double[,] m, int j)
    {
        var column = new double[m.GetLength(0)];
        for (int i = 0; i < column.Length; i++) column[i] = m[i, j];
        return column;
    }
}
