namespace AutoVision.Data.ImageFolders;

/// <summary>Which files of a folder are images, and in which order they are listed.</summary>
internal static class ImageFiles
{
    /// <summary>Image file extensions, compared ignoring case.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp"];

    /// <summary>Whether <paramref name="path"/> has an image extension.</summary>
    public static bool IsImage(string path) =>
        Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>Image files under <paramref name="dir"/> (sub-folders included, hidden entries excluded), in ordinal order of their relative path.</summary>
    public static string[] List(string dir) => Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
        .Where(IsImage)
        .Where(f => !Path.GetRelativePath(dir, f).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Image files directly in <paramref name="dir"/>, in ordinal order.</summary>
    public static string[] ListTop(string dir) => Directory.EnumerateFiles(dir)
        .Where(IsImage)
        .Where(f => !Path.GetFileName(f).StartsWith('.'))
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Sub-folders of <paramref name="dir"/> (hidden ones excluded), by name in ordinal order.</summary>
    public static string[] ClassFolders(string dir) => Directory.EnumerateDirectories(dir)
        .Where(d => !Path.GetFileName(d).StartsWith('.'))
        .Order(StringComparer.Ordinal)
        .ToArray();
}
