namespace AutoVision.Data.Caching;

/// <summary>
/// The memory cap shared by every <see cref="ImageCache"/> of a run, and the folder their overflow files go to.
/// </summary>
/// <remarks>
/// A cache takes memory for its records in blocks; a block that would take the caches past the cap is kept in the
/// overflow file instead (fixed-size records read with positional reads, so nothing of it is mapped into the
/// process). Memory is given back when a cache is disposed.
/// </remarks>
public sealed class CacheMemory
{
    /// <summary>The default cap: 4 GiB.</summary>
    public const long DefaultCapBytes = 4L << 30;

    private long _used;

    /// <param name="capBytes">Bytes of records the caches may keep in memory, at most (0: everything on disk).</param>
    /// <param name="overflowFolder">Where overflow files are made; null: the system's temporary folder.</param>
    public CacheMemory(long capBytes = DefaultCapBytes, string? overflowFolder = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capBytes);
        CapBytes = capBytes;
        OverflowFolder = overflowFolder ?? Path.GetTempPath();
    }

    /// <summary>Bytes of records the caches may keep in memory.</summary>
    public long CapBytes { get; }

    /// <summary>Where overflow files are made (each is deleted as soon as it is open, so nothing is left behind).</summary>
    public string OverflowFolder { get; }

    /// <summary>Bytes of records kept in memory now.</summary>
    public long UsedBytes => Interlocked.Read(ref _used);

    /// <summary>Takes <paramref name="bytes"/> from the cap if they fit.</summary>
    internal bool TryTake(long bytes)
    {
        while (true)
        {
            long used = Interlocked.Read(ref _used);
            if (used + bytes > CapBytes)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _used, used + bytes, used) == used)
            {
                return true;
            }
        }
    }

    /// <summary>Gives <paramref name="bytes"/> back.</summary>
    internal void Give(long bytes) => Interlocked.Add(ref _used, -bytes);
}
