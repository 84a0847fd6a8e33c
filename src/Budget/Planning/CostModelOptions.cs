namespace AutoVision.Budget;

/// <summary>
/// Options of the <see cref="CostModel"/>. This machine's CPU is shared and bursty (steps seen 4–14× slower for
/// a while), so the defaults are pessimistic: each cost is the larger of a high percentile of recent
/// observations and the latest one, and a margin learnt from how much recent plans overran multiplies it.
/// </summary>
public sealed record CostModelOptions
{
    /// <summary>Recent observations kept per key.</summary>
    public int Window { get; init; } = 20;

    /// <summary>Percentile of the recent observations used (with the latest, whichever is larger).</summary>
    public double Percentile { get; init; } = 0.75;

    /// <summary>How many recent plan outcomes (actual/planned) the overrun margin looks at.</summary>
    public int OverrunWindow { get; init; } = 5;

    /// <summary>The overrun margin never exceeds this (a single wild outlier must not freeze planning).</summary>
    public double MaxOverrunMargin { get; init; } = 3.0;
}
