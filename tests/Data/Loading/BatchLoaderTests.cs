using AutoVision.Data.AutoDL;
using AutoVision.Data.Caching;
using AutoVision.Data.Loading;
using AutoVision.Data.Tests.Support;

namespace AutoVision.Data.Tests.Loading;

public sealed class BatchLoaderTests : IDisposable
{
    private readonly ImageCache _cache = ImageCache.Build(AutoDLCacheSource.Train(AutoDLDataset.Open(TestPaths.Dataset("miniciao"))), 32, new CacheMemory());

    public void Dispose() => _cache.Dispose();

    private int[] AllRows => Enumerable.Range(0, _cache.Count).ToArray();

    [Fact]
    public void SameSeed_GivesTheSameBatches_AnotherSeedAnotherOrder()
    {
        List<int[]> a = Take(new BatchLoader(_cache, AllRows, 16, seed: 7), 12);
        List<int[]> b = Take(new BatchLoader(_cache, AllRows, 16, seed: 7), 12);
        List<int[]> c = Take(new BatchLoader(_cache, AllRows, 16, seed: 8), 12);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void WithoutDropLast_EveryRowComesOncePerEpoch_ThenTheLoaderEnds()
    {
        using var loader = new BatchLoader(_cache, AllRows, 10, seed: 3, new BatchLoaderOptions { DropLast = false, Epochs = 3 });
        var perEpoch = new Dictionary<int, List<int>>();
        var sizes = new List<int>();
        while (loader.Next() is Batch batch)
        {
            using (batch)
            {
                sizes.Add(batch.Rows.Length);
                (perEpoch.TryGetValue(batch.Epoch, out var rows) ? rows : perEpoch[batch.Epoch] = []).AddRange(batch.Rows);
            }
        }

        Assert.Equal(3, perEpoch.Count);
        Assert.All(perEpoch.Values, rows => Assert.Equal(AllRows, rows.Order()));
        Assert.NotEqual(perEpoch[0], perEpoch[1]);   // reshuffled each epoch
        Assert.Equal(Enumerable.Repeat(new[] { 10, 10, 10, 10, 10, 10, 10, 10, 2 }, 3).SelectMany(x => x), sizes);
    }

    [Fact]
    public void WithDropLast_BatchesAreFullAndNoRowRepeatsWithinAnEpoch()
    {
        using var loader = new BatchLoader(_cache, AllRows, 32, seed: 1, new BatchLoaderOptions { Epochs = 2 });
        var batches = new List<(int Epoch, int[] Rows)>();
        while (loader.Next() is Batch batch)
        {
            using (batch)
            {
                batches.Add((batch.Epoch, batch.Rows));
            }
        }

        Assert.Equal(4, batches.Count);
        Assert.All(batches, b => Assert.Equal(32, b.Rows.Length));
        foreach (var epoch in batches.GroupBy(b => b.Epoch))
        {
            int[] rows = epoch.SelectMany(b => b.Rows).ToArray();
            Assert.Equal(64, rows.Distinct().Count());
        }
    }

    [Fact]
    public void Pixels_AreTheCachesFloatsOfTheBatchRowsInOrder()
    {
        int[] rows = [3, 5, 8, 13, 21, 34, 55];
        using var loader = new BatchLoader(_cache, rows, 4, seed: 2);
        using Batch batch = loader.Next()!;

        Assert.All(batch.Rows, r => Assert.Contains(r, rows));
        Assert.Equal(_cache.Floats(batch.Rows), batch.Pixels);
    }

    [Fact]
    public void Next_CancelledWhileWaiting_ThrowsAndDisposeStopsTheThread()
    {
        using var release = new ManualResetEventSlim();
        var loader = new BatchLoader(_cache, AllRows, 8, seed: 0, new BatchLoaderOptions
        {
            Prefetch = 1,
            BeforeBatch = n =>
            {
                if (n >= 1)
                {
                    release.Wait();
                }
            },
        });
        loader.Next()!.Dispose();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        Assert.ThrowsAny<OperationCanceledException>(() => loader.Next(cancel.Token));

        release.Set();
        loader.Dispose();
        Assert.Throws<ObjectDisposedException>(() => loader.Next());
        Assert.Equal(1, loader.Waits);
    }

    [Fact]
    public void Rows_MustBeUsableRowsOfTheCache()
    {
        Assert.Throws<ArgumentException>(() => new BatchLoader(_cache, [0, 82], 1, seed: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchLoader(_cache, [0, 1], 3, seed: 0));
    }

    private static List<int[]> Take(BatchLoader loader, int count)
    {
        using (loader)
        {
            var result = new List<int[]>();
            for (int i = 0; i < count; i++)
            {
                using Batch batch = loader.Next()!;
                result.Add(batch.Rows);
            }

            return result;
        }
    }
}
