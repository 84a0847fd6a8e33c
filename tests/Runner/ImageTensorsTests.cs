using AutoVision.Data.AutoDL;
using AutoVision.Data.Caching;
using AutoVision.Data.Loading;
using AutoVision.Runner.Learning;
using AutoVision.Transfer;
using TorchSharp;

namespace AutoVision.Runner.Tests;

public class ImageTensorsTests
{
    public ImageTensorsTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void ImageSet_MiniCiaoAt64_KeepsOrderAndRange()
    {
        var dataset = AutoDLDataset.Open(TestPaths.MiniCiao);
        var test = dataset.ReadTest();
        using var cache = ImageCache.Build(AutoDLCacheSource.Test(dataset), 64, new CacheMemory());
        var images = new ImageSet(cache);

        using var all = images.Range(0, images.Count, torch.CPU);

        Assert.Equal(new long[] { 18, 3, 64, 64 }, all.shape);
        Assert.Equal(torch.ScalarType.Float32, all.dtype);
        // Row 5 is test record 5: its mean brightness matches the record's own pixels (upscaling keeps the mean).
        double expected = test[5].Values.Average();
        Assert.Equal(expected, all[5].to(torch.ScalarType.Float64).mean().item<double>(), 0.002);
        Assert.InRange(all.min().item<float>(), 0f, 1f);
        Assert.InRange(all.max().item<float>(), 0f, 1f);
    }

    [Fact]
    public void ImageSet_SameSize_IsTheReadersPixels()
    {
        var dataset = AutoDLDataset.Open(TestPaths.MiniCiao);
        var train = dataset.ReadTrain();
        using var cache = ImageCache.Build(AutoDLCacheSource.Train(dataset), 32, new CacheMemory());

        using var rows = new ImageSet(cache).Batch(new long[] { 7, 1 }, torch.CPU);

        var e = train[1];
        // (T,H,W,C) value at h=3, w=7, c=2 → (C,H,W) position of batch row 1.
        Assert.Equal(e.Values[(3 * 32 + 7) * 3 + 2], rows[1, 2, 3, 7].item<float>());
    }

    [Fact]
    public void FromBatch_CopiesTheLoadersPixels()
    {
        var dataset = AutoDLDataset.Open(TestPaths.MiniCiao);
        using var cache = ImageCache.Build(AutoDLCacheSource.Train(dataset), 32, new CacheMemory());
        using var loader = new BatchLoader(cache, Enumerable.Range(0, cache.Count).ToArray(), 4, seed: 1);
        var batch = loader.Next()!;
        float[] expected = (float[])batch.Pixels.Clone();

        using var x = ImageTensors.FromBatch(batch, cache, torch.CPU);
        batch.Dispose();

        Assert.Equal(new long[] { 4, 3, 32, 32 }, x.shape);
        Assert.Equal(expected, x.data<float>().ToArray());
    }
}
