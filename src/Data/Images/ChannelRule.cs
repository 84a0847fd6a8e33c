namespace AutoVision.Data.Images;

/// <summary>
/// Chooses the channel count of a set of image files: 1 if every sampled training image is grey, else 3.
/// </summary>
/// <remarks>
/// Up to <see cref="SampleSize"/> training files, evenly spaced over the training list, are inspected (headers
/// only, nothing is decoded). A file counts as grey when its header declares a single grey channel (grey JPEG,
/// grey PNG without alpha); files whose header cannot be read are ignored. When no sampled file is readable the
/// answer is 3. A colour image outside the sample of an otherwise grey dataset would then be converted to grey.
/// </remarks>
internal static class ChannelRule
{
    /// <summary>How many training files are inspected at most.</summary>
    public const int SampleSize = 64;

    /// <summary>1 or 3, by the rule above.</summary>
    public static int Infer(IReadOnlyList<ImageEntry> train)
    {
        int count = Math.Min(SampleSize, train.Count);
        int readable = 0;
        for (int i = 0; i < count; i++)
        {
            string path = train[(int)((long)i * train.Count / count)].Path;
            if (!File.Exists(path))
            {
                continue;
            }

            if (!ImageFileDecoder.IsGrayscale(path))
            {
                if (HasHeader(path))
                {
                    return 3;
                }

                continue;
            }

            readable++;
        }

        return readable > 0 ? 1 : 3;
    }

    private static bool HasHeader(string path)
    {
        using var codec = SkiaSharp.SKCodec.Create(path);
        return codec is not null;
    }
}
