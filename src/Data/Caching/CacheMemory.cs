namespace AutoVision.Data.Caching;

/// <summary>
/// The memory cap shared by every <see cref="ImageCache"/> of a run, and the folder their overflow files go to.
/// </summary>
/// <remarks>
/// <para>The cap bounds what the image pipeline adds to the process: the cached records and the working memory of
/// decoding (encoded records in flight, decoded bitmaps, garbage not yet collected). Records get the cap less a
/// working reserve (by default min(cap / 2, 32 MiB); measured on the development machine, decoding 32×32 JPEGs to
/// 128 px with everything on disk raised peak RSS by 26 MiB). Decoding a huge PNG (which, unlike JPEG, cannot be
/// decoded at reduced scale) needs 4·W·H bytes per worker at once and can exceed the reserve.</para>
/// <para>A cache takes memory for its records in blocks; a block that would take the caches past their share is kept
/// in the overflow file instead (fixed-size records read with positional reads, so nothing of it is mapped into the
/// process). Memory is given back when a cache is disposed.</para>
/// </remarks>
public sealed class CacheMemory
{
    /// <summary>The default cap: 4 GiB.</summary>
    public const long DefaultCapBytes = 4L << 30;

    private long _used;

    /// <summary>The largest default working reserve: 32 MiB.</summary>
    public const long MaxDefaultReserveBytes = 32L << 20;

    /// <param name="capBytes">Bytes the image pipeline may add to the process, at most (0: every record on disk).</param>
    /// <param name="overflowFolder">Where overflow files are made; null: the system's temporary folder.</param>
    /// <param name="reserveBytes">Part of the cap kept for decoding; null: min(cap / 2, 32 MiB).</param>
    public CacheMemory(long capBytes = DefaultCapBytes, string? overflowFolder = null, long? reserveBytes = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capBytes);
        CapBytes = capBytes;
        ReserveBytes = Math.Clamp(reserveBytes ?? Math.Min(capBytes / 2, MaxDefaultReserveBytes), 0, capBytes);
        OverflowFolder = overflowFolder ?? Path.GetTempPath();
    }

    /// <summary>Bytes the image pipeline may add to the process.</summary>
    public long CapBytes { get; }

    /// <summary>Part of the cap kept for decoding: records get <see cref="CapBytes"/> − <see cref="ReserveBytes"/>.</summary>
    public long ReserveBytes { get; }

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
            if (used + bytes > CapBytes - ReserveBytes)
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
