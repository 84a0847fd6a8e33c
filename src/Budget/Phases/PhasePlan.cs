namespace AutoVision.Budget;

/// <summary>A planned phase: where it starts and ends, measured from the start of the budget.</summary>
public readonly record struct PhaseWindow(string Name, TimeSpan Start, TimeSpan End)
{
    public TimeSpan Length => End - Start;
}

/// <summary>
/// Phases laid end to end from the start of the budget, in declaration order (e.g. "probe", "search",
/// "fine-tune", "final-prediction reserve"). Lengths come from each <see cref="PhaseSpec"/>; a
/// <see cref="PhaseSpec.Rest"/> phase gets what the others leave; the layout never passes the budget's end
/// (phases that would are cut, those after it get zero length).
/// </summary>
public sealed class PhasePlan
{
    private readonly PhaseWindow[] _windows;

    public PhasePlan(TimeSpan total, params IReadOnlyList<PhaseSpec> phases)
    {
        if (total <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(total), total, "The budget must be positive.");
        ArgumentNullException.ThrowIfNull(phases);
        if (phases.Count == 0) throw new ArgumentException("A plan needs at least one phase.", nameof(phases));
        if (phases.Count(p => p.IsRest) > 1) throw new ArgumentException("At most one phase may take the rest.", nameof(phases));
        var duplicate = phases.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Phase '{duplicate.Key}' is declared twice.", nameof(phases));

        Total = total;
        var fixedSum = phases.Where(p => !p.IsRest).Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Length(total));
        var rest = total - fixedSum;
        if (rest < TimeSpan.Zero) rest = TimeSpan.Zero;

        _windows = new PhaseWindow[phases.Count];
        var start = TimeSpan.Zero;
        for (int i = 0; i < phases.Count; i++)
        {
            var p = phases[i];
            var length = p.IsRest ? (p.Cap is { } c && c < rest ? c : rest) : p.Length(total);
            var end = start + length > total ? total : start + length;
            _windows[i] = new PhaseWindow(p.Name, start, end);
            start = end;
        }
    }

    public TimeSpan Total { get; }

    /// <summary>The phases in order.</summary>
    public IReadOnlyList<PhaseWindow> Windows => _windows;

    /// <summary>The phase called <paramref name="name"/>.</summary>
    public PhaseWindow this[string name] =>
        Array.Find(_windows, w => w.Name == name) is { Name: not null } w
            ? w
            : throw new KeyNotFoundException($"No phase '{name}' in the plan ({string.Join(", ", _windows.Select(x => x.Name))}).");
}
