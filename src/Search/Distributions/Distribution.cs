namespace AutoVision.Search;

/// <summary>
/// The space one parameter is drawn from. Every value has an internal representation as a double — the number
/// itself for floats and integers, the index of the choice for categoricals — which is what samplers and stores
/// work with; <see cref="ToExternal"/> gives back the value the objective sees.
/// </summary>
public abstract record Distribution
{
    private protected Distribution() { }

    /// <summary>True when the distribution holds a single value (nothing to sample).</summary>
    public abstract bool IsSingle { get; }

    /// <summary>The internal representation of a value the objective sees (or that was enqueued).</summary>
    /// <exception cref="ArgumentException">The value is of a kind this distribution cannot hold.</exception>
    public abstract double ToInternal(object? value);

    /// <summary>The value the objective sees for an internal representation.</summary>
    public abstract object? ToExternal(double internalValue);

    /// <summary>Whether an internal representation is a value of this distribution (in range, on the step grid).</summary>
    public abstract bool Contains(double internalValue);
}
