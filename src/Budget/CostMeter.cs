namespace AutoVision.Budget;

/// <summary>
/// Measures what a unit of work (a training step, an image of inference) really costs on this machine now.
/// The CPU is shared and bursty (a step can be several times slower from one minute to the next), so the
/// estimate is deliberately pessimistic: the larger of a high percentile of the recent costs and the latest one.
/// </summary>
public sealed class CostMeter
{
    private readonly int _window;
    private readonly double _percentile;
    private readonly Queue<double> _recent = new();

    /// <param name="window">How many recent observations are kept.</param>
    /// <param name="percentile">Which percentile of them is the estimate (0..1).</param>
    public CostMeter(int window = 20, double percentile = 0.75)
    {
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window));
        if (percentile is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(percentile));
        _window = window;
        _percentile = percentile;
    }

    /// <summary>How many observations were made in all.</summary>
    public int Count { get; private set; }

    private double _latest;

    /// <summary>Records that <paramref name="units"/> units of work took <paramref name="duration"/>.</summary>
    public void Observe(TimeSpan duration, int units = 1)
    {
        if (units <= 0) throw new ArgumentOutOfRangeException(nameof(units), units, "At least one unit of work.");
        if (duration < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(duration));
        _latest = duration.TotalSeconds / units;
        _recent.Enqueue(_latest);
        while (_recent.Count > _window) _recent.Dequeue();
        Count++;
    }

    /// <summary>Estimated seconds per unit, or null before any observation.</summary>
    public double? SecondsPerUnit
    {
        get
        {
            if (_recent.Count == 0) return null;
            var sorted = _recent.ToArray();
            Array.Sort(sorted);
            double pos = _percentile * (sorted.Length - 1);
            int lo = (int)Math.Floor(pos), hi = (int)Math.Ceiling(pos);
            double q = sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
            return Math.Max(q, _latest);
        }
    }

    /// <summary>Estimated time for <paramref name="units"/> units, or <paramref name="fallback"/> before any observation.</summary>
    public TimeSpan Estimate(int units, TimeSpan fallback) =>
        SecondsPerUnit is { } s ? TimeSpan.FromSeconds(s * units) : fallback;

    /// <summary>How many units fit into <paramref name="available"/> (0 when none, <paramref name="fallback"/> before any observation).</summary>
    public int UnitsThatFit(TimeSpan available, int fallback)
    {
        if (SecondsPerUnit is not { } s) return fallback;
        if (available <= TimeSpan.Zero) return 0;
        return s <= 0 ? int.MaxValue : (int)Math.Min(int.MaxValue, Math.Floor(available.TotalSeconds / s));
    }
}
