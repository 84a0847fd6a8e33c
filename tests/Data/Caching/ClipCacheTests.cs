using AutoVision.Data.AutoDL;
using AutoVision.Data.Caching;
using AutoVision.Data.Images;
using AutoVision.Data.Tests.Support;

namespace AutoVision.Data.Tests.Caching;

/// <summary>Caching several frames of each sequence for the video learner.</summary>
public class ClipCacheTests
{
    /// <summary>One 8-frame grey clip per class, frame f a flat grey of level 20 + 25·f, written in the AutoDL format.</summary>
    private static AutoDLDataset RampDataset()
    {
        string root = Path.Combine(Path.GetTempPath(), "autovision-tests", Guid.NewGuid().ToString("N"));
        foreach (string split in new[] { "train", "test" })
            foreach (string cls in new[] { "a", "b" })
            {
                string clip = Path.Combine(root, split, cls, "clip");
                Directory.CreateDirectory(clip);
                for (int f = 0; f < 8; f++)
                    File.WriteAllBytes(Path.Combine(clip, $"{f:D2}.png"),
                        PngWriter.Encode(8, 8, PngWriter.ColorType.Gray, 8, Enumerable.Repeat(20 + 25 * f, 64).ToArray()));
            }
        var source = DatasetSources.Open(root, ImageSourceOptions.Default with { VideoFrames = 8, Channels = 1 });
        return AutoDLDataset.Open(AutoDLWriter.Write(source, Path.Combine(root, "autodl"), "ramp").DatasetDir);
    }

    [Fact]
    public void ClipSource_FourOfEightFrames_StacksFramesOneThreeFiveSevenOnTheChannelAxis()
    {
        var dataset = RampDataset();
        var source = AutoDLCacheSource.Train(dataset, frames: 4);
        Assert.Equal(4, source.Channels);

        using var cache = ImageCache.Build(source, 8, new CacheMemory());
        var record = new byte[cache.ImageBytes];
        cache.CopyBytes(0, record);

        int[] expected = [1, 3, 5, 7];   // floor((i + 0.5) * 8 / 4)
        for (int i = 0; i < 4; i++)
            Assert.All(record.AsSpan(i * 64, 64).ToArray(), v => Assert.Equal(20 + 25 * expected[i], v));
    }

    [Fact]
    public void ImageSource_OfASequence_IsItsMiddleFrame()
    {
        var dataset = RampDataset();
        using var cache = ImageCache.Build(AutoDLCacheSource.Test(dataset), 8, new CacheMemory());
        var record = new byte[cache.ImageBytes];
        cache.CopyBytes(1, record);
        Assert.Equal(64, record.Length);
        Assert.All(record, v => Assert.Equal(20 + 25 * 4, v));
    }
}
