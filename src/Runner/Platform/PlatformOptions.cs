namespace AutoVision.Runner.Platform;

/// <summary>What the <c>platform</c> verb was asked to do; every timeout is a named option with a safe default.</summary>
public sealed record PlatformOptions
{
    /// <summary>An entry folder (with <c>profile.json</c>) or a package folder (with <c>manifest.json</c>).</summary>
    public required string Entry { get; init; }

    /// <summary>The dataset folder: one <c>&lt;name&gt;.data/</c> and, to be scored, <c>&lt;name&gt;.solution</c>.</summary>
    public required string DatasetDir { get; init; }

    /// <summary>The ingestion's output folder (created; must hold no earlier run); <c>scores.txt</c> goes there too.</summary>
    public required string OutputDir { get; init; }

    /// <summary>T: the ingestion is killed at start + T.</summary>
    public double BudgetSeconds { get; init; } = RunDefaults.BudgetSeconds;

    /// <summary>t0 of the ALC; null means T/20 (60 s for the official 1200 s).</summary>
    public double? T0 { get; init; }

    /// <summary>The cap on model construction: from the start of the ingestion process until it starts the clock
    /// (writes <c>start.txt</c>). The challenge's was 20 minutes.</summary>
    public double ConstructionCapSeconds { get; init; } = PlatformDefaults.ConstructionCapSeconds;

    /// <summary>How often the scorer looks for new prediction files (the challenge's scorer: 1 s).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the scorer looks for <c>start.txt</c> during model construction.</summary>
    public TimeSpan StartPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long an ingestion that wrote <c>end.txt</c> may take to exit before it is killed.</summary>
    public TimeSpan ExitGrace { get; init; } = TimeSpan.FromSeconds(10);
}

public static class PlatformDefaults
{
    /// <summary>The challenge's cap on model construction: 20 minutes.</summary>
    public const double ConstructionCapSeconds = 1200;
}
