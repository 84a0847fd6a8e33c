using AutoVision.Data.AutoDL;
using AutoVision.Data.Images;

namespace AutoVision.Data.Manifests;

/// <summary>
/// A dataset described by CSV manifests (read with CsvHelper; RFC 4180, UTF-8, a header row):
/// <code>
/// path,label            one class name per row, or several separated by '|' (multi-label): cat|dog
/// path,cat,dog,bird     one 0/1 column per class (multi-label); the header names the classes
/// path,label,split      a 'split' column (train or test) lets one manifest hold both splits
/// </code>
/// Paths are relative to the manifest's folder (absolute paths are kept). Without a split column, the training and
/// test rows come from two manifests. Column names match ignoring case.
/// </summary>
/// <remarks>
/// <para>Classes: the given class list, else the 0/1 column names in header order, else every label name of both
/// manifests in ordinal order. A label outside the given class list, a value other than 0 or 1, a split other than
/// train or test, an empty path or a training row without a label is an error naming the manifest, the line and
/// the column.</para>
/// <para>Test rows may have labels (then <see cref="ReadTestLabels"/> returns them, for a <c>.solution</c>) or not; test
/// examples never carry them. Decoding, channels, reduced scale and the recovery rule for undecodable images are
/// those of <see cref="ImageSetReader"/> and <see cref="ChannelRule"/>: a missing or broken training image is
/// skipped and listed in <see cref="Skipped"/>; a missing or broken test image is an error naming the file and its
/// manifest line.</para>
/// </remarks>
public sealed class CsvManifestSource : IDatasetSource
{
    private readonly ImageEntry[] _train;
    private readonly ImageEntry[] _test;
    private readonly ImageSourceOptions _options;
    private List<SkippedExample> _skipped = [];

    private CsvManifestSource(string name, string[] classes, bool multiLabel, ImageEntry[] train, ImageEntry[] test, bool testLabelled, ImageSourceOptions options)
    {
        Name = name;
        Classes = classes;
        IsMultiLabel = multiLabel;
        _train = train;
        _test = test;
        HasTestLabels = testLabelled;
        _options = options;
        Channels = options.Channels ?? ChannelRule.Infer(train);
    }

    /// <summary>The (first) manifest's file name without extension.</summary>
    public string Name { get; }

    /// <summary>Class names by index.</summary>
    public IReadOnlyList<string> Classes { get; }

    IReadOnlyList<string>? IDatasetSource.Classes => Classes;

    /// <summary>Number of classes.</summary>
    public int OutputDim => Classes.Count;

    /// <summary>True for 0/1 class columns, or when some row lists several labels.</summary>
    public bool IsMultiLabel { get; }

    /// <summary>Channels of every decoded image.</summary>
    public int Channels { get; }

    /// <summary>Whether every test row has labels.</summary>
    public bool HasTestLabels { get; }

    /// <summary>Training image files, in manifest order.</summary>
    public IReadOnlyList<string> TrainFiles => _train.Select(e => e.Path).ToArray();

    /// <summary>Test image files, in manifest order (the row order).</summary>
    public IReadOnlyList<string> TestFiles => _test.Select(e => e.Path).ToArray();

    /// <inheritdoc/>
    public IReadOnlyList<SkippedExample> Skipped => _skipped;

    /// <summary>Opens one manifest with a <c>split</c> column.</summary>
    /// <exception cref="FileNotFoundException">The manifest does not exist.</exception>
    /// <exception cref="InvalidDataException">Malformed content; the message names the file, line and column.</exception>
    public static CsvManifestSource Open(string manifest, ImageSourceOptions? options = null, IReadOnlyList<string>? classes = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ManifestTable table = ManifestTable.Read(manifest);
        ManifestLayout layout = ManifestLayout.Of(table);
        if (layout.SplitColumn < 0)
        {
            throw new InvalidDataException($"CSV manifest '{table.Path}', line 1: expected a '{ManifestLayout.SplitName}' column (train or test on each row), or open a training and a test manifest together.");
        }

        var train = new List<ManifestRow>();
        var test = new List<ManifestRow>();
        foreach (ManifestRow row in table.Rows)
        {
            string split = row.Fields[layout.SplitColumn].Trim();
            if (split.Equals("train", StringComparison.OrdinalIgnoreCase))
            {
                train.Add(row);
            }
            else if (split.Equals("test", StringComparison.OrdinalIgnoreCase))
            {
                test.Add(row);
            }
            else
            {
                throw new InvalidDataException($"{table.Where(row, layout.SplitColumn)}: expected 'train' or 'test' but found '{split}'.");
            }
        }

        return Build(table, layout, train, table, layout, test, options, classes);
    }

    /// <summary>Opens a training manifest and a test manifest (the test one may have no label columns).</summary>
    /// <exception cref="FileNotFoundException">A manifest does not exist.</exception>
    /// <exception cref="InvalidDataException">Malformed content; the message names the file, line and column.</exception>
    public static CsvManifestSource Open(string trainManifest, string testManifest, ImageSourceOptions? options = null, IReadOnlyList<string>? classes = null)
    {
        ArgumentNullException.ThrowIfNull(trainManifest);
        ArgumentNullException.ThrowIfNull(testManifest);
        ManifestTable train = ManifestTable.Read(trainManifest);
        ManifestTable test = ManifestTable.Read(testManifest);
        return Build(train, ManifestLayout.Of(train), train.Rows, test, ManifestLayout.Of(test), test.Rows, options, classes);
    }

    /// <inheritdoc/>
    public IReadOnlyList<AutoDLExample> ReadTrain()
    {
        var skipped = new List<SkippedExample>();
        IReadOnlyList<AutoDLExample> examples = ImageSetReader.ReadTrain(_train, Channels, _options.MaxSide, skipped);
        _skipped = skipped;
        return examples;
    }

    /// <inheritdoc/>
    public IReadOnlyList<AutoDLExample> ReadTest() => ImageSetReader.ReadTest(_test, Channels, _options.MaxSide);

    /// <summary>The class indices of each test row, or null unless every test row is labelled.</summary>
    public IReadOnlyList<int[]>? ReadTestLabels() => HasTestLabels ? _test.Select(e => e.Labels).ToArray() : null;

    private static CsvManifestSource Build(
        ManifestTable trainTable, ManifestLayout trainLayout, IReadOnlyList<ManifestRow> trainRows,
        ManifestTable testTable, ManifestLayout testLayout, IReadOnlyList<ManifestRow> testRows,
        ImageSourceOptions? options, IReadOnlyList<string>? classes)
    {
        options ??= ImageSourceOptions.Default;
        options.Validate();
        if (!trainLayout.HasLabels)
        {
            throw new InvalidDataException($"CSV manifest '{trainTable.Path}', line 1: the training rows need labels: a '{ManifestLayout.LabelName}' column or one 0/1 column per class.");
        }

        string[] names = ManifestLabels.Classes(classes, trainTable, trainLayout, trainRows, testTable, testLayout, testRows);
        var labels = new ManifestLabels(names);
        ImageEntry[] train = trainRows.Select(r => Entry(trainTable, trainLayout, r, labels, isTest: false)).ToArray();
        ImageEntry[] test = testRows.Select(r => Entry(testTable, testLayout, r, labels, isTest: true)).ToArray();
        if (train.Length == 0)
        {
            throw new InvalidDataException($"CSV manifest '{trainTable.Path}': the training split has no rows.");
        }

        if (test.Length == 0)
        {
            throw new InvalidDataException($"CSV manifest '{testTable.Path}': the test split has no rows.");
        }

        bool testLabelled = testLayout.HasLabels && (testLayout.IsIndicator || testRows.All(r => r.Fields[testLayout.LabelColumn].Trim().Length > 0));
        bool multiLabel = trainLayout.IsIndicator || train.Concat(test).Any(e => e.Labels.Length > 1);
        string name = Path.GetFileNameWithoutExtension(trainTable.Path);
        return new CsvManifestSource(name, names, multiLabel, train, test, testLabelled, options);
    }

    private static ImageEntry Entry(ManifestTable table, ManifestLayout layout, ManifestRow row, ManifestLabels labels, bool isTest)
    {
        string relative = row.Fields[layout.PathColumn].Trim();
        if (relative.Length == 0)
        {
            throw new InvalidDataException($"{table.Where(row, layout.PathColumn)}: expected an image path but the field is empty.");
        }

        string path = Path.GetFullPath(relative, Path.GetDirectoryName(table.Path)!);
        int[] indices = labels.Parse(table, layout, row);
        if (!isTest && indices.Length == 0 && !layout.IsIndicator)
        {
            throw new InvalidDataException($"{table.Where(row, layout.LabelColumn)}: expected at least one class name for a training row but the field is empty.");
        }

        return new ImageEntry(path, indices, $"CSV manifest '{table.Path}', line {row.Line}");
    }
}
