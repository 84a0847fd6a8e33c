namespace AutoVision.Budget;

/// <summary>
/// Measured costs per (operation, input size, batch), each a pessimistic <see cref="CostMeter"/>, times an
/// overrun margin: after each planned piece of work the caller reports planned and actual time; the margin is
/// the largest recent actual/planned ratio, at least 1 and at most <see cref="CostModelOptions.MaxOverrunMargin"/>.
/// Plans that ran long recently make the next estimates longer; plans on time bring the margin back to 1.
/// </summary>
public sealed class CostModel
{
    private readonly Dictionary<CostKey, CostMeter> _meters = new();
    private readonly Queue<double> _overruns = new();
    private readonly object _gate = new();

    public CostModel(CostModelOptions? options = null)
    {
        Options = options ?? new CostModelOptions();
        if (Options.Window < 1) throw new ArgumentOutOfRangeException(nameof(options), "Window must be at least 1.");
        if (Options.OverrunWindow < 1) throw new ArgumentOutOfRangeException(nameof(options), "OverrunWindow must be at least 1.");
        if (Options.MaxOverrunMargin < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxOverrunMargin must be at least 1.");
    }

    public CostModelOptions Options { get; }

    /// <summary>Multiplier applied to every estimate (≥ 1).</summary>
    public double OverrunMargin
    {
        get
        {
            lock (_gate)
                return _overruns.Count == 0 ? 1.0 : Math.Clamp(_overruns.Max(), 1.0, Options.MaxOverrunMargin);
        }
    }

    /// <summary>Records that <paramref name="units"/> units of <paramref name="key"/> took <paramref name="duration"/>.</summary>
    public void Observe(CostKey key, TimeSpan duration, int units = 1)
    {
        lock (_gate)
        {
            if (!_meters.TryGetValue(key, out var meter))
                _meters[key] = meter = new CostMeter(Options.Window, Options.Percentile);
            meter.Observe(duration, units);
        }
    }

    /// <summary>Records how long a planned piece of work really took (feeds <see cref="OverrunMargin"/>).</summary>
    public void ObservePlan(TimeSpan planned, TimeSpan actual)
    {
        if (planned <= TimeSpan.Zero || actual < TimeSpan.Zero) return;
        lock (_gate)
        {
            _overruns.Enqueue(actual / planned);
            while (_overruns.Count > Options.OverrunWindow) _overruns.Dequeue();
        }
    }

    /// <summary>Observations made for <paramref name="key"/>.</summary>
    public int Count(CostKey key) { lock (_gate) return _meters.TryGetValue(key, out var m) ? m.Count : 0; }

    /// <summary>Estimated seconds per unit (margin included), or null before any observation.</summary>
    public double? SecondsPerUnit(CostKey key)
    {
        double? raw;
        lock (_gate) raw = _meters.TryGetValue(key, out var m) ? m.SecondsPerUnit : null;
        return raw * OverrunMargin;
    }

    /// <summary>Estimated time for <paramref name="units"/> units, or <paramref name="fallback"/> before any observation.</summary>
    public TimeSpan Estimate(CostKey key, int units, TimeSpan fallback) =>
        SecondsPerUnit(key) is { } s ? TimeSpan.FromSeconds(s * units) : fallback;

    /// <summary>Units that fit into <paramref name="available"/> (0 when none; <paramref name="fallback"/> before any observation).</summary>
    public int UnitsThatFit(CostKey key, TimeSpan available, int fallback)
    {
        if (SecondsPerUnit(key) is not { } s) return fallback;
        if (available <= TimeSpan.Zero) return 0;
        return s <= 0 ? int.MaxValue : (int)Math.Min(int.MaxValue, Math.Floor(available.TotalSeconds / s));
    }
}
