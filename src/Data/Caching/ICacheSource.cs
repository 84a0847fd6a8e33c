namespace AutoVision.Data.Caching;

/// <summary>
/// One split of a dataset as an <see cref="ImageCache"/> reads it: examples in order, each read and checked (labels,
/// structure) but not yet decoded.
/// </summary>
public interface ICacheSource
{
    /// <summary>What is read, for messages (e.g. the data folder and split).</summary>
    string Description { get; }

    /// <summary>C of every cached image.</summary>
    int Channels { get; }

    /// <summary>True for a test split: an undecodable image then becomes a neutral image (its row is kept).</summary>
    bool IsTest { get; }

    /// <summary>The expected number of examples, when known (memory is laid out for it; more or fewer still work).</summary>
    int? CountHint { get; }

    /// <summary>The examples, in order. Called once per cache; may be called again for a cache at another size.</summary>
    /// <exception cref="InvalidDataException">A file or record that cannot be read (bad CRC, truncated, malformed); the message names the file and record.</exception>
    IEnumerable<PendingImage> Read();
}

/// <summary>An example read from its source, whose image is decoded by <see cref="DecodeInto"/> on a worker thread.</summary>
public abstract class PendingImage
{
    /// <param name="where">File and record (or line) of the example, for messages.</param>
    /// <param name="labelIndex">Positive classes (empty for a test example).</param>
    /// <param name="labelScore">Their scores (same length).</param>
    protected PendingImage(string where, int[] labelIndex, float[] labelScore)
    {
        Where = where;
        LabelIndex = labelIndex;
        LabelScore = labelScore;
    }

    /// <summary>File and record (or line) of the example, for messages.</summary>
    public string Where { get; }

    /// <summary>Positive classes (empty for a test example).</summary>
    public int[] LabelIndex { get; }

    /// <summary>Their scores.</summary>
    public float[] LabelScore { get; }

    /// <summary>Decodes the image into <paramref name="chw"/>: (C, H, W) bytes at <paramref name="shape"/>.</summary>
    /// <exception cref="UndecodableImageException">The image cannot be decoded; the message names file and record.</exception>
    /// <exception cref="InvalidDataException">The example contradicts its metadata (e.g. another image size).</exception>
    public abstract void DecodeInto(InputShape shape, Span<byte> chw);
}
