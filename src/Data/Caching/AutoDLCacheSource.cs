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
/// axis: a record is (F·C, size, size), frame i in channels i·C … i·C + C − 1. COMPRESSED frames must be PNG or JPEG, as in the challenge's reader, and their size must
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
        public override void DecodeInto(int size, Span<byte> chw)
        {
            if (clipFrames == 1)
            {
                DecodeFrame(null, size, chw);
                return;
            }

            int available = content.Compressed?.Count ?? content.DenseFrames;
            int frameBytes = spec.Channels * size * size;
            for (int i = 0; i < clipFrames; i++)
            {
                DecodeFrame(available == 0 ? 0 : (int)((i + 0.5) * available / clipFrames), size, chw.Slice(i * frameBytes, frameBytes));
            }
        }

        /// <summary>Frame <paramref name="frame"/> (null: the middle one) into (C, size, size).</summary>
        private void DecodeFrame(int? frame, int size, Span<byte> chw)
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
                    size0 = SquareDecoder.Decode(frames[t], c, size, chw, pngOrJpegOnly: true);
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

            SquareDecoder.FromDense(content.DenseValues!, frame ?? content.DenseFrames / 2, h, w, c, size, chw);
        }
    }
}
