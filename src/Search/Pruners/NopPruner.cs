namespace AutoVision.Search;

/// <summary>Never prunes.</summary>
public sealed class NopPruner : IPruner
{
    public bool Prune(Study study, FrozenTrial trial) => false;
}
