namespace AutoVision.Data.Profiling;

/// <summary>Minimum, median and maximum of a set of sizes (the median of an even count is the lower middle value).</summary>
public sealed record SizeStats(int Min, int Median, int Max)
{
    /// <summary>Statistics of <paramref name="values"/> (all zero when empty).</summary>
    public static SizeStats Of(IEnumerable<int> values)
    {
        int[] sorted = values.Order().ToArray();
        return sorted.Length == 0 ? new SizeStats(0, 0, 0) : new SizeStats(sorted[0], sorted[(sorted.Length - 1) / 2], sorted[^1]);
    }
}
