using AutoVision.Data.AutoDL;
using AutoVision.Data.ImageFolders;
using AutoVision.Data.Images;

namespace AutoVision.Data.Video;

/// <summary>
/// A video dataset laid out as class folders of clips:
/// <code>
/// &lt;root&gt;/train/&lt;class&gt;/&lt;clip&gt;.mp4|avi|webm|mkv|mov|m4v|mpg|mpeg   (video files)
/// &lt;root&gt;/train/&lt;class&gt;/&lt;clip&gt;/*.jpg|png|...                 (a folder of frames per clip)
/// &lt;root&gt;/test/&lt;class&gt;/...  (labelled test)  or  &lt;root&gt;/test/&lt;clip&gt;...  (unlabelled test)
/// </code>
/// or the class folders alone (<c>&lt;root&gt;/&lt;class&gt;/</c> or only <c>train/</c>), split into train and test by
/// <see cref="StratifiedSplit"/> with the options' test fraction and seed.
/// </summary>
/// <remarks>
/// <para>Every clip becomes one example of <see cref="ImageSourceOptions.VideoFrames"/> frames (T) spread uniformly
/// over it: for a video file, the first frames shown at or after <c>(i + 0.5) / T</c> of its duration (see
/// <see cref="IVideoDecoder"/>); for a folder of n frames (image files in ordinal name order), frames
/// <c>floor((i + 0.5) · n / T)</c>, so a folder with fewer than T frames repeats some. Frames are decoded like image
/// files (<see cref="ImageFileDecoder"/>, reduced scale above <see cref="ImageSourceOptions.MaxSide"/>), to
/// <see cref="ImageSourceOptions.Channels"/> channels (default 3).</para>
/// <para>Classes are the class folder names in ordinal order; clips come class by class, in ordinal path order.
/// A clip that cannot be opened or decoded, or whose frames differ in size, is an error naming the file, in either
/// split (a clip is not a single bad photo among thousands).</para>
/// </remarks>
public sealed class VideoFolderSource : IDatasetSource
{
    /// <summary>Video file extensions, compared ignoring case.</summary>
    public static readonly IReadOnlyList<string> VideoExtensions = [".mp4", ".avi", ".webm", ".mkv", ".mov", ".m4v", ".mpg", ".mpeg"];

    private readonly Clip[] _train;
    private readonly Clip[] _test;
    private readonly ImageSourceOptions _options;
    private readonly IVideoDecoder _decoder;

    private VideoFolderSource(string name, string[] classes, Clip[] train, Clip[] test, bool testLabelled, ImageSourceOptions options, IVideoDecoder decoder)
    {
        Name = name;
        Classes = classes;
        _train = train;
        _test = test;
        HasTestLabels = testLabelled;
        _options = options;
        _decoder = decoder;
    }

    public string Name { get; }

    public IReadOnlyList<string> Classes { get; }

    public int OutputDim => Classes.Count;

    /// <summary>Always false: each clip is in exactly one class folder.</summary>
    public bool IsMultiLabel => false;

    /// <summary>Always empty: an unreadable clip is an error.</summary>
    public IReadOnlyList<SkippedExample> Skipped => [];

    /// <summary>Whether the test clips' labels are known (class folders or the split).</summary>
    public bool HasTestLabels { get; }

    /// <summary>Training clips (files or frame folders), in reading order.</summary>
    public IReadOnlyList<string> TrainClips => _train.Select(c => c.Path).ToArray();

    /// <summary>Test clips, in row order.</summary>
    public IReadOnlyList<string> TestClips => _test.Select(c => c.Path).ToArray();

    /// <summary>Whether <paramref name="path"/> has a video file extension.</summary>
    public static bool IsVideoFile(string path) => VideoExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether <paramref name="root"/> looks like a video dataset: some class folder (under <c>train/</c>, or the root's
    /// own) holds a video file, or holds only sub-folders of images (folders of frames) and no image file itself.
    /// </summary>
    public static bool Looks(string root)
    {
        string dir = Directory.Exists(Path.Combine(root, "train")) ? Path.Combine(root, "train") : root;
        if (!Directory.Exists(dir))
        {
            return false;
        }

        foreach (string classDir in ImageFiles.ClassFolders(dir))
        {
            if (Directory.EnumerateFiles(classDir).Any(IsVideoFile))
            {
                return true;
            }

            if (ImageFiles.ListTop(classDir).Length == 0 && ImageFiles.ClassFolders(classDir).Any(d => ImageFiles.ListTop(d).Length > 0))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Scans <paramref name="root"/> (nothing is decoded yet).</summary>
    /// <param name="root">The dataset folder.</param>
    /// <param name="options">Frames per clip, maximum side, channels, split; null: the defaults.</param>
    /// <param name="decoder">Video file decoder; null: <see cref="FfmpegVideoDecoder"/>.</param>
    /// <exception cref="DirectoryNotFoundException"><paramref name="root"/> does not exist.</exception>
    /// <exception cref="InvalidDataException">No class folders, an empty split, or clips outside class folders.</exception>
    public static VideoFolderSource Open(string root, ImageSourceOptions? options = null, IVideoDecoder? decoder = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        options ??= ImageSourceOptions.Default;
        options.Validate();
        string full = Path.GetFullPath(root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"Video folder not found: {full}");
        }

        decoder ??= new FfmpegVideoDecoder();
        string trainDir = Path.Combine(full, "train"), testDir = Path.Combine(full, "test");
        bool hasTrain = Directory.Exists(trainDir);
        Dictionary<string, string[]> trainClasses = ClassClips(hasTrain ? trainDir : full);
        if (hasTrain && Directory.Exists(testDir))
        {
            string[] looseTest = Clips(testDir);
            bool labelled = looseTest.Length == 0;
            Dictionary<string, string[]> testClasses = labelled ? ClassClips(testDir) : [];
            string[] classes = trainClasses.Keys.Union(testClasses.Keys).Order(StringComparer.Ordinal).ToArray();
            Clip[] train = ByClass(classes, trainClasses);
            Clip[] test = labelled ? ByClass(classes, testClasses) : looseTest.Select(p => new Clip(p, [])).ToArray();
            CheckNotEmpty(train, trainDir, "training");
            CheckNotEmpty(test, testDir, "test");
            return new VideoFolderSource(Path.GetFileName(full), classes, train, test, labelled, options, decoder);
        }

        string[] names = trainClasses.Keys.Order(StringComparer.Ordinal).ToArray();
        (string[][] trainClips, string[][] testClips) = StratifiedSplit.Split(names.Select(c => (IReadOnlyList<string>)trainClasses[c]).ToArray(), options.TestFraction, options.Seed);
        Clip[] splitTrain = trainClips.SelectMany((clips, c) => clips.Select(p => new Clip(p, [c]))).ToArray();
        Clip[] splitTest = testClips.SelectMany((clips, c) => clips.Select(p => new Clip(p, [c]))).ToArray();
        string source = hasTrain ? trainDir : full;
        CheckNotEmpty(splitTrain, source, "training");
        CheckNotEmpty(splitTest, source, $"test (split with test fraction {options.TestFraction}, seed {options.Seed}; every class has fewer than 2 clips?)");
        return new VideoFolderSource(Path.GetFileName(full), names, splitTrain, splitTest, testLabelled: true, options, decoder);
    }

    public IReadOnlyList<AutoDLExample> ReadTrain() => Read(_train, withLabels: true);

    public IReadOnlyList<AutoDLExample> ReadTest() => Read(_test, withLabels: false);

    public IReadOnlyList<int[]>? ReadTestLabels() => HasTestLabels ? _test.Select(c => c.Labels).ToArray() : null;

    /// <summary>Which of <paramref name="available"/> frames clip frame i of <paramref name="count"/> is: floor((i + 0.5) · n / T).</summary>
    public static int[] FrameIndices(int available, int count) =>
        Enumerable.Range(0, count).Select(i => (int)Math.Floor((i + 0.5) * available / count)).ToArray();

    private IReadOnlyList<AutoDLExample> Read(Clip[] clips, bool withLabels)
    {
        var examples = new AutoDLExample[clips.Length];
        var errors = new Exception?[clips.Length];
        Parallel.For(0, clips.Length, i =>
        {
            try
            {
                examples[i] = Decode(clips[i], withLabels);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                errors[i] = ex;
            }
        });

        for (int i = 0; i < clips.Length; i++)
        {
            if (errors[i] is InvalidOperationException missingTool)
            {
                throw new InvalidOperationException(missingTool.Message, missingTool);
            }

            if (errors[i] is Exception error)
            {
                throw new InvalidDataException($"Clip '{clips[i].Path}' ({(withLabels ? "train" : "test")} row {i}): {error.Message}", error);
            }
        }

        return examples;
    }

    private AutoDLExample Decode(Clip clip, bool withLabels)
    {
        int frames = _options.VideoFrames;
        int channels = _options.Channels ?? 3;
        IReadOnlyList<(string Name, byte[] Bytes)> encoded = Directory.Exists(clip.Path)
            ? FrameFiles(clip.Path, frames)
            : _decoder.SampleFrames(clip.Path, frames).Select((b, i) => ($"sampled frame {i}", b)).ToArray();
        float[]? values = null;
        int h = 0, w = 0;
        for (int t = 0; t < encoded.Count; t++)
        {
            DecodedImage image;
            try
            {
                image = ImageFileDecoder.Decode(encoded[t].Bytes, channels, _options.MaxSide);
            }
            catch (InvalidDataException ex)
            {
                throw new InvalidDataException($"{encoded[t].Name}: {ex.Message}", ex);
            }

            if (values is null)
            {
                (h, w) = (image.Height, image.Width);
                values = new float[(long)frames * h * w * channels];
            }
            else if (image.Height != h || image.Width != w)
            {
                throw new InvalidDataException($"{encoded[t].Name} is {image.Height}x{image.Width} but the clip's first frame is {h}x{w}; all frames of a clip must have the same size.");
            }

            int offset = t * h * w * channels;
            for (int k = 0; k < image.Pixels.Length; k++)
            {
                values[offset + k] = image.Pixels[k] * (float)(1.0 / 255.0);
            }
        }

        int[] labels = withLabels ? clip.Labels : [];
        return AutoDLExample.Create(null, labels, labels.Select(_ => 1f).ToArray(), frames, h, w, channels, values!);
    }

    private static (string Name, byte[] Bytes)[] FrameFiles(string folder, int frames)
    {
        string[] files = ImageFiles.ListTop(folder);
        if (files.Length == 0)
        {
            throw new InvalidDataException($"the frame folder has no images (extensions {string.Join(", ", ImageFiles.Extensions)})");
        }

        return FrameIndices(files.Length, frames).Select(i => ($"frame '{files[i]}'", File.ReadAllBytes(files[i]))).ToArray();
    }

    /// <summary>Clips directly in <paramref name="dir"/>: video files and sub-folders holding images, in ordinal order.</summary>
    private static string[] Clips(string dir) => Directory.EnumerateFiles(dir).Where(IsVideoFile)
        .Concat(ImageFiles.ClassFolders(dir).Where(d => ImageFiles.ListTop(d).Length > 0))
        .Where(p => !Path.GetFileName(p).StartsWith('.'))
        .Order(StringComparer.Ordinal)
        .ToArray();

    private static Dictionary<string, string[]> ClassClips(string dir)
    {
        string[] classDirs = ImageFiles.ClassFolders(dir);
        if (classDirs.Length == 0)
        {
            throw new InvalidDataException($"Video folder '{dir}' has no class folders; expected <class>/ sub-folders holding video files or folders of frames.");
        }

        return classDirs.ToDictionary(d => Path.GetFileName(d), Clips, StringComparer.Ordinal);
    }

    private static Clip[] ByClass(string[] classes, Dictionary<string, string[]> byClass) =>
        classes.SelectMany((name, c) => byClass.GetValueOrDefault(name, []).Select(p => new Clip(p, [c]))).ToArray();

    private static void CheckNotEmpty(Clip[] clips, string dir, string split)
    {
        if (clips.Length == 0)
        {
            throw new InvalidDataException($"Video folder '{dir}': the {split} split has no clips (video files {string.Join(", ", VideoExtensions)} or folders of frames).");
        }
    }

    private sealed record Clip(string Path, int[] Labels);
}
