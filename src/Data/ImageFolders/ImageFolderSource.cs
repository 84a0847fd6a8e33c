using AutoVision.Data.AutoDL;
using AutoVision.Data.Images;

namespace AutoVision.Data.ImageFolders;

/// <summary>
/// A dataset laid out as folders of images, one folder per class:
/// <code>
/// &lt;root&gt;/train/&lt;class&gt;/*.jpg|jpeg|png|bmp|gif|webp
/// &lt;root&gt;/test/&lt;class&gt;/...        (labelled test)  or  &lt;root&gt;/test/*.jpg  (unlabelled test)
/// </code>
/// or a single set of class folders, <c>&lt;root&gt;/&lt;class&gt;/...</c> (or only <c>&lt;root&gt;/train/&lt;class&gt;/</c>),
/// split into train and test by <see cref="StratifiedSplit"/> with <see cref="ImageSourceOptions.TestFraction"/> and
/// <see cref="ImageSourceOptions.Seed"/>.
/// </summary>
/// <remarks>
/// <para>Classes are the class folder names of train and of a labelled test, in ordinal order; a class's index is
/// its position. Within a split, examples come class by class (index order), and within a class in ordinal order
/// of the path. Extensions match ignoring case; other files and hidden entries (names starting with '.') are
/// ignored; images in sub-folders of a class folder belong to that class.</para>
/// <para>Channels: <see cref="ImageSourceOptions.Channels"/>, else <see cref="ChannelRule"/> (1 if every sampled
/// training image is grey, else 3). Images larger than <see cref="ImageSourceOptions.MaxSide"/> are decoded at
/// reduced scale. An undecodable training image is skipped and listed in <see cref="Skipped"/>; an undecodable test
/// image is an error naming the file.</para>
/// </remarks>
public sealed class ImageFolderSource : IDatasetSource
{
    private readonly ImageEntry[] _train;
    private readonly ImageEntry[] _test;
    private readonly ImageSourceOptions _options;
    private List<SkippedExample> _skipped = [];

    private ImageFolderSource(string name, string root, string[] classes, ImageEntry[] train, ImageEntry[] test, bool testLabelled, bool isSplit, ImageSourceOptions options)
    {
        Name = name;
        Root = root;
        Classes = classes;
        _train = train;
        _test = test;
        HasTestLabels = testLabelled;
        IsSplitHere = isSplit;
        _options = options;
        Channels = options.Channels ?? ChannelRule.Infer(train);
    }

    /// <summary>The root folder's name.</summary>
    public string Name { get; }

    /// <summary>Full path of the root folder.</summary>
    public string Root { get; }

    /// <summary>Class names (folder names) by index, in ordinal order.</summary>
    public IReadOnlyList<string> Classes { get; }

    IReadOnlyList<string>? IDatasetSource.Classes => Classes;

    /// <summary>Number of classes.</summary>
    public int OutputDim => Classes.Count;

    /// <summary>Always false: each image is in exactly one class folder.</summary>
    public bool IsMultiLabel => false;

    /// <summary>Channels of every decoded image.</summary>
    public int Channels { get; }

    /// <summary>Whether test images sit in class folders (or come from the split), so that their labels are known.</summary>
    public bool HasTestLabels { get; }

    /// <summary>Whether train and test were made by the seeded split rather than given as folders.</summary>
    public bool IsSplitHere { get; }

    /// <summary>Training image files, in reading order.</summary>
    public IReadOnlyList<string> TrainFiles => _train.Select(e => e.Path).ToArray();

    /// <summary>Test image files, in row order.</summary>
    public IReadOnlyList<string> TestFiles => _test.Select(e => e.Path).ToArray();

    /// <inheritdoc/>
    public IReadOnlyList<SkippedExample> Skipped => _skipped;

    /// <summary>Scans <paramref name="root"/> (no image is decoded yet).</summary>
    /// <exception cref="DirectoryNotFoundException"><paramref name="root"/> does not exist.</exception>
    /// <exception cref="InvalidDataException">No class folders, an empty split, or images outside class folders where classes are expected.</exception>
    public static ImageFolderSource Open(string root, ImageSourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        options ??= ImageSourceOptions.Default;
        options.Validate();
        string full = Path.GetFullPath(root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"Image folder not found: {full}");
        }

        string name = Path.GetFileName(full);
        string trainDir = Path.Combine(full, "train");
        string testDir = Path.Combine(full, "test");
        bool hasTrain = Directory.Exists(trainDir);
        Dictionary<string, string[]> trainClasses = ReadClassFolders(hasTrain ? trainDir : full);

        if (hasTrain && Directory.Exists(testDir))
        {
            string[] testClassDirs = ImageFiles.ClassFolders(testDir);
            string[] looseTest = ImageFiles.ListTop(testDir);
            if (testClassDirs.Length > 0 && looseTest.Length > 0)
            {
                throw new InvalidDataException($"Image folder '{testDir}' has both class folders and loose images (e.g. '{looseTest[0]}'); expected either test/<class>/ folders (labelled test) or images directly in test/ (unlabelled test).");
            }

            Dictionary<string, string[]> testClasses = testClassDirs.Length > 0 ? ReadClassFolders(testDir) : [];
            string[] classes = trainClasses.Keys.Union(testClasses.Keys).Order(StringComparer.Ordinal).ToArray();
            ImageEntry[] train = Entries(classes, trainClasses, withLabels: true);
            ImageEntry[] test = testClassDirs.Length > 0
                ? Entries(classes, testClasses, withLabels: true)
                : looseTest.Select(f => new ImageEntry(f, [])).ToArray();
            CheckNotEmpty(train, trainDir, "training");
            CheckNotEmpty(test, testDir, "test");
            return new ImageFolderSource(name, full, classes, train, test, testClassDirs.Length > 0, isSplit: false, options);
        }

        string[] names = trainClasses.Keys.Order(StringComparer.Ordinal).ToArray();
        (string[][] trainFiles, string[][] testFiles) = StratifiedSplit.Split(names.Select(c => (IReadOnlyList<string>)trainClasses[c]).ToArray(), options.TestFraction, options.Seed);
        ImageEntry[] splitTrain = trainFiles.SelectMany((files, c) => files.Select(f => new ImageEntry(f, [c]))).ToArray();
        ImageEntry[] splitTest = testFiles.SelectMany((files, c) => files.Select(f => new ImageEntry(f, [c]))).ToArray();
        string source = hasTrain ? trainDir : full;
        CheckNotEmpty(splitTrain, source, "training");
        CheckNotEmpty(splitTest, source, $"test (split with test fraction {options.TestFraction}, seed {options.Seed}; every class has fewer than 2 images?)");
        return new ImageFolderSource(name, full, names, splitTrain, splitTest, testLabelled: true, isSplit: true, options);
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

    /// <summary>The class index of each test image, or null when the test images are not in class folders.</summary>
    public IReadOnlyList<int[]>? ReadTestLabels() => HasTestLabels ? _test.Select(e => e.Labels).ToArray() : null;

    private static Dictionary<string, string[]> ReadClassFolders(string dir)
    {
        string[] loose = ImageFiles.ListTop(dir);
        if (loose.Length > 0)
        {
            throw new InvalidDataException($"Image folder '{dir}' holds images outside class folders (e.g. '{loose[0]}'); expected <class>/ sub-folders with the images of each class.");
        }

        string[] classDirs = ImageFiles.ClassFolders(dir);
        if (classDirs.Length == 0)
        {
            throw new InvalidDataException($"Image folder '{dir}' has no class folders; expected <class>/ sub-folders with the images of each class (or train/ and test/ folders).");
        }

        return classDirs.ToDictionary(d => Path.GetFileName(d), ImageFiles.List, StringComparer.Ordinal);
    }

    private static ImageEntry[] Entries(string[] classes, Dictionary<string, string[]> byClass, bool withLabels) =>
        classes.SelectMany((name, c) => byClass.GetValueOrDefault(name, []).Select(f => new ImageEntry(f, withLabels ? [c] : [])))
            .ToArray();

    private static void CheckNotEmpty(ImageEntry[] entries, string dir, string split)
    {
        if (entries.Length == 0)
        {
            throw new InvalidDataException($"Image folder '{dir}': the {split} split has no images (extensions {string.Join(", ", ImageFiles.Extensions)}).");
        }
    }
}
