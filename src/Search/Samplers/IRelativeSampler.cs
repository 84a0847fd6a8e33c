namespace AutoVision.Search;

/// <summary>
/// A sampler that also draws several parameters jointly: once per trial, before its first sampled parameter, it
/// is asked for values of the parameters it can model together (for multivariate TPE, the intersection search
/// space of the finished trials). A <c>Suggest*</c> call whose name and distribution match one of those values takes
/// it; any other parameter falls back to <see cref="ISampler.SampleIndependent"/>.
/// </summary>
public interface IRelativeSampler : ISampler
{
    /// <summary>Jointly drawn values (internal representation) by parameter name, each with the distribution it was
    /// drawn from; empty when there is nothing to draw jointly yet.</summary>
    IReadOnlyDictionary<string, RelativeValue> SampleRelative(Study study, FrozenTrial trial);
}

/// <summary>A jointly drawn value: its distribution and its internal representation.</summary>
public readonly record struct RelativeValue(Distribution Distribution, double Internal);
