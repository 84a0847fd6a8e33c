namespace AutoVision.Search;

/// <summary>Suggests parameter values, one parameter at a time.</summary>
public interface ISampler
{
    /// <summary>
    /// A value for parameter <paramref name="name"/> of the running <paramref name="trial"/>, drawn from
    /// <paramref name="distribution"/>, in the distribution's internal representation
    /// (<see cref="Distribution.ToInternal"/>).
    /// </summary>
    double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution);
}
