namespace AutoVision.Budget.Resilience;

/// <summary>The last value a phase produced successfully (e.g. the last good predictions): what a fallback hands back.</summary>
public sealed class LastGood<T>
{
    private readonly object _gate = new();
    private T? _value;
    private bool _has;

    public bool HasValue { get { lock (_gate) return _has; } }

    /// <summary>The value, when there is one.</summary>
    public bool TryGet(out T value)
    {
        lock (_gate)
        {
            value = _value!;
            return _has;
        }
    }

    /// <summary>Remembers <paramref name="value"/> as the last good one.</summary>
    public void Remember(T value)
    {
        lock (_gate)
        {
            _value = value;
            _has = true;
        }
    }
}
