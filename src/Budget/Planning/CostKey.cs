namespace AutoVision.Budget;

/// <summary>What a measured cost is about: an operation ("train-step", "test", ...) at an input size and batch.</summary>
public readonly record struct CostKey(string Operation, int InputSize, int Batch)
{
    public override string ToString() => $"{Operation}@{InputSize}px×{Batch}";
}
