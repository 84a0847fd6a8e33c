namespace AutoVision.Search;

/// <summary>
/// A float or int distribution seen from a sampler: a continuous interval [<see cref="Lower"/>, <see cref="Upper"/>]
/// in transformed coordinates (the logarithm for log scales), optionally with a grid of <see cref="Step"/> whose
/// points sit at the centres of cells that tile the interval. A stepped range [low, high] becomes
/// [low − step/2, high + step/2]; a log-scaled int range becomes [log(low − ½), log(high + ½)], so every value keeps
/// an equal share of the interval.
/// </summary>
internal sealed class NumericSpace
{
    private readonly double _low, _high;
    private readonly bool _log, _integer;

    private NumericSpace(double low, double high, bool log, double? step, bool integer)
    {
        _low = low;
        _high = high;
        _log = log;
        _integer = integer;
        if (log)
        {
            Lower = integer ? Math.Log(low - 0.5) : Math.Log(low);
            Upper = integer ? Math.Log(high + 0.5) : Math.Log(high);
        }
        else if (step is { } s)
        {
            Step = s;
            Lower = low - 0.5 * s;
            Upper = high + 0.5 * s;
        }
        else
        {
            Lower = low;
            Upper = high;
        }
    }

    public double Lower { get; }
    public double Upper { get; }

    /// <summary>The grid step in transformed coordinates, or null when the transformed space is continuous.</summary>
    public double? Step { get; }

    public static NumericSpace For(Distribution distribution) => distribution switch
    {
        FloatDistribution f => new NumericSpace(f.Low, f.High, f.Log, f.Step, integer: false),
        IntDistribution i => new NumericSpace(i.Low, i.High, i.Log, i.Log ? null : i.Step, integer: true),
        _ => throw new ArgumentException($"{distribution} is not numeric.", nameof(distribution)),
    };

    /// <summary>An internal value in transformed coordinates.</summary>
    public double Transform(double internalValue) => _log ? Math.Log(internalValue) : internalValue;

    /// <summary>
    /// The log of a normal kernel (<paramref name="mu"/>, <paramref name="sigma"/>) truncated to this space, at a
    /// point <paramref name="x"/> in transformed coordinates — the mass of the point's grid cell on a stepped space —
    /// before dividing by the kernel's mass in the space (the caller keeps that, once per kernel).
    /// <paramref name="logSigma"/> is the density's −log σ term, or 0 to give every kernel the same peak height.
    /// </summary>
    public double UntruncatedKernelLog(double x, double mu, double sigma, double logSigma) => Step is { } step
        ? Internal.Normal.LogMass((Math.Max(x - 0.5 * step, Lower) - mu) / sigma, (Math.Min(x + 0.5 * step, Upper) - mu) / sigma)
        : Internal.Normal.LogPdf((x - mu) / sigma) - logSigma;

    /// <summary>The internal value for a point of the transformed interval: rounded to the grid and clipped.</summary>
    public double Untransform(double x)
    {
        if (_log)
        {
            double v = Math.Exp(x);
            if (_integer) v = Math.Round(v);
            return Math.Clamp(v, _low, _high);
        }
        if (Step is { } step)
        {
            double last = Math.Round((_high - _low) / step);
            double k = Math.Clamp(Math.Round((x - _low) / step), 0, last);
            return k == last ? _high : _low + k * step;
        }
        return Math.Clamp(x, _low, _high);
    }
}
