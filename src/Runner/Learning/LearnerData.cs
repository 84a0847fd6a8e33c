using System.Diagnostics;
using AutoVision.Data.AutoDL;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoVision.Runner.Learning;

/// <summary>
/// The decoded task as the learner uses it: uint8 images at each input size it needs, dense targets, a
/// stratified seeded validation hold-out, and an endless shuffled stream of training batches.
/// </summary>
public sealed class LearnerData : IDisposable
{
    private readonly IReadOnlyList<AutoDLExample> _train;
    private readonly IReadOnlyList<AutoDLExample> _test;
    private readonly int _channels;
    private readonly Dictionary<int, (Tensor Train, Tensor Test)> _bySize = new();
    private long[] _order = Array.Empty<long>();
    private int _cursor;

    private LearnerData(IReadOnlyList<AutoDLExample> train, IReadOnlyList<AutoDLExample> test, int channels, Tensor targets,
        bool multiLabel, long[] fitRows, long[] validationRows, double[,] validationSolution)
    {
        _train = train;
        _test = test;
        _channels = channels;
        Targets = targets;
        MultiLabel = multiLabel;
        FitRows = fitRows;
        ValidationRows = validationRows;
        ValidationSolution = validationSolution;
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

    public int TestCount => _test.Count;

    public static LearnerData Prepare(AutoDLDataset dataset, int classes, int channels, LearnerOptions options, Random rng, ILogger log)
    {
        var sw = Stopwatch.StartNew();
        var train = dataset.ReadTrain();
        var test = dataset.ReadTest();
        if (test.Count != dataset.TestMetadata.SampleCount)
            throw new InvalidDataException(
                $"The test split of '{dataset.DataDir}' has {test.Count} records but its metadata says sample_count {dataset.TestMetadata.SampleCount}.");
        var targets = new float[train.Count * classes];
        for (int i = 0; i < train.Count; i++)
            train[i].DenseLabel(classes).CopyTo(targets, i * classes);
        bool multiLabel = train.Any(e => e.LabelIndex.Length > 1);
        var (fit, validation) = Split(train, options, rng);
        var solution = new double[validation.Length, classes];
        for (int r = 0; r < validation.Length; r++)
            for (int c = 0; c < classes; c++)
                solution[r, c] = targets[validation[r] * classes + c] > 0 ? 1 : 0;
        var data = new LearnerData(train, test, channels, tensor(targets, new long[] { train.Count, classes }),
            multiLabel, fit, validation, solution);
        log.LogInformation(LogEvents.DataDecoded,
            "Read {Train} train ({Fit} fit / {Val} validation) and {Test} test examples in {Seconds:F1} s{MultiLabel}",
            train.Count, fit.Length, validation.Length, test.Count, sw.Elapsed.TotalSeconds, multiLabel ? " (multi-label)" : "");
        return data;
    }

    /// <summary>Train and test images at size×size (made on first use).</summary>
    public (Tensor Train, Tensor Test) Images(int size)
    {
        if (!_bySize.TryGetValue(size, out var images))
        {
            images = (ImageTensors.ToUint8(_train, size, _channels), ImageTensors.ToUint8(_test, size, _channels));
            _bySize[size] = images;
        }
        return images;
    }

    /// <summary>The next <paramref name="batch"/> fit rows of a shuffled pass; a new shuffle when a pass ends.</summary>
    public long[] NextBatch(int batch, Random rng)
    {
        if (_cursor + batch > _order.Length)
        {
            _order = (long[])FitRows.Clone();
            rng.Shuffle(_order);
            _cursor = 0;
        }
        var rows = _order.AsSpan(_cursor, batch).ToArray();
        _cursor += batch;
        return rows;
    }

    /// <summary>A stratified (by first label) seeded hold-out: a share of every class with at least two
    /// examples, at most <see cref="LearnerOptions.MaxValidation"/> in all; none when fewer than 10 would be held out.</summary>
    private static (long[] Fit, long[] Validation) Split(IReadOnlyList<AutoDLExample> train, LearnerOptions options, Random rng)
    {
        int n = train.Count;
        int wanted = Math.Min(options.MaxValidation, (int)Math.Floor(n * options.ValidationFraction));
        if (wanted < 10) return (Enumerable.Range(0, n).Select(i => (long)i).ToArray(), Array.Empty<long>());
        var validation = new List<long>();
        foreach (var group in Enumerable.Range(0, n).GroupBy(i => train[i].LabelIndex.Length > 0 ? train[i].LabelIndex[0] : -1).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            rng.Shuffle(members);
            int take = (int)Math.Floor(members.Length * (double)wanted / n);
            if (members.Length >= 2 && take == 0) take = 1;
            validation.AddRange(members.Take(Math.Min(take, members.Length - 1)).Select(i => (long)i));
        }
        if (validation.Count > wanted)
        {
            var all = validation.ToArray();
            rng.Shuffle(all);
            validation = all.Take(wanted).ToList();
        }
        var held = validation.ToHashSet();
        validation.Sort();
        return (Enumerable.Range(0, n).Select(i => (long)i).Where(i => !held.Contains(i)).ToArray(), validation.ToArray());
    }

    public void Dispose()
    {
        Targets.Dispose();
        foreach (var (train, test) in _bySize.Values)
        {
            train.Dispose();
            test.Dispose();
        }
        _bySize.Clear();
    }
}
