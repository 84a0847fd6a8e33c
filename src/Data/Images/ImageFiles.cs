using AutoVision.Data.AutoDL;

namespace AutoVision.Data.Images;

/// <summary>
/// Image files outside any dataset (for example, new images to predict with a trained model), decoded as the
/// dataset readers decode them: the same decoder, the same channel rules, the same pixel values.
/// </summary>
public static class ImageFiles
{
    /// <summary>File extensions (lower case, with the dot) read as images when a folder is enumerated.</summary>
    public static IReadOnlySet<string> Extensions { get; } =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp" };

    /// <summary>The image files under <paramref name="folder"/> (all levels), in ordinal path order.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IReadOnlyList<string> Under(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"'{folder}' is not a folder.");
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f)))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>
    /// Decodes each file to an unlabelled one-frame example with <paramref name="channels"/> channels (1, 3 or 4), in
    /// parallel, keeping list order. A file that cannot be read or decoded gives a null example and its error message
    /// at the same index, so one bad file never shifts the others.
    /// </summary>
    public static (AutoDLExample?[] Examples, string?[] Errors) Read(IReadOnlyList<string> paths, int channels, int? maxSide)
    {
        var examples = new AutoDLExample?[paths.Count];
        var errors = new string?[paths.Count];
        var entries = paths.Select(p => new ImageEntry(p, [])).ToArray();
        Parallel.For(0, paths.Count, i =>
        {
            try
            {
                examples[i] = ImageSetReader.ReadTest([entries[i]], channels, maxSide)[0];
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                errors[i] = (ex.InnerException ?? ex).Message;
            }
        });
        return (examples, errors);
    }
}
