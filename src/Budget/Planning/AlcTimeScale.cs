namespace AutoVision.Budget;

/// <summary>
/// The ALC's time axis: a prediction at elapsed time t sits at x(t) = ln(1 + t/t0) / ln(1 + T/t0) in [0, 1],
/// and the ALC is the area under the step curve of score against x. Early time is worth far more than late time.
/// </summary>
public readonly record struct AlcTimeScale
{
    public AlcTimeScale(TimeSpan total, TimeSpan? t0 = null)
    {
        if (total <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(total), total, "The budget must be positive.");
        var t = t0 ?? total / 20;   // the official 60 s of 1200 s
        if (t <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(t0), t0, "t0 must be positive.");
        Total = total;
        T0 = t;
    }

    public TimeSpan Total { get; }
    public TimeSpan T0 { get; }

    private double Norm => Math.Log(1 + Total / T0);

    /// <summary>x(t), clamped to [0, 1].</summary>
    public double Transform(TimeSpan elapsed)
    {
        if (elapsed <= TimeSpan.Zero) return 0;
        if (elapsed >= Total) return 1;
        return Math.Log(1 + elapsed / T0) / Norm;
    }

    /// <summary>The elapsed time whose transformed time is <paramref name="x"/> (clamped to [0, 1]).</summary>
    public TimeSpan Inverse(double x)
    {
        x = Math.Clamp(x, 0, 1);
        return T0 * (Math.Exp(x * Norm) - 1);
    }
}
