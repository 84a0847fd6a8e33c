using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using AutoVision.Data.Caching;

namespace AutoVision.Data.Loading;

/// <summary>How a <see cref="BatchLoader"/> draws its batches.</summary>
public sealed record BatchLoaderOptions
{
    /// <summary>Batches made ahead of the consumer (the bounded queue's capacity); default 4.</summary>
    public int Prefetch { get; init; } = 4;

    /// <summary>Leave out the last, incomplete batch of each epoch (default true: every batch has the same size).</summary>
    public bool DropLast { get; init; } = true;

    /// <summary>Epochs to make, then the loader ends; null (default): endless.</summary>
    public int? Epochs { get; init; }

    /// <summary>Called by the background thread before it makes each batch (with the batch's number); tests slow it down here.</summary>
    internal Action<int>? BeforeBatch { get; init; }
}

/// <summary>One batch: rows of the cache and their pixels as (N, C, H, W) floats in [0, 1].</summary>
public sealed class Batch : IDisposable
{
    private readonly Action<float[]>? _return;
    private float[]? _pixels;

    internal Batch(int[] rows, float[] pixels, int epoch, Action<float[]>? giveBack)
    {
        Rows = rows;
        _pixels = pixels;
        Epoch = epoch;
        _return = giveBack;
    }

    /// <summary>Cache rows, in batch order.</summary>
    public int[] Rows { get; }

    /// <summary>Rows.Length · C · H · W floats, (N, C, H, W); valid until the batch is disposed (the array is reused).</summary>
    public float[] Pixels => _pixels ?? throw new ObjectDisposedException(nameof(Batch));

    /// <summary>The epoch (0-based) the batch belongs to.</summary>
    public int Epoch { get; }

    /// <summary>Hands the pixel array back to the loader for reuse.</summary>
    public void Dispose()
    {
        float[]? pixels = Interlocked.Exchange(ref _pixels, null);
        if (pixels is not null)
        {
            _return?.Invoke(pixels);
        }
    }
}

/// <summary>
/// Shuffled training batches made on a background thread from an <see cref="ImageCache"/>, ahead of the consumer.
/// </summary>
/// <remarks>
/// <para>Each epoch is a permutation of the given rows drawn from <c>new Random(seed)</c> (the same seed, rows and
/// batch size give the same batches on every machine), cut into batches in order; every row comes once per epoch
/// (the rows of an incomplete last batch are left out of that epoch when <see cref="BatchLoaderOptions.DropLast"/>).
/// A background thread converts each batch's uint8 records to floats (<c>(float)u8 · (float)(1/255)</c>) into a
/// reused array and puts it in a bounded queue of <see cref="BatchLoaderOptions.Prefetch"/> batches; it blocks when the
/// queue is full, so memory stays at Prefetch + 2 batches.</para>
/// <para><see cref="Waits"/> counts the calls to <see cref="Next"/> that found the queue empty after the first batch:
/// in the steady state it stays 0 when the loader is faster than its consumer.</para>
/// </remarks>
public sealed class BatchLoader : IDisposable
{
    private readonly ImageCache _cache;
    private readonly int[] _rows;
    private readonly int _batchSize;
    private readonly int _seed;
    private readonly BatchLoaderOptions _options;
    private readonly Channel<Batch> _queue;
    private readonly ConcurrentBag<float[]> _free = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _producer;
    private long _waitTicks;
    private int _taken;
    private bool _disposed;

    /// <param name="cache">Where the images come from.</param>
    /// <param name="rows">The rows to draw from (e.g. the fit rows); none may be a skipped row.</param>
    /// <param name="batchSize">Rows per batch (at most the row count when <see cref="BatchLoaderOptions.DropLast"/>).</param>
    /// <param name="seed">Seed of the shuffles.</param>
    /// <param name="options">Prefetch, last batch, epochs; null: the defaults.</param>
    public BatchLoader(ImageCache cache, IReadOnlyList<int> rows, int batchSize, int seed, BatchLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _options = options ?? new BatchLoaderOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Prefetch, 1);
        if (rows.Count == 0)
        {
            throw new ArgumentException("A batch loader needs at least one row.", nameof(rows));
        }

        if (_options.DropLast && batchSize > rows.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"Batches of {batchSize} cannot be made from {rows.Count} rows without an incomplete batch.");
        }

        foreach (int row in rows)
        {
            if ((uint)row >= (uint)cache.Count || !cache.Usable(row))
            {
                throw new ArgumentException($"Row {row} is not a usable row of the cache ({cache.Count} rows).", nameof(rows));
            }
        }

        _cache = cache;
        _rows = rows.ToArray();
        _batchSize = batchSize;
        _seed = seed;
        _queue = Channel.CreateBounded<Batch>(new BoundedChannelOptions(_options.Prefetch)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _producer = Task.Factory.StartNew(Produce, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Rows per batch.</summary>
    public int BatchSize => _batchSize;

    /// <summary>Calls to <see cref="Next"/> after the first that had to wait for a batch.</summary>
    public int Waits { get; private set; }

    /// <summary>Time those calls waited.</summary>
    public TimeSpan WaitTime => TimeSpan.FromTicks(Interlocked.Read(ref _waitTicks));

    /// <summary>
    /// The next batch, waiting for it if none is ready; null when a loader with a fixed number of epochs is done.
    /// Dispose the batch when done with it.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled while waiting.</exception>
    /// <exception cref="ObjectDisposedException">The loader was disposed.</exception>
    public Batch? Next(CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_queue.Reader.TryRead(out Batch? ready))
        {
            _taken++;
            return ready;
        }

        long start = Stopwatch.GetTimestamp();
        try
        {
            if (!_queue.Reader.WaitToReadAsync(cancellation).AsTask().GetAwaiter().GetResult())
            {
                // Completed: rethrow what stopped the producer, if anything did.
                _queue.Reader.Completion.GetAwaiter().GetResult();
                return null;
            }
        }
        finally
        {
            if (_taken > 0)
            {
                Waits++;
                Interlocked.Add(ref _waitTicks, Stopwatch.GetElapsedTime(start).Ticks);
            }
        }

        if (_queue.Reader.TryRead(out ready))
        {
            _taken++;
            return ready;
        }

        return Next(cancellation);
    }

    private void Produce()
    {
        try
        {
            var rng = new Random(_seed);
            int[] order = (int[])_rows.Clone();
            int imageBytes = _cache.ImageBytes;
            var scratch = new byte[imageBytes];
            int made = 0;
            for (int epoch = 0; _options.Epochs is not int epochs || epoch < epochs; epoch++)
            {
                Array.Copy(_rows, order, _rows.Length);
                rng.Shuffle(order);
                for (int start = 0; start < order.Length; start += _batchSize)
                {
                    int count = Math.Min(_batchSize, order.Length - start);
                    if (count < _batchSize && _options.DropLast)
                    {
                        break;
                    }

                    _stop.Token.ThrowIfCancellationRequested();
                    _options.BeforeBatch?.Invoke(made++);
                    int[] rows = order.AsSpan(start, count).ToArray();
                    float[] pixels = Rent(count * imageBytes);
                    for (int i = 0; i < count; i++)
                    {
                        _cache.CopyFloats(rows[i], pixels.AsSpan(i * imageBytes, imageBytes), scratch);
                    }

                    var batch = new Batch(rows, pixels, epoch, Return);
                    while (!_queue.Writer.TryWrite(batch))
                    {
                        if (!_queue.Writer.WaitToWriteAsync(_stop.Token).AsTask().GetAwaiter().GetResult())
                        {
                            return;
                        }
                    }
                }
            }

            _queue.Writer.TryComplete();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            _queue.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            _queue.Writer.TryComplete(ex);
        }
    }

    private float[] Rent(int length)
    {
        while (_free.TryTake(out float[]? array))
        {
            if (array.Length == length)
            {
                return array;
            }
        }

        return new float[length];
    }

    private void Return(float[] pixels)
    {
        if (!_disposed && _free.Count < _options.Prefetch + 2)
        {
            _free.Add(pixels);
        }
    }

    /// <summary>Stops the background thread and waits for it; batches not taken are dropped.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stop.Cancel();
        try
        {
            _producer.Wait();
        }
        catch (AggregateException)
        {
            // The producer reports its errors through the queue; nothing to add at disposal.
        }

        while (_queue.Reader.TryRead(out Batch? left))
        {
            left.Dispose();
        }

        _stop.Dispose();
    }
}
