namespace AutoVision.Budget;

/// <summary>
/// One named phase of a <see cref="PhasePlan"/>: its length is a fraction of the whole budget, an absolute
/// length, or both (the smaller wins); a <see cref="Rest"/> phase takes whatever the others leave.
/// </summary>
public sealed record PhaseSpec
{
    private PhaseSpec(string name, double? fraction, TimeSpan? cap, bool isRest)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (fraction is { } f && (double.IsNaN(f) || f < 0 || f > 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "A phase's fraction lies in [0, 1].");
        if (cap is { } c && c < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(cap), cap, "A phase's length cannot be negative.");
        Name = name;
        Fraction = fraction;
        Cap = cap;
        IsRest = isRest;
    }

    public string Name { get; }

    /// <summary>Share of the whole budget (null: none).</summary>
    public double? Fraction { get; }

    /// <summary>Absolute upper bound on the length (null: none).</summary>
    public TimeSpan? Cap { get; }

    /// <summary>Takes what the other phases leave (at most one per plan).</summary>
    public bool IsRest { get; }

    /// <summary>A phase of <paramref name="fraction"/> of the budget, at most <paramref name="cap"/> when given.</summary>
    public static PhaseSpec OfFraction(string name, double fraction, TimeSpan? cap = null) => new(name, fraction, cap, false);

    /// <summary>A phase of a fixed length.</summary>
    public static PhaseSpec OfLength(string name, TimeSpan length) => new(name, null, length, false);

    /// <summary>A phase that takes the time the other phases leave, at most <paramref name="cap"/> when given.</summary>
    public static PhaseSpec Rest(string name, TimeSpan? cap = null) => new(name, null, cap, true);

    internal TimeSpan Length(TimeSpan total)
    {
        var length = Fraction is { } f ? total * f : Cap ?? TimeSpan.Zero;
        if (Cap is { } c && c < length) length = c;
        return length;
    }
}
