namespace AutoVision.Search;

/// <summary>
/// Draws every value independently and uniformly: uniform for floats, log-uniform on log scales, every grid point
/// and every choice equally likely. Seeded, it repeats the same draws for the same sequence of calls.
/// </summary>
public sealed class RandomSampler : ISampler
{
    private readonly Random _rng;
    private readonly object _gate = new();

    public RandomSampler(int? seed = null) => _rng = seed is { } s ? new Random(s) : new Random();

    public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution) =>
        Sample(distribution);

    internal double Sample(Distribution distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        lock (_gate)
        {
            if (distribution is CategoricalDistribution c) return _rng.Next(c.Choices.Count);
            var space = NumericSpace.For(distribution);
            return space.Untransform(space.Lower + _rng.NextDouble() * (space.Upper - space.Lower));
        }
    }
}
