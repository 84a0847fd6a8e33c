namespace AutoVision.Runner.Tests;

/// <summary>Whole runs of the real learner share the CPU badly: the classes in this collection run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SlowRuns
{
    public const string Name = "Slow runs";
}
