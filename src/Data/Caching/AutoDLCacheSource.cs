using AutoVision.Data.AutoDL;

namespace AutoVision.Data.Caching;

/// <summary>
/// A split of an <see cref="AutoDLDataset"/> as an <see cref="ICacheSource"/>: records are read in file order with
/// their checksums verified and parsed on the reading thread; images are decoded by the cache's workers.
/// </summary>
/// <remarks>
/// A sequence (T &gt; 1) is cached as its middle frame (index T / 2), the frame the image learner looks at; only
/// that frame is decoded. A clip source (<c>frames</c> F &gt; 1, for the video learner) caches F frames spread uniformly
/// over each sequence (frames <c>floor((i + 0.5) · T / F)</c>, some repeated when T &lt; F), stacked along the channel
/// axis: a record is (F·C, H, W), frame i in channels i·C … i·C + C − 1. COMPRESSED frames must be PNG or JPEG, as in the challenge's reader, and their size must
/// agree with the metadata's <c>row_count</c>/<c>col_count</c> when those are fixed.
/// </remarks>
public sealed class AutoDLCacheSource : ICacheSource
{
    private readonly IReadOnlyList<string> _files;
    private readonly DataSpecification _spec;
    private readonly ExampleDecoder _decoder;
    private readonly int _frames;

    private AutoDLCacheSource(AutoDLDataset dataset, bool isTest, int frames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        IsTest = isTest;
        _frames = frames;
        _files = isTest ? dataset.TestFiles : dataset.TrainFiles;
        _spec = isTest ? dataset.TestMetadata : dataset.TrainMetadata;
        _decoder = new ExampleDecoder(_spec, isTest);
        Description = $"{(isTest ? "test" : "train")} split of '{dataset.DataDir}'";
    }

    /// <summary>The training split; <paramref name="frames"/> &gt; 1 caches that many frames of each sequence.</summary>
    public static AutoDLCacheSource Train(AutoDLDataset dataset, int frames = 1) => new(dataset, isTest: false, frames);

    /// <summary>The test split (labels never read); <paramref name="frames"/> &gt; 1 caches that many frames of each sequence.</summary>
    public static AutoDLCacheSource Test(AutoDLDataset dataset, int frames = 1) => new(dataset, isTest: true, frames);

    /// <summary>Frames cached per example (1: the middle frame).</summary>
    public int Frames => _frames;

    public string Description { get; }

    /// <summary>C of a cached record: the dataset's channels times <see cref="Frames"/>.</summary>
    public int Channels => _spec.Channels * _frames;

    public bool IsTest { get; }

    public int? CountHint => _spec.SampleCount > 0 ? _spec.SampleCount : null;

    /// <summary>Training records whose image sizes <see cref="TypicalSize"/> looks at, at most (as AutoCLINT's scan).</summary>
    public const int SizeSample = 256;

    /// <summary>
    /// The typical size of the training images of <paramref name="dataset"/>: the metadata's <c>row_count</c> ×
    /// <c>col_count</c> when both are fixed (nothing is read); otherwise the median height and the median width over
    /// the first <paramref name="sample"/> training records, read from the headers of their (middle) frames without
    /// decoding them. Null when no header could be read.
    /// </summary>
    /// <exception cref="InvalidDataException">A file or record that cannot be read (the message names it).</exception>
    public static (double Height, double Width)? TypicalSize(AutoDLDataset dataset, int sample = SizeSample)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfLessThan(sample, 1);
        var spec = dataset.TrainMetadata;
        if (spec.Matrix.RowCount > 0 && spec.Matrix.ColCount > 0)
        {
            return (spec.Matrix.RowCount, spec.Matrix.ColCount);
        }

        var decoder = new ExampleDecoder(spec, isTest: false);
        var heights = new List<int>();
        var widths = new List<int>();
        int read = 0;
        foreach (string file in dataset.TrainFiles)
        {
            long index = 0;
            foreach (byte[] payload in TFRecordReader.ReadRecords(file))
            {
                if (read++ == sample)
                {
                    break;
                }

                RecordContent content = decoder.Parse(payload, file, index++);
                if (content.Compressed is { Count: > 0 } frames && InputDecoder.HeaderSize(frames[frames.Count / 2]) is var (h, w))
                {
                    heights.Add(h);
                    widths.Add(w);
                }
            }

            if (read > sample)
            {
                break;
            }
        }

        return heights.Count == 0 ? null : (Median(heights), Median(widths));
    }

    private static double Median(List<int> values)
    {
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2.0;
    }

    public IEnumerable<PendingImage> Read()
    {
        foreach (string file in _files)
        {
            long index = 0;
            foreach (byte[] payload in TFRecordReader.ReadRecords(file))
            {
                RecordContent content = _decoder.Parse(payload, file, index++);
                yield return new Pending(content, _spec, _decoder, _frames);
            }
        }
    }

    private sealed class Pending(RecordContent content, DataSpecification spec, ExampleDecoder decoder, int clipFrames)
        : PendingImage(content.Where, content.LabelIndex, content.LabelScore)
    {
        public override void DecodeInto(InputShape shape, Span<byte> chw)
        {
            if (clipFrames == 1)
            {
                DecodeFrame(null, shape, chw);
                return;
            }

            int available = content.Compressed?.Count ?? content.DenseFrames;
            int frameBytes = spec.Channels * shape.Pixels;
            for (int i = 0; i < clipFrames; i++)
            {
                DecodeFrame(available == 0 ? 0 : (int)((i + 0.5) * available / clipFrames), shape, chw.Slice(i * frameBytes, frameBytes));
            }
        }

        /// <summary>Frame <paramref name="frame"/> (null: the middle one) into (C, H, W).</summary>
        private void DecodeFrame(int? frame, InputShape shape, Span<byte> chw)
        {
            int c = spec.Channels;
            if (content.Compressed is { } frames)
            {
                if (frames.Count == 0)
                {
                    throw new UndecodableImageException($"{Where}: feature list '{ExampleDecoder.CompressedKey}' has no frames.");
                }

                int t = frame ?? frames.Count / 2;
                (int height, int width) size0;
                try
                {
                    size0 = InputDecoder.Decode(frames[t], c, shape, chw, pngOrJpegOnly: true);
                }
                catch (InvalidDataException ex)
                {
                    throw new UndecodableImageException($"{Where}, feature list '{ExampleDecoder.CompressedKey}' step {t}: {ex.Message}", ex);
                }

                decoder.CheckSize(new DecodedImage(size0.height, size0.width, c, []), Where, t);
                return;
            }

            int h = spec.Matrix.RowCount, w = spec.Matrix.ColCount;
            if (content.DenseFrames == 0)
            {
                throw new UndecodableImageException($"{Where}: feature list '{ExampleDecoder.DenseKey}' has no frames.");
            }

            InputDecoder.FromDense(content.DenseValues!, frame ?? content.DenseFrames / 2, h, w, c, shape, chw);
        }
    }
}
