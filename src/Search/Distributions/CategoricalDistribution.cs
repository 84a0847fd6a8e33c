namespace AutoVision.Search;

/// <summary>
/// One of a fixed list of choices (null, bool, int, long, float, double or string). The internal representation of a
/// choice is its index in <see cref="Choices"/>.
/// </summary>
public sealed record CategoricalDistribution : Distribution
{
    private readonly object?[] _choices;

    public CategoricalDistribution(IReadOnlyList<object?> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Count == 0)
            throw new ArgumentException("A categorical distribution needs at least one choice.", nameof(choices));
        _choices = choices.ToArray();
        for (int i = 0; i < _choices.Length; i++)
        {
            PrimitiveValues.Require(_choices[i], $"Categorical choice {i}");
            for (int j = 0; j < i; j++)
                if (PrimitiveValues.AreEqual(_choices[i], _choices[j]))
                    throw new ArgumentException(
                        $"Categorical choice {i} ({FloatDistribution.Describe(_choices[i])}) repeats choice {j}; choices must be distinct.",
                        nameof(choices));
        }
    }

    public IReadOnlyList<object?> Choices => _choices;

    public override bool IsSingle => _choices.Length == 1;

    public override double ToInternal(object? value)
    {
        for (int i = 0; i < _choices.Length; i++)
            if (PrimitiveValues.AreEqual(_choices[i], value)) return i;
        throw new ArgumentException($"{FloatDistribution.Describe(value)} is not one of the choices of {this}.");
    }

    public override object? ToExternal(double internalValue)
    {
        if (!Contains(internalValue))
            throw new ArgumentOutOfRangeException(nameof(internalValue),
                $"{FloatDistribution.Fmt(internalValue)} is not a choice index of {this}.");
        return _choices[(int)internalValue];
    }

    public override bool Contains(double internalValue) =>
        internalValue >= 0 && internalValue < _choices.Length && Math.Floor(internalValue) == internalValue;

    public bool Equals(CategoricalDistribution? other) =>
        other is not null
        && other._choices.Length == _choices.Length
        && _choices.Zip(other._choices).All(p => PrimitiveValues.AreEqual(p.First, p.Second) && p.First?.GetType() == p.Second?.GetType());

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (object? choice in _choices) hash.Add(PrimitiveValues.GetHashCode(choice));
        return hash.ToHashCode();
    }

    public override string ToString() =>
        $"CategoricalDistribution(choices=[{string.Join(", ", _choices.Select(c => c is null ? "null" : c is string s ? $"'{s}'" : Convert.ToString(c, System.Globalization.CultureInfo.InvariantCulture)))}])";
}
