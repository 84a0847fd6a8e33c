using AutoVision.Data.AutoDL;
using AutoVision.Data.Caching;
using AutoVision.Data.Loading;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoVision.Runner.Learning;

/// <summary>
/// The task as the learner uses it: images decoded once per input shape into uint8 caches (within the memory cap of
/// <see cref="LearnerOptions.CacheMemoryMiB"/>), dense targets, a stratified seeded validation hold-out, and
/// shuffled training batches made ahead on a background thread.
/// </summary>
/// <remarks>
/// Undecodable images: a training image is left out of fitting and validation (warning 2008 with the count and the
/// first few); a test image is replaced by a neutral mid-grey image so that its prediction row stays in place
/// (warning 2008). Records that cannot be read at all (checksum, truncation, malformed) stop the run with the
/// reader's message.
/// </remarks>
public sealed class LearnerData : IDisposable
{
    private readonly AutoDLDataset _dataset;
    private readonly CacheMemory _memory;
    private readonly ILogger _log;
    private readonly Dictionary<InputShape, (ImageSet Train, ImageSet Test)> _bySize = new();
    private BatchLoader? _loader;
    private InputShape _loaderSize;

    private readonly int _frames;

    private LearnerData(AutoDLDataset dataset, CacheMemory memory, ILogger log, int frames, Tensor targets, bool multiLabel,
        long[] fitRows, long[] validationRows, double[,] validationSolution, int testCount)
    {
        _dataset = dataset;
        _frames = frames;
        _memory = memory;
        _log = log;
        Targets = targets;
        MultiLabel = multiLabel;
        FitRows = fitRows;
        ValidationRows = validationRows;
        ValidationSolution = validationSolution;
        TestCount = testCount;
    }

    /// <summary>(train count, classes) float 0/1 targets (label scores).</summary>
    public Tensor Targets { get; }

    /// <summary>Some train example has several labels: sigmoid per class instead of a softmax.</summary>
    public bool MultiLabel { get; }

    /// <summary>Train rows the models are fitted on.</summary>
    public long[] FitRows { get; }

    /// <summary>Train rows held out to choose between models.</summary>
    public long[] ValidationRows { get; }

    /// <summary>0/1 labels of the validation rows, as a solution matrix.</summary>
    public double[,] ValidationSolution { get; }

    public int TestCount { get; }

    /// <summary>Decodes the training and test images at <paramref name="firstSize"/> (the first input shape the
    /// learner asks for), reads the labels and draws the validation hold-out.</summary>
    /// <exception cref="InvalidDataException">An unreadable record, a test split whose record count differs from its
    /// metadata, or a split whose channel count is not <paramref name="channels"/>.</exception>
    /// <param name="frames">Frames cached per example: 1 for images (a sequence gives its middle frame), F &gt; 1 for the
    /// video learner (F frames spread over each clip, stacked along the channel axis).</param>
    public static LearnerData Prepare(AutoDLDataset dataset, int classes, int channels, InputShape firstSize, LearnerOptions options, Random rng, ILogger log, int frames = 1)
    {
        var memory = new CacheMemory((long)options.CacheMemoryMiB << 20);
        var (train, test) = Build(dataset, firstSize, memory, log, frames);
        try
        {
            foreach (var (set, split) in new[] { (train, "train"), (test, "test") })
                if (set.Cache.Channels != channels * frames)
                    throw new InvalidDataException(
                        $"The {split} split of '{dataset.DataDir}' has {set.Cache.Channels / frames} channels; the model is built for {channels} (the training metadata's num_channels).");
            if (test.Count != dataset.TestMetadata.SampleCount)
                throw new InvalidDataException(
                    $"The test split of '{dataset.DataDir}' has {test.Count} records but its metadata says sample_count {dataset.TestMetadata.SampleCount}.");
            var targets = new float[train.Count * classes];
            for (int i = 0; i < train.Count; i++)
            {
                var index = train.Cache.LabelIndex[i];
                var score = train.Cache.LabelScore[i];
                for (int k = 0; k < index.Length; k++)
                {
                    if (index[k] >= classes)
                        throw new InvalidDataException($"Training row {i} of '{dataset.DataDir}' has label {index[k]}; the task has {classes} classes.");
                    targets[i * classes + index[k]] = score[k];
                }
            }
            bool multiLabel = train.Cache.LabelIndex.Any(l => l.Length > 1);
            var (fit, validation) = StratifiedHoldout.Split(train.Cache.LabelIndex, train.Cache.Usable, options.ValidationFraction, options.MaxValidation, rng);
            if (fit.Length == 0)
                throw new InvalidDataException($"The training split of '{dataset.DataDir}' has no usable example.");
            var solution = new double[validation.Length, classes];
            for (int r = 0; r < validation.Length; r++)
                for (int c = 0; c < classes; c++)
                    solution[r, c] = targets[validation[r] * classes + c] > 0 ? 1 : 0;
            var data = new LearnerData(dataset, memory, log, frames, tensor(targets, new long[] { train.Count, classes }), multiLabel,
                fit.Select(r => (long)r).ToArray(), validation.Select(r => (long)r).ToArray(), solution, test.Count);
            data._bySize[firstSize] = (train, test);
            log.LogInformation(LogEvents.DataDecoded,
                "Read {Train} train ({Fit} fit / {Val} validation) and {Test} test examples{MultiLabel}",
                train.Count, fit.Length, validation.Length, test.Count, multiLabel ? " (multi-label)" : "");
            return data;
        }
        catch
        {
            train.Cache.Dispose();
            test.Cache.Dispose();
            throw;
        }
    }

    /// <summary>Train and test images at <paramref name="size"/> (H × W; decoded from the records on first use).</summary>
    public (ImageSet Train, ImageSet Test) Images(InputShape size)
    {
        if (!_bySize.TryGetValue(size, out var images))
        {
            images = Build(_dataset, size, _memory, _log, _frames);
            _bySize[size] = images;
        }
        return images;
    }

    /// <summary>
    /// The next shuffled batch of <paramref name="batch"/> fit rows at <paramref name="size"/>, made ahead on a
    /// background thread. A new loader (seeded from <paramref name="rng"/>) starts when the shape or batch size changes.
    /// </summary>
    public AutoVision.Data.Loading.Batch NextBatch(InputShape size, int batch, Random rng)
    {
        if (_loader is null || _loader.BatchSize != batch || _loaderSize != size)
        {
            EndLoader();
            _loader = new BatchLoader(Images(size).Train.Cache, FitRows.Select(r => (int)r).ToArray(), batch, rng.Next());
            _loaderSize = size;
        }
        return _loader.Next() ?? throw new InvalidOperationException("The endless batch loader ended.");
    }

    /// <summary>Calls to <see cref="NextBatch"/> that had to wait for the loader, and how long they waited, since the loader started.</summary>
    public (int Waits, TimeSpan WaitTime) LoaderWaits => _loader is null ? (0, TimeSpan.Zero) : (_loader.Waits, _loader.WaitTime);

    private static (ImageSet Train, ImageSet Test) Build(AutoDLDataset dataset, InputShape size, CacheMemory memory, ILogger log, int frames)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var train = ImageCache.Build(AutoDLCacheSource.Train(dataset, frames), size, memory);
        ImageCache test;
        try
        {
            test = ImageCache.Build(AutoDLCacheSource.Test(dataset, frames), size, memory);
        }
        catch
        {
            train.Dispose();
            throw;
        }
        if (train.Skipped.Count > 0)
            log.LogWarning(LogEvents.ImagesUndecodable,
                "{Count} of {Total} training images cannot be decoded and are left out of training: {First}",
                train.Skipped.Count, train.Count, string.Join("; ", train.Skipped.Take(3).Select(s => $"{s.Path}: {s.Reason}")));
        if (test.Neutralized.Count > 0)
            log.LogWarning(LogEvents.ImagesUndecodable,
                "{Count} of {Total} test images cannot be decoded; each is predicted from a neutral grey image so that its row stays in place: {First}",
                test.Neutralized.Count, test.Count, string.Join("; ", test.Neutralized.Take(3).Select(s => $"{s.Path}: {s.Reason}")));
        log.LogInformation(LogEvents.DataDecoded,
            "Decoded {Train} train and {Test} test images at {Size}px in {Seconds:F1} s ({Memory} MiB in memory, {Disk} MiB on disk)",
            train.Count, test.Count, size, sw.Elapsed.TotalSeconds,
            (train.MemoryBytes + test.MemoryBytes) >> 20, (train.DiskBytes + test.DiskBytes) >> 20);
        return (new ImageSet(train), new ImageSet(test));
    }

    private void EndLoader()
    {
        if (_loader is null) return;
        _log.LogInformation(LogEvents.DataDecoded, "Batch loader of {Batch} at {Size}px: training waited for it {Waits} times ({Milliseconds:F0} ms in all)",
            _loader.BatchSize, _loaderSize, _loader.Waits, _loader.WaitTime.TotalMilliseconds);
        _loader.Dispose();
        _loader = null;
    }

    public void Dispose()
    {
        EndLoader();
        Targets.Dispose();
        foreach (var (train, test) in _bySize.Values)
        {
            train.Cache.Dispose();
            test.Cache.Dispose();
        }
        _bySize.Clear();
    }
}
