using AutoVision.Data;
using AutoVision.Data.AutoDL;
using AutoVision.Runner.Learning;
using AutoVision.Scoring;
using Microsoft.Extensions.Logging.Abstractions;
using SkiaSharp;

namespace AutoVision.Runner.Tests;

/// <summary>
/// The learner on video: clips of 8 frames (folders of frames, as the video-folder source reads them, converted to
/// AutoDL sequences). In class "flash" one frame away from the middle is bright; in class "dark" none is. The middle
/// frame is dark in both, so a learner that looks only at it is at chance; one that looks at frames spread over the
/// clip sees the flash.
/// </summary>
[Trait("Category", "Slow")]
[Collection(SlowRuns.Name)]
public class VideoLearnerTests
{
    private const int FramesPerClip = 8;
    private static readonly int[] FlashAt = [0, 1, 2, 6, 7];

    private static (AutoDLDataset Dataset, double[,] Solution) FlashClips(int trainPerClass, int testPerClass, int seed)
    {
        string root = TestPaths.NewTempDir();
        var rng = new Random(seed);
        var solution = new double[2 * testPerClass, 2];
        foreach (var (split, perClass) in new[] { ("train", trainPerClass), ("test", testPerClass) })
            foreach (var (label, cls) in new[] { ("dark", 0), ("flash", 1) })
                for (int k = 0; k < perClass; k++)
                {
                    string clip = Path.Combine(root, split, label, $"clip{k:D3}");
                    Directory.CreateDirectory(clip);
                    int flash = cls == 1 ? FlashAt[rng.Next(FlashAt.Length)] : -1;
                    byte baseLevel = (byte)rng.Next(10, 60);
                    for (int f = 0; f < FramesPerClip; f++)
                    {
                        using var bitmap = new SKBitmap(32, 32, SKColorType.Rgba8888, SKAlphaType.Unpremul);
                        for (int y = 0; y < 32; y++)
                            for (int x = 0; x < 32; x++)
                            {
                                byte v = (byte)Math.Clamp((f == flash ? 230 : baseLevel) + rng.Next(-8, 9), 0, 255);
                                bitmap.SetPixel(x, y, new SKColor(v, v, v));
                            }
                        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
                        File.WriteAllBytes(Path.Combine(clip, $"{f:D3}.png"), png.ToArray());
                    }
                }
        // Test rows come class by class in ordinal order: dark (0) first, then flash (1).
        for (int i = 0; i < 2 * testPerClass; i++) solution[i, i < testPerClass ? 0 : 1] = 1;
        var source = DatasetSources.Open(root, AutoVision.Data.Images.ImageSourceOptions.Default with { VideoFrames = FramesPerClip });
        var written = AutoDLWriter.Write(source, Path.Combine(root, "autodl"), "flash");
        return (AutoDLDataset.Open(written.DatasetDir), solution);
    }

    private static double TestNauc(AutoDLDataset dataset, double[,] solution, int clipFrames)
    {
        var options = new LearnerOptions { Device = "cpu", Seed = 3, ClipFrames = clipFrames };
        using var learner = new TransferLearner(dataset.TrainMetadata, options, NullLogger<TransferLearner>.Instance);
        Assert.Equal(clipFrames, learner.Frames);
        float[,]? prediction = null;
        for (int round = 0; round < 2; round++)   // the two linear probes
        {
            learner.Train(dataset, TimeSpan.FromSeconds(60), CancellationToken.None);
            prediction = learner.Test(dataset, TimeSpan.FromSeconds(60), CancellationToken.None);
        }
        var p = new double[prediction!.GetLength(0), 2];
        for (int i = 0; i < p.GetLength(0); i++) for (int c = 0; c < 2; c++) p[i, c] = prediction[i, c];
        return Metrics.Nauc(solution, p);
    }

    [Fact]
    public void Learner_Clips_SeesWhatHappensAwayFromTheMiddleFrame()
    {
        var (dataset, solution) = FlashClips(trainPerClass: 40, testPerClass: 15, seed: 5);
        Assert.Equal(FramesPerClip, dataset.TrainMetadata.SequenceSize);

        double clips = TestNauc(dataset, solution, clipFrames: FramesPerClip);
        double middleFrame = TestNauc(dataset, solution, clipFrames: 1);

        Assert.True(clips > 0.9, $"test NAUC {clips:F3} with {FramesPerClip} frames per clip: the flash should be seen");
        Assert.True(middleFrame < 0.5, $"test NAUC {middleFrame:F3} from the middle frame alone, which shows no flash: expected chance");
    }
}
