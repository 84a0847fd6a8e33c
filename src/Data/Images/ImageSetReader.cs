using AutoVision.Data.AutoDL;

namespace AutoVision.Data.Images;

/// <summary>
/// Decodes a list of image files into examples, in parallel, keeping list order.
/// </summary>
/// <remarks>
/// Recovery rule: an unreadable or undecodable <b>training</b> image is left out and reported in the skipped list
/// (path and reason), so that one bad photo among thousands does not stop a run; an unreadable <b>test</b> image is
/// an <see cref="InvalidDataException"/> naming the file, because every test file is a prediction row and a row is
/// never dropped or shifted. Pixel values are <c>(float)u8 * (float)(1/255)</c>, as in the AutoDL reader.
/// </remarks>
internal static class ImageSetReader
{
    private const float PixelScale = (float)(1.0 / 255.0);

    /// <summary>Training examples (label score 1 for each label); the images that failed are added to <paramref name="skipped"/>.</summary>
    public static IReadOnlyList<AutoDLExample> ReadTrain(IReadOnlyList<ImageEntry> entries, int channels, int? maxSide, List<SkippedExample> skipped)
    {
        (AutoDLExample?[] examples, Exception?[] errors) = DecodeAll(entries, channels, maxSide, withLabels: true);
        var result = new List<AutoDLExample>(entries.Count);
        for (int i = 0; i < entries.Count; i++)
        {
            if (examples[i] is AutoDLExample example)
            {
                result.Add(example);
            }
            else
            {
                skipped.Add(new SkippedExample(entries[i].Path, errors[i]!.Message));
            }
        }

        return result;
    }

    /// <summary>Test examples without labels, one per entry, in entry order.</summary>
    /// <exception cref="InvalidDataException">A test image could not be read or decoded (the first one in list order).</exception>
    public static IReadOnlyList<AutoDLExample> ReadTest(IReadOnlyList<ImageEntry> entries, int channels, int? maxSide)
    {
        (AutoDLExample?[] examples, Exception?[] errors) = DecodeAll(entries, channels, maxSide, withLabels: false);
        for (int i = 0; i < entries.Count; i++)
        {
            if (errors[i] is Exception error)
            {
                throw new InvalidDataException(
                    $"Test image {entries[i].Describe()}, row {i}: {error.Message}. A test row is never dropped (predictions must keep one row per test image), so replace or remove this file.",
                    error);
            }
        }

        return examples.Select(e => e!).ToArray();
    }

    private static (AutoDLExample?[] Examples, Exception?[] Errors) DecodeAll(IReadOnlyList<ImageEntry> entries, int channels, int? maxSide, bool withLabels)
    {
        var examples = new AutoDLExample?[entries.Count];
        var errors = new Exception?[entries.Count];
        Parallel.For(0, entries.Count, i =>
        {
            try
            {
                examples[i] = Decode(entries[i], channels, maxSide, withLabels);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                errors[i] = ex;
            }
        });

        return (examples, errors);
    }

    private static AutoDLExample Decode(ImageEntry entry, int channels, int? maxSide, bool withLabels)
    {
        DecodedImage image = ImageFileDecoder.Decode(File.ReadAllBytes(entry.Path), channels, maxSide);
        float[] values = new float[image.Pixels.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = image.Pixels[i] * PixelScale;
        }

        int[] labels = withLabels ? entry.Labels : [];
        float[] scores = withLabels ? Enumerable.Repeat(1f, labels.Length).ToArray() : [];
        return AutoDLExample.Create(null, labels, scores, 1, image.Height, image.Width, image.Channels, values);
    }
}
