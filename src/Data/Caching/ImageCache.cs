using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace AutoVision.Data.Caching;

/// <summary>
/// Every image of one split decoded once, in parallel, to <c>H × W</c> uint8 in (C, H, W) order (a square
/// <c>size × size</c> for most datasets), with its labels: what the learner trains and predicts from.
/// </summary>
/// <remarks>
/// <para>Layout: one fixed-size record of C·H·W bytes per example, (C, H, W) so that a batch for the network
/// ((N, C, H, W) floats) is made by converting each record in one straight pass. Records live in memory up to the
/// shared cap of <see cref="CacheMemory"/> and beyond it in an overflow file (see <see cref="RecordStore"/>).</para>
/// <para>Building: one thread reads the source in order (file reads, checksums, record parsing: whatever is wrong
/// with a file or record stops the build with the source's message naming file and record), a bounded queue hands
/// the examples to one decoding worker per core, each writing its record in place. The encoded data held at any
/// time is bounded by the queue.</para>
/// <para>Bad images. A training image that cannot be decoded is left out: <see cref="Skipped"/> lists it (file,
/// record, reason) and <see cref="Usable"/> is false for its row, which a loader must not take; a split in which
/// no image can be decoded is an error. A test image that cannot be decoded becomes a neutral image (every value
/// 128) and is listed in <see cref="Neutralized"/>: a test row is never dropped or shifted.</para>
/// </remarks>
public sealed class ImageCache : IDisposable
{
    private const float PixelScale = (float)(1.0 / 255.0);

    private readonly RecordStore _store;
    private readonly bool[] _usable;

    private ImageCache(RecordStore store, InputShape shape, int channels, int count, int[][] labelIndex, float[][] labelScore, bool[] usable,
        IReadOnlyList<SkippedExample> skipped, IReadOnlyList<SkippedExample> neutralized, TimeSpan buildTime)
    {
        _store = store;
        Shape = shape;
        Channels = channels;
        Count = count;
        LabelIndex = labelIndex;
        LabelScore = labelScore;
        _usable = usable;
        Skipped = skipped;
        Neutralized = neutralized;
        BuildTime = buildTime;
    }

    /// <summary>H × W of every image.</summary>
    public InputShape Shape { get; }

    /// <summary>H.</summary>
    public int Height => Shape.Height;

    /// <summary>W.</summary>
    public int Width => Shape.Width;

    /// <summary>C.</summary>
    public int Channels { get; }

    /// <summary>Examples (rows), including skipped ones.</summary>
    public int Count { get; }

    /// <summary>Bytes per example: C·H·W.</summary>
    public int ImageBytes => _store.RecordBytes;

    /// <summary>Positive classes of each row (empty for test rows).</summary>
    public IReadOnlyList<int[]> LabelIndex { get; }

    /// <summary>Their scores.</summary>
    public IReadOnlyList<float[]> LabelScore { get; }

    /// <summary>Training rows left out because their image could not be decoded (in row order).</summary>
    public IReadOnlyList<SkippedExample> Skipped { get; }

    /// <summary>Test rows whose image could not be decoded and that hold a neutral image instead (in row order).</summary>
    public IReadOnlyList<SkippedExample> Neutralized { get; }

    /// <summary>Bytes of images held in memory.</summary>
    public long MemoryBytes => _store.MemoryBytes;

    /// <summary>Bytes of images in the overflow file.</summary>
    public long DiskBytes => _store.DiskBytes;

    /// <summary>How long building took.</summary>
    public TimeSpan BuildTime { get; }

    /// <summary>Whether row <paramref name="row"/> holds a decoded image a learner may train on (false for a skipped row).</summary>
    public bool Usable(int row) => _usable[row];

    /// <summary>Reads and decodes <paramref name="source"/> at <paramref name="size"/> × <paramref name="size"/>.</summary>
    /// <param name="source">The split.</param>
    /// <param name="size">Side of the cached images.</param>
    /// <param name="memory">The memory cap (shared by all caches of a run).</param>
    /// <param name="workers">Decoding threads; null: one per core.</param>
    /// <param name="cancellation">Stops the build (an <see cref="OperationCanceledException"/>).</param>
    /// <exception cref="InvalidDataException">A file or record that cannot be read, an example that contradicts its
    /// metadata, or a training split none of whose images can be decoded.</exception>
    public static ImageCache Build(ICacheSource source, int size, CacheMemory memory, int? workers = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        return Build(source, InputShape.Square(size), memory, workers, cancellation);
    }

    /// <summary>Reads and decodes <paramref name="source"/> at <paramref name="shape"/> (H × W).</summary>
    /// <param name="source">The split.</param>
    /// <param name="shape">H × W of the cached images.</param>
    /// <param name="memory">The memory cap (shared by all caches of a run).</param>
    /// <param name="workers">Decoding threads; null: one per core.</param>
    /// <param name="cancellation">Stops the build (an <see cref="OperationCanceledException"/>).</param>
    /// <exception cref="InvalidDataException">A file or record that cannot be read, an example that contradicts its
    /// metadata, or a training split none of whose images can be decoded.</exception>
    public static ImageCache Build(ICacheSource source, InputShape shape, CacheMemory memory, int? workers = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(memory);
        if (shape.Height < 1 || shape.Width < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(shape), shape, "An input shape needs positive sides.");
        }
        int channels = source.Channels;
        if (channels < 1)
        {
            throw new InvalidDataException($"The {source.Description} has {channels} channels; cannot cache it.");
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        int threads = Math.Max(1, workers ?? Environment.ProcessorCount);
        var store = new RecordStore(channels * shape.Pixels, memory, source.CountHint);
        var labels = new Rows(source.CountHint ?? 1024);
        var failures = new List<(int Row, string Where, string Reason)>();
        var queue = Channel.CreateBounded<(int Row, PendingImage Image)>(new BoundedChannelOptions(threads * 4)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        int count = 0;
        try
        {
            Task reader = Task.Run(() =>
            {
                try
                {
                    foreach (PendingImage image in source.Read())
                    {
                        labels.Set(count, image.LabelIndex, image.LabelScore);
                        while (!queue.Writer.TryWrite((count, image)))
                        {
                            if (!queue.Writer.WaitToWriteAsync(stop.Token).AsTask().GetAwaiter().GetResult())
                            {
                                return;
                            }
                        }

                        count++;
                    }
                }
                finally
                {
                    queue.Writer.TryComplete();
                }
            }, stop.Token);

            Task[] decoders = Enumerable.Range(0, threads).Select(_ => Task.Run(() =>
            {
                byte[] record = new byte[store.RecordBytes];
                while (queue.Reader.WaitToReadAsync(stop.Token).AsTask().GetAwaiter().GetResult())
                {
                    while (queue.Reader.TryRead(out var item))
                    {
                        try
                        {
                            item.Image.DecodeInto(shape, record);
                        }
                        catch (UndecodableImageException ex)
                        {
                            lock (failures)
                            {
                                failures.Add((item.Row, item.Image.Where, ex.Message));
                            }

                            InputDecoder.Neutral(record);
                        }

                        store.Write(item.Row, record);
                    }
                }
            }, stop.Token)).ToArray();

            WaitAll(reader, decoders, stop);
        }
        catch
        {
            store.Dispose();
            throw;
        }

        var usable = new bool[count];
        Array.Fill(usable, true);
        failures.Sort((a, b) => a.Row.CompareTo(b.Row));
        var listed = failures.Select(f => new SkippedExample(f.Where, f.Reason)).ToArray();
        if (!source.IsTest)
        {
            foreach (var failure in failures)
            {
                usable[failure.Row] = false;
            }

            if (count > 0 && failures.Count == count)
            {
                store.Dispose();
                throw new InvalidDataException(
                    $"No image of the {source.Description} can be decoded ({count} tried); the first: {listed[0].Path}: {listed[0].Reason}");
            }
        }

        (int[][] index, float[][] score) = labels.Take(count);
        return new ImageCache(store, shape, channels, count, index, score, usable,
            source.IsTest ? [] : listed, source.IsTest ? listed : [], watch.Elapsed);
    }

    /// <summary>Copies the bytes of row <paramref name="row"/> ((C, H, W)) into <paramref name="destination"/>.</summary>
    public void CopyBytes(int row, Span<byte> destination)
    {
        CheckRow(row);
        _store.Read(row, destination);
    }

    /// <summary>
    /// Writes row <paramref name="row"/> as floats <c>(float)u8 · (float)(1/255)</c> (the challenge's pixel values)
    /// into <paramref name="destination"/> ((C, H, W), <see cref="ImageBytes"/> values).
    /// </summary>
    /// <param name="row">The row.</param>
    /// <param name="destination">Where the floats go.</param>
    /// <param name="scratch">A buffer of at least <see cref="ImageBytes"/> bytes, used when the row is on disk.</param>
    public void CopyFloats(int row, Span<float> destination, Span<byte> scratch)
    {
        CheckRow(row);
        ReadOnlySpan<byte> bytes = _store.InMemory(row);
        if (bytes.IsEmpty)
        {
            _store.Read(row, scratch);
            bytes = scratch[..ImageBytes];
        }

        Span<float> target = destination[..bytes.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            target[i] = bytes[i] * PixelScale;
        }
    }

    /// <summary>Rows <paramref name="rows"/> as one (N, C, H, W) float array, in the given order.</summary>
    public float[] Floats(ReadOnlySpan<int> rows)
    {
        var result = new float[(long)rows.Length * ImageBytes];
        var scratch = new byte[ImageBytes];
        for (int i = 0; i < rows.Length; i++)
        {
            CopyFloats(rows[i], result.AsSpan(i * ImageBytes, ImageBytes), scratch);
        }

        return result;
    }

    public void Dispose() => _store.Dispose();

    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"The cache has {Count} rows.");
        }
    }

    private static void WaitAll(Task reader, Task[] decoders, CancellationTokenSource stop)
    {
        Task[] all = [reader, .. decoders];
        try
        {
            // The first failure (reader or decoder) stops the others.
            var pending = all.ToList();
            while (pending.Count > 0)
            {
                int i = Task.WaitAny([.. pending]);
                bool faulted = pending[i].IsFaulted;
                pending.RemoveAt(i);
                if (faulted)
                {
                    stop.Cancel();
                    break;
                }
            }

            Task.WaitAll(all);
        }
        catch (AggregateException)
        {
            Exception? first = reader.Exception?.InnerException ?? decoders.Select(d => d.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException);
            if (first is not null)
            {
                ExceptionDispatchInfo.Throw(first);
            }

            stop.Token.ThrowIfCancellationRequested();
            throw;
        }
    }

    /// <summary>Labels by row, growing as rows are read.</summary>
    private sealed class Rows(int capacity)
    {
        private int[][] _index = new int[Math.Max(1, capacity)][];
        private float[][] _score = new float[Math.Max(1, capacity)][];

        public void Set(int row, int[] index, float[] score)
        {
            if (row >= _index.Length)
            {
                Array.Resize(ref _index, Math.Max(row + 1, _index.Length * 2));
                Array.Resize(ref _score, _index.Length);
            }

            _index[row] = index;
            _score[row] = score;
        }

        public (int[][] Index, float[][] Score) Take(int count) => (_index[..count], _score[..count]);
    }
}
