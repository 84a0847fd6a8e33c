namespace AutoVision.Search.Internal;

/// <summary>Small floating-point helpers that stay accurate where the naive formulas lose digits.</summary>
internal static class Numerics
{
    /// <summary>log(1 + x), accurate for tiny x (Goldberg's correction).</summary>
    public static double Log1P(double x)
    {
        double u = 1.0 + x;
        if (u == 1.0) return x;
        return Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>exp(x) − 1, accurate for tiny x (Kahan's correction).</summary>
    public static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0) return x;
        double um1 = u - 1.0;
        if (um1 == -1.0) return -1.0;
        return um1 * x / Math.Log(u);
    }

    /// <summary>log(1 − exp(d)) for d ≤ 0; −∞ at d = 0.</summary>
    public static double Log1MExp(double d)
    {
        if (d >= 0) return double.NegativeInfinity;
        return d > -Math.Log(2.0) ? Math.Log(-ExpM1(d)) : Log1P(-Math.Exp(d));
    }

    /// <summary>log Σ exp(values[i]); −∞ for an empty or all −∞ input.</summary>
    public static double LogSumExp(ReadOnlySpan<double> values)
    {
        double max = double.NegativeInfinity;
        foreach (double v in values) if (v > max) max = v;
        if (double.IsNegativeInfinity(max)) return max;
        if (double.IsPositiveInfinity(max)) return max;
        double sum = 0;
        foreach (double v in values) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }
}
