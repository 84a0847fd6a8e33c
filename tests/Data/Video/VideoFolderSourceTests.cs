using AutoVision.Data.AutoDL;
using AutoVision.Data.Images;
using AutoVision.Data.Tests.Support;
using AutoVision.Data.Video;
using SkiaSharp;

namespace AutoVision.Data.Tests.Video;

public sealed class VideoFolderSourceTests
{
    private static string Ramp => Path.Combine(AppContext.BaseDirectory, "TestData", "video", "ramp");

    [Fact]
    public void FrameIndices_SpreadUniformly_RepeatingWhenTooFew()
    {
        Assert.Equal([1, 3, 6, 8], VideoFolderSource.FrameIndices(10, 4));
        Assert.Equal([0, 0, 1, 1], VideoFolderSource.FrameIndices(2, 4));
        Assert.Equal([2], VideoFolderSource.FrameIndices(5, 1));
    }

    [Fact]
    public void Detect_ClassFoldersOfClips_IsAVideoDataset_ImageFoldersStayImages()
    {
        Assert.Equal(DatasetFormat.VideoFolders, DatasetSources.Detect(Ramp));
        Assert.Equal(DatasetFormat.ImageFolders, DatasetSources.Detect(TestPaths.SignLanguageMini));
    }

    [Fact]
    public void Open_Ramp_ListsClipsClassByClassWithTheirLabels()
    {
        var source = VideoFolderSource.Open(Ramp, decoder: new FakeDecoder());

        Assert.Equal(["falling", "rising"], source.Classes);
        Assert.Equal(["falling/frames", "falling/mpeg4.avi", "falling/vp9.webm", "rising/h264.mp4", "rising/mpeg4.avi"],
            source.TrainClips.Select(p => Path.GetRelativePath(Path.Combine(Ramp, "train"), p)));
        Assert.Equal([[0], [1]], source.ReadTestLabels()!);
    }

    [Fact]
    public void ReadTrain_FramesFolder_TakesUniformlySpreadFrames()
    {
        // The falling clip's 10 frames have brightness 200, 180, ..., 20; T = 4 takes frames 1, 3, 6, 8.
        var source = VideoFolderSource.Open(Ramp, ImageSourceOptions.Default with { VideoFrames = 4, Channels = 1 }, new FakeDecoder());

        AutoDLExample clip = source.ReadTrain()[0];

        Assert.Equal((4, 24, 32, 1), (clip.Frames, clip.Height, clip.Width, clip.Channels));
        Assert.Equal([0], clip.LabelIndex);
        Assert.Equal([180.0, 140.0, 79.0, 40.0], Enumerable.Range(0, 4).Select(t => Math.Round(FrameMean(clip, t))));
    }

    [Fact]
    public void ReadTrain_VideoFiles_TakeTheDecodersFramesInOrder()
    {
        var decoder = new FakeDecoder();
        var source = VideoFolderSource.Open(Ramp, ImageSourceOptions.Default with { VideoFrames = 3 }, decoder);

        IReadOnlyList<AutoDLExample> train = source.ReadTrain();

        Assert.Equal(5, train.Count);
        Assert.All(train.Skip(1), e => Assert.Equal([10.0, 20.0, 30.0], Enumerable.Range(0, 3).Select(t => Math.Round(FrameMean(e, t)))));
        Assert.Equal(4, decoder.Calls);
        Assert.All(source.ReadTest(), e => Assert.Empty(e.LabelIndex));
    }

    [Fact]
    public void ReadTrain_ClipTheDecoderCannotOpen_IsAnErrorNamingTheFile()
    {
        var source = VideoFolderSource.Open(Ramp, decoder: new FakeDecoder { FailOn = "mpeg4.avi" });

        var ex = Assert.Throws<InvalidDataException>(source.ReadTrain);

        Assert.Contains(Path.Combine("falling", "mpeg4.avi"), ex.Message);
        Assert.Contains("train row 1", ex.Message);
    }

    [FfmpegFact]
    public void Ffmpeg_OpensH264Mpeg4AndVp9_AndSamplesFramesUniformly()
    {
        var decoder = new FfmpegVideoDecoder();
        // Brightness is 100·t rising (200 − 100·t falling); frames are taken at the first frame at or after
        // (i + 0.5)/4 of the 2 s clip: t = 0.3, 0.8, 1.3, 1.8 s at 10 frames/s.
        foreach (string clip in new[] { "train/rising/h264.mp4", "train/rising/mpeg4.avi", "train/falling/vp9.webm" })
        {
            var means = decoder.SampleFrames(Path.Combine(Ramp, clip), 4)
                .Select(b => ImageFileDecoder.Decode(b, 1, null)).Select(d => d.Pixels.Average(p => (double)p)).ToArray();
            double[] expected = clip.Contains("rising") ? [30, 80, 130, 180] : [170, 120, 70, 20];
            for (int i = 0; i < 4; i++)
            {
                Assert.InRange(means[i], expected[i] - 3, expected[i] + 3);
            }
        }
    }

    [FfmpegFact]
    public void Ffmpeg_UnreadableFile_IsAnErrorNamingIt()
    {
        using var temp = new TempDirectory();
        string broken = Path.Combine(temp.Path, "broken.mp4");
        File.WriteAllBytes(broken, [0, 0, 0, 0x20, (byte)'f', (byte)'t', (byte)'y', (byte)'p', 1, 2, 3]);

        var ex = Assert.Throws<InvalidDataException>(() => new FfmpegVideoDecoder().SampleFrames(broken, 2));

        Assert.Contains(broken, ex.Message);
    }

    [FfmpegFact]
    [Trait("Category", "Slow")]
    public void Convert_RampWithFfmpeg_WritesAutoDLSequencesTheReaderReadsBack()
    {
        using var temp = new TempDirectory();
        var source = VideoFolderSource.Open(Ramp, ImageSourceOptions.Default with { VideoFrames = 4, Channels = 1 });

        AutoDLWriteResult written = AutoDLWriter.Write(source, temp.Path, "ramp");
        var dataset = AutoDLDataset.Open(written.DatasetDir);
        IReadOnlyList<AutoDLExample> train = dataset.ReadTrain();

        Assert.Equal(4, dataset.TrainMetadata.SequenceSize);
        Assert.Equal((5, 2), (written.TrainCount, written.TestCount));
        Assert.All(train, e => Assert.Equal((4, 24, 32, 1), (e.Frames, e.Height, e.Width, e.Channels)));
        AutoDLExample rising = train[3];
        Assert.Equal([1], rising.LabelIndex);
        Assert.InRange(FrameMean(rising, 0), 27, 33);
        Assert.InRange(FrameMean(rising, 3), 177, 183);
        Assert.Equal(["1 0", "0 1"], File.ReadAllLines(written.SolutionPath!));   // test rows: falling (class 0), then rising
    }

    private static double FrameMean(AutoDLExample e, int t)
    {
        int size = e.Height * e.Width * e.Channels;
        return e.Values.AsSpan(t * size, size).ToArray().Average() * 255;
    }

    /// <summary>Gives frames of brightness 10, 20, 30, … (PNG, 32×24 grey) for every clip, or fails on one file.</summary>
    private sealed class FakeDecoder : IVideoDecoder
    {
        private int _calls;

        public string? FailOn { get; init; }

        public int Calls => _calls;

        public IReadOnlyList<byte[]> SampleFrames(string path, int count)
        {
            Interlocked.Increment(ref _calls);
            if (FailOn is not null && path.EndsWith(FailOn, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"Video file '{path}': cannot open it.");
            }

            return Enumerable.Range(1, count).Select(i =>
            {
                using var bitmap = new SKBitmap(new SKImageInfo(32, 24, SKColorType.Gray8, SKAlphaType.Opaque));
                bitmap.Erase(new SKColor((byte)(10 * i), (byte)(10 * i), (byte)(10 * i)));
                using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
                return data.ToArray();
            }).ToArray();
        }
    }
}
