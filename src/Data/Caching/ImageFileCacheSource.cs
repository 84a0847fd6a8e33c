using AutoVision.Data.ImageFolders;

namespace AutoVision.Data.Caching;

/// <summary>
/// Loose image files (for example, new images to predict with a trained model) as an <see cref="ICacheSource"/>:
/// decoded and resized exactly as the learner's caches decode images (reduced-scale decoding, the same channel
/// rules), treated as a test split: a file that cannot be read or decoded keeps its row as a neutral image and is
/// listed in <see cref="ImageCache.Neutralized"/> with its path.
/// </summary>
public sealed class ImageFileCacheSource : ICacheSource
{
    private readonly IReadOnlyList<string> _paths;

    /// <param name="paths">The files, in row order.</param>
    /// <param name="channels">C of the cached images: 1, 3 or 4.</param>
    public ImageFileCacheSource(IReadOnlyList<string> paths, int channels)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (channels is not (1 or 3 or 4))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Image files give 1, 3 or 4 channels.");
        _paths = paths;
        Channels = channels;
    }

    /// <summary>File extensions read as images (compared ignoring case).</summary>
    public static IReadOnlyList<string> Extensions => ImageFiles.Extensions;

    /// <summary>The image files under <paramref name="folder"/> (all levels, hidden entries excluded), in ordinal
    /// order of their relative path, as the image-folder datasets list them.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IReadOnlyList<string> Under(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"'{folder}' is not a folder.");
        return ImageFiles.List(folder);
    }

    public string Description => $"{_paths.Count} image files";

    public int Channels { get; }

    public bool IsTest => true;

    public int? CountHint => _paths.Count;

    public IEnumerable<PendingImage> Read() => _paths.Select(p => (PendingImage)new Pending(p, Channels));

    /// <summary>An image file; <see cref="PendingImage.Where"/> is its path.</summary>
    private sealed class Pending(string path, int channels) : PendingImage(path, [], [])
    {
        public override void DecodeInto(InputShape shape, Span<byte> chw)
        {
            byte[] encoded;
            try
            {
                encoded = File.ReadAllBytes(Where);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UndecodableImageException($"cannot be read ({ex.Message})", ex);
            }
            try
            {
                InputDecoder.Decode(encoded, channels, shape, chw, pngOrJpegOnly: false);
            }
            catch (InvalidDataException ex)
            {
                throw new UndecodableImageException(ex.Message, ex);
            }
        }
    }
}
