namespace AutoVision.Search;

/// <summary>Decides whether a running trial should stop early.</summary>
public interface IPruner
{
    /// <summary>True when <paramref name="trial"/> (as it stands, with its intermediate values) should be pruned.</summary>
    bool Prune(Study study, FrozenTrial trial);
}
