namespace AutoVision.Data.Video;

/// <summary>Takes frames out of a video file.</summary>
public interface IVideoDecoder
{
    /// <summary>
    /// <paramref name="count"/> frames spread uniformly over the clip: frame i is the first frame shown at or after
    /// <c>(i + 0.5) / count</c> of its duration. Each is an encoded image (JPEG or PNG).
    /// </summary>
    /// <exception cref="InvalidDataException">The file cannot be opened or decoded as a video; the message names it.</exception>
    IReadOnlyList<byte[]> SampleFrames(string path, int count);
}
