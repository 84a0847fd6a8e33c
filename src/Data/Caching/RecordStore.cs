using Microsoft.Win32.SafeHandles;

namespace AutoVision.Data.Caching;

/// <summary>
/// Fixed-size records by index, in memory blocks while <see cref="CacheMemory"/> allows, else in an overflow file.
/// </summary>
/// <remarks>
/// Records are grouped in blocks of about <see cref="BlockBytes"/>. Each block lives either in a managed array
/// (taken from the cap) or at its own offset in the overflow file, which is created on the first block that does not
/// fit and unlinked at once (Linux keeps it while open). Disk records are read and written with positional I/O
/// (<see cref="RandomAccess"/>): a memory-mapped file would count every page read in the process's resident set,
/// and the point of the overflow is to keep that under the cap. Writes of different records may run in parallel.
/// </remarks>
internal sealed class RecordStore : IDisposable
{
    /// <summary>Target bytes per block.</summary>
    public const int BlockBytes = 4 << 20;

    private readonly CacheMemory _memory;
    private readonly List<Block?> _blocks = [];
    private readonly Lock _lock = new();
    private SafeFileHandle? _file;
    private long _fileLength;
    private long _memoryBytes;
    private bool _disposed;

    public RecordStore(int recordBytes, CacheMemory memory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(recordBytes, 1);
        RecordBytes = recordBytes;
        RecordsPerBlock = Math.Max(1, BlockBytes / recordBytes);
        _memory = memory;
    }

    public int RecordBytes { get; }

    public int RecordsPerBlock { get; }

    /// <summary>Bytes of records held in memory.</summary>
    public long MemoryBytes => Interlocked.Read(ref _memoryBytes);

    /// <summary>Bytes of records in the overflow file.</summary>
    public long DiskBytes => Interlocked.Read(ref _fileLength);

    /// <summary>Writes record <paramref name="index"/> (its block is made on first use).</summary>
    public void Write(int index, ReadOnlySpan<byte> record)
    {
        Block block = BlockOf(index, create: true)!;
        int at = index % RecordsPerBlock;
        if (block.Array is byte[] array)
        {
            record[..RecordBytes].CopyTo(array.AsSpan(at * RecordBytes, RecordBytes));
        }
        else
        {
            RandomAccess.Write(_file!, record[..RecordBytes], block.FileOffset + ((long)at * RecordBytes));
        }
    }

    /// <summary>Reads record <paramref name="index"/> into <paramref name="destination"/>.</summary>
    public void Read(int index, Span<byte> destination)
    {
        Block block = BlockOf(index, create: false) ?? throw new ArgumentOutOfRangeException(nameof(index), index, "No such record.");
        int at = index % RecordsPerBlock;
        if (block.Array is byte[] array)
        {
            array.AsSpan(at * RecordBytes, RecordBytes).CopyTo(destination);
            return;
        }

        Span<byte> target = destination[..RecordBytes];
        long offset = block.FileOffset + ((long)at * RecordBytes);
        while (!target.IsEmpty)
        {
            int n = RandomAccess.Read(_file!, target, offset);
            if (n <= 0)
            {
                throw new IOException($"The image cache's overflow file ended at byte {offset} while reading record {index}.");
            }

            target = target[n..];
            offset += n;
        }
    }

    /// <summary>The in-memory bytes of record <paramref name="index"/>, or empty when it is on disk.</summary>
    public ReadOnlySpan<byte> InMemory(int index)
    {
        Block? block = BlockOf(index, create: false);
        return block?.Array is byte[] array ? array.AsSpan((index % RecordsPerBlock) * RecordBytes, RecordBytes) : default;
    }

    private Block? BlockOf(int index, bool create)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        int b = index / RecordsPerBlock;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (b < _blocks.Count && _blocks[b] is Block existing)
            {
                return existing;
            }

            if (!create)
            {
                return null;
            }

            while (_blocks.Count <= b)
            {
                _blocks.Add(null);
            }

            long bytes = (long)RecordsPerBlock * RecordBytes;
            Block block;
            if (_memory.TryTake(bytes))
            {
                block = new Block(new byte[bytes], 0);
                _memoryBytes += bytes;
            }
            else
            {
                _file ??= OpenOverflow(_memory.OverflowFolder);
                block = new Block(null, _fileLength);
                _fileLength += bytes;
            }

            _blocks[b] = block;
            return block;
        }
    }

    private static SafeFileHandle OpenOverflow(string folder)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, $"autovision-cache-{Environment.ProcessId}-{Guid.NewGuid():N}.bin");
        SafeFileHandle handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
        try
        {
            // Unlinked at once where the system allows (Linux, macOS): nothing is left behind even after a kill.
            File.Delete(path);
        }
        catch (IOException)
        {
            // Windows keeps an open file: DeleteOnClose removes it when the handle closes.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return handle;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _memory.Give(_memoryBytes);
            _blocks.Clear();
            _file?.Dispose();
        }
    }

    private sealed record Block(byte[]? Array, long FileOffset);
}
