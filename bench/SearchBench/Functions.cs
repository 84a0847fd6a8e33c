using AutoVision.Search;

namespace AutoVision.SearchBench;

/// <summary>
/// The benchmark's test functions, each a define-by-run objective to minimise. bench/search/optuna_bench.py defines
/// the same ones with the same parameter names, ranges and formulas.
/// </summary>
internal static class Functions
{
    public static readonly IReadOnlyDictionary<string, Func<Trial, double>> All = new Dictionary<string, Func<Trial, double>>
    {
        ["branin"] = Branin,
        ["hartmann6"] = Hartmann6,
        ["rosenbrock10"] = Rosenbrock10,
        ["mixed"] = Mixed,
    };

    /// <summary>Branin on [−5, 10] × [0, 15]; minimum 0.397887 at three points.</summary>
    public static double Branin(Trial t)
    {
        double x1 = t.SuggestFloat("x1", -5, 10), x2 = t.SuggestFloat("x2", 0, 15);
        const double a = 1, b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, r = 6, s = 10, tt = 1 / (8 * Math.PI);
        double u = x2 - b * x1 * x1 + c * x1 - r;
        return a * u * u + s * (1 - tt) * Math.Cos(x1) + s;
    }

    private static readonly double[] Alpha = [1.0, 1.2, 3.0, 3.2];
    private static readonly double[,] A =
    {
        { 10, 3, 17, 3.5, 1.7, 8 }, { 0.05, 10, 17, 0.1, 8, 14 }, { 3, 3.5, 1.7, 10, 17, 8 }, { 17, 8, 0.05, 10, 0.1, 14 },
    };
    private static readonly double[,] P =
    {
        { 0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886 }, { 0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991 },
        { 0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650 }, { 0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381 },
    };

    /// <summary>Hartmann-6 on [0, 1]^6; minimum −3.32237.</summary>
    public static double Hartmann6(Trial t)
    {
        var x = new double[6];
        for (int j = 0; j < 6; j++) x[j] = t.SuggestFloat($"x{j}", 0, 1);
        double sum = 0;
        for (int i = 0; i < 4; i++)
        {
            double inner = 0;
            for (int j = 0; j < 6; j++) inner += A[i, j] * (x[j] - P[i, j]) * (x[j] - P[i, j]);
            sum += Alpha[i] * Math.Exp(-inner);
        }
        return -sum;
    }

    /// <summary>Rosenbrock in 10 dimensions on [−5, 10]^10; minimum 0 at (1, …, 1).</summary>
    public static double Rosenbrock10(Trial t)
    {
        var x = new double[10];
        for (int j = 0; j < 10; j++) x[j] = t.SuggestFloat($"x{j}", -5, 10);
        double sum = 0;
        for (int j = 0; j < 9; j++) sum += 100 * Math.Pow(x[j + 1] - x[j] * x[j], 2) + Math.Pow(1 - x[j], 2);
        return sum;
    }

    /// <summary>
    /// A hyperparameter-like mixed space: a float, a log-scaled float whose best value depends on a categorical
    /// (the optimiser), a stepped int and a four-way categorical. Minimum 0 (optimizer adam, lr 1e-4, x 1.5,
    /// k 7, act gelu).
    /// </summary>
    public static double Mixed(Trial t)
    {
        string optimizer = t.SuggestCategorical("optimizer", new[] { "sgd", "adam" });
        double lr = t.SuggestFloat("lr", 1e-6, 1, log: true);
        double x = t.SuggestFloat("x", -5, 5);
        int k = t.SuggestInt("k", 1, 31, step: 2);
        string act = t.SuggestCategorical("act", new[] { "relu", "gelu", "tanh", "sigmoid" });
        double lrTerm = optimizer == "adam" ? Math.Pow(Math.Log10(lr) + 4, 2) : 0.2 + Math.Pow(Math.Log10(lr) + 2, 2);
        double actTerm = act switch { "gelu" => 0, "relu" => 0.5, "tanh" => 1, _ => 2 };
        return lrTerm + (x - 1.5) * (x - 1.5) + (k - 7) * (k - 7) / 10.0 + actTerm;
    }
}
