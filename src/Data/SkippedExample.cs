namespace AutoVision.Data;

/// <summary>A training example that a source left out, and why.</summary>
/// <param name="Path">The file (or record) that could not be used.</param>
/// <param name="Reason">What went wrong, e.g. the decoder's message.</param>
public sealed record SkippedExample(string Path, string Reason);
