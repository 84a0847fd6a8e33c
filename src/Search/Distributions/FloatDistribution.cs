using System.Globalization;

namespace AutoVision.Search;

/// <summary>
/// Real numbers in [<see cref="Low"/>, <see cref="High"/>]: uniform, log-uniform (<see cref="Log"/>) or on a grid of
/// <see cref="Step"/>. When a step does not divide the range, <see cref="High"/> is lowered to the last grid point,
/// as Optuna does.
/// </summary>
public sealed record FloatDistribution : Distribution
{
    public FloatDistribution(double low, double high, bool log = false, double? step = null)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high))
            throw new ArgumentException($"A float distribution needs finite bounds; got low={Fmt(low)}, high={Fmt(high)}.");
        if (low > high)
            throw new ArgumentException($"A float distribution needs low <= high; got low={Fmt(low)}, high={Fmt(high)}.");
        if (log && step is not null)
            throw new ArgumentException($"A float distribution cannot be both log-scaled and stepped (step={Fmt(step.Value)}).");
        if (log && low <= 0)
            throw new ArgumentException($"A log-scaled float distribution needs low > 0; got low={Fmt(low)}.");
        if (step is { } s && !(s > 0 && double.IsFinite(s)))
            throw new ArgumentException($"A float distribution's step must be a positive finite number; got step={Fmt(s)}.");

        Low = low;
        High = step is { } st ? LastGridPoint(low, high, st) : high;
        Log = log;
        Step = step;
    }

    public double Low { get; }
    public double High { get; }
    public bool Log { get; }
    public double? Step { get; }

    public override bool IsSingle => Low == High;

    public override double ToInternal(object? value) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        short s => s,
        byte b => b,
        decimal m => (double)m,
        _ => throw new ArgumentException($"{Describe(value)} is not a number, so it is not a value of {this}."),
    };

    public override object? ToExternal(double internalValue) => internalValue;

    public override bool Contains(double internalValue)
    {
        if (!(internalValue >= Low && internalValue <= High)) return false;
        if (Step is not { } step) return true;
        double k = (internalValue - Low) / step;
        return Math.Abs(k - Math.Round(k)) <= 1e-8 * Math.Max(1.0, Math.Abs(k));
    }

    public override string ToString() =>
        $"FloatDistribution(low={Fmt(Low)}, high={Fmt(High)}, log={(Log ? "true" : "false")}, step={(Step is { } s ? Fmt(s) : "null")})";

    private static double LastGridPoint(double low, double high, double step)
    {
        double ratio = (high - low) / step;
        double nearest = Math.Round(ratio);
        if (Math.Abs(ratio - nearest) <= 1e-9 * Math.Max(1.0, nearest)) return high;
        return low + Math.Floor(ratio) * step;
    }

    internal static string Fmt(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    internal static string Describe(object? value) =>
        value is null ? "null" : $"'{Convert.ToString(value, CultureInfo.InvariantCulture)}' ({value.GetType().Name})";
}
