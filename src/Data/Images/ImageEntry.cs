namespace AutoVision.Data.Images;

/// <summary>One image file of a split and its class indices (empty for a test image).</summary>
/// <param name="Path">Full path of the file.</param>
/// <param name="Labels">Class indices, ascending, no repeats.</param>
/// <param name="Origin">Where the entry came from, for messages (e.g. a manifest line); null for a plain folder.</param>
internal sealed record ImageEntry(string Path, int[] Labels, string? Origin = null)
{
    /// <summary>The path, with the origin when there is one.</summary>
    public string Describe() => Origin is null ? $"'{Path}'" : $"'{Path}' ({Origin})";
}
