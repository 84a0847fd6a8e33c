using AutoVision.Data.AutoDL;
using AutoVision.Data.ImageFolders;
using AutoVision.Data.Images;
using AutoVision.Data.Manifests;
using AutoVision.Data.Video;

namespace AutoVision.Data;

/// <summary>The dataset layouts the runner recognises.</summary>
public enum DatasetFormat
{
    /// <summary>A folder holding one <c>&lt;name&gt;.data/</c> (AutoDL / AutoCV challenge format).</summary>
    AutoDL,

    /// <summary>Class folders: <c>train/&lt;class&gt;/</c> and <c>test/…</c>, or one folder of class folders.</summary>
    ImageFolders,

    /// <summary>Class folders of clips: video files, or folders of frames (see <see cref="VideoFolderSource"/>).</summary>
    VideoFolders,

    /// <summary>A CSV manifest (<c>path,label</c>, label lists or 0/1 columns) with a <c>split</c> column.</summary>
    CsvManifest,
}

/// <summary>Opens a dataset whatever its layout, telling which layout it found.</summary>
public static class DatasetSources
{
    /// <summary>Which layout <paramref name="path"/> has: a <c>.csv</c> file is a manifest; a folder with a
    /// <c>*.data</c> subfolder is AutoDL; a folder whose class folders hold video files or only folders of frames is a
    /// video dataset (<see cref="VideoFolderSource.Looks"/>); any other folder is read as image folders.</summary>
    /// <exception cref="FileNotFoundException">Nothing exists at the path.</exception>
    public static DatasetFormat Detect(string path)
    {
        if (File.Exists(path))
        {
            if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) return DatasetFormat.CsvManifest;
            throw new InvalidDataException($"'{path}' is a file but not a .csv manifest; expected a dataset folder or a CSV manifest.");
        }
        if (!Directory.Exists(path))
            throw new FileNotFoundException($"No dataset at '{path}': expected a folder (AutoDL or image folders) or a CSV manifest.", path);
        if (Directory.EnumerateDirectories(path, "*.data").Any()) return DatasetFormat.AutoDL;
        return VideoFolderSource.Looks(path) ? DatasetFormat.VideoFolders : DatasetFormat.ImageFolders;
    }

    /// <summary>Opens the dataset at <paramref name="path"/> in the layout <see cref="Detect"/> finds.</summary>
    public static IDatasetSource Open(string path, ImageSourceOptions? options = null) => Detect(path) switch
    {
        DatasetFormat.AutoDL => AutoDLDataset.Open(path),
        DatasetFormat.CsvManifest => CsvManifestSource.Open(path, options),
        DatasetFormat.VideoFolders => VideoFolderSource.Open(path, options),
        _ => ImageFolderSource.Open(path, options),
    };
}
