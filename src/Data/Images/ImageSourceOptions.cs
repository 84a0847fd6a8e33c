namespace AutoVision.Data.Images;

/// <summary>How image folders and CSV manifests are read.</summary>
public sealed record ImageSourceOptions
{
    /// <summary>The defaults: 20 % test split, seed 0, full-size decoding, channels from the images.</summary>
    public static ImageSourceOptions Default { get; } = new();

    /// <summary>
    /// Largest side of a decoded image; larger images are decoded at reduced scale (see <see cref="ImageFileDecoder"/>).
    /// Null (the default): full size.
    /// </summary>
    public int? MaxSide { get; init; }

    /// <summary>
    /// Channels of every decoded image (1, 3 or 4). Null (the default): 1 if every sampled training image is grey
    /// (its file says so in its header), else 3. See <see cref="ChannelRule"/>.
    /// </summary>
    public int? Channels { get; init; }

    /// <summary>
    /// Share of each class that goes to test when an image folder has no <c>train/</c> and <c>test/</c> split
    /// (default 0.2). Must be in (0, 1).
    /// </summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>Frames taken from each clip of a video dataset (T of every example; default 8). See <see cref="Video.VideoFolderSource"/>.</summary>
    public int VideoFrames { get; init; } = 8;

    /// <summary>Seed of that split (default 0): the same seed and files give the same split on every machine.</summary>
    public int Seed { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (MaxSide is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSide), MaxSide, "The maximum image side must be at least 1.");
        }

        if (Channels is not (null or 1 or 3 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(Channels), Channels, "Channels must be 1, 3 or 4.");
        }

        if (VideoFrames < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(VideoFrames), VideoFrames, "A clip must give at least one frame.");
        }

        if (!(TestFraction > 0 && TestFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TestFraction), TestFraction, "The test fraction must be in (0, 1).");
        }
    }
}
