using AutoVision.Data.AutoDL;
using AutoVision.Data.Caching;
using AutoVision.Data.Tests.Support;
using SkiaSharp;

namespace AutoVision.Data.Tests.Caching;

public sealed class ImageCacheTests
{
    private const string CompressedMetadata =
        "sample_count: {0} output_dim: 3 matrix_spec {{ row_count: -1 col_count: -1 format: COMPRESSED num_channels: 3 }}";

    [Fact]
    public void Build_MiniciaoAtItsOwnSize_HoldsTheReadersPixelsInChwOrderAndTheLabels()
    {
        var dataset = AutoDLDataset.Open(TestPaths.Dataset("miniciao"));
        var reference = dataset.ReadTrain();

        using var cache = ImageCache.Build(AutoDLCacheSource.Train(dataset), 32, new CacheMemory());

        Assert.Equal(82, cache.Count);
        Assert.Equal(3 * 32 * 32, cache.ImageBytes);
        Assert.Empty(cache.Skipped);
        var bytes = new byte[cache.ImageBytes];
        foreach (int row in new[] { 0, 41, 81 })
        {
            cache.CopyBytes(row, bytes);
            AutoDLExample e = reference[row];
            for (int c = 0; c < 3; c++)
            {
                for (int y = 0; y < 32; y += 5)
                {
                    for (int x = 0; x < 32; x += 3)
                    {
                        byte expected = (byte)Math.Round(e.Values[(((y * 32) + x) * 3) + c] * 255);
                        Assert.Equal(expected, bytes[(c * 32 * 32) + (y * 32) + x]);
                    }
                }
            }

            Assert.Equal(e.LabelIndex, cache.LabelIndex[row]);
            Assert.Equal(e.LabelScore, cache.LabelScore[row]);
        }
    }

    [Fact]
    public void CopyFloats_IsTheChallengesPixelValue()
    {
        var dataset = AutoDLDataset.Open(TestPaths.Dataset("miniciao"));
        using var cache = ImageCache.Build(AutoDLCacheSource.Train(dataset), 32, new CacheMemory());
        var floats = new float[cache.ImageBytes];
        var bytes = new byte[cache.ImageBytes];

        cache.CopyFloats(5, floats, new byte[cache.ImageBytes]);
        cache.CopyBytes(5, bytes);

        for (int i = 0; i < bytes.Length; i++)
        {
            Assert.Equal(bytes[i] * (float)(1.0 / 255.0), floats[i]);
        }
    }

    [Fact]
    public void Build_TestSplit_KeepsRecordOrderAndReadsNoLabels()
    {
        var dataset = AutoDLDataset.Open(TestPaths.Dataset("miniciao"));
        var reference = dataset.ReadTest();

        using var cache = ImageCache.Build(AutoDLCacheSource.Test(dataset), 64, new CacheMemory());

        Assert.Equal(18, cache.Count);
        Assert.All(cache.LabelIndex, Assert.Empty);
        var bytes = new byte[cache.ImageBytes];
        for (int row = 0; row < cache.Count; row++)
        {
            // Upscaling keeps each image's mean brightness: row r is record r.
            cache.CopyBytes(row, bytes);
            Assert.Equal(reference[row].Values.Average() * 255, bytes.Average(b => (double)b), 0.5);
        }
    }

    [Fact]
    public void Build_VariableSizeJpegs_AreAllResizedToTheAskedSize()
    {
        var dataset = AutoDLDataset.Open(TestPaths.Dataset("Monkeys"));
        var reference = dataset.ReadTrain();

        using var cache = ImageCache.Build(AutoDLCacheSource.Train(dataset), 48, new CacheMemory());

        Assert.Equal(reference.Count, cache.Count);
        Assert.True(reference.Select(e => (e.Height, e.Width)).Distinct().Count() > 1);
        var bytes = new byte[cache.ImageBytes];
        for (int row = 0; row < cache.Count; row++)
        {
            // Shrinking averages: the mean brightness stays within a few levels of the full-size image's.
            cache.CopyBytes(row, bytes);
            Assert.Equal(reference[row].Values.Average() * 255, bytes.Average(b => (double)b), 5.0);
        }
    }

    [Theory]
    [InlineData(0L)]            // everything on disk
    [InlineData(1L << 16)]      // one 4 MiB block never fits: on disk
    [InlineData(1L << 30)]      // everything in memory
    public void Build_UnderAnyCap_GivesTheSameImages(long cap)
    {
        var dataset = AutoDLDataset.Open(TestPaths.Dataset("miniciao"));
        using var reference = ImageCache.Build(AutoDLCacheSource.Train(dataset), 32, new CacheMemory());
        using var temp = new TempDirectory();
        var memory = new CacheMemory(cap, temp.Path);

        using var cache = ImageCache.Build(AutoDLCacheSource.Train(dataset), 32, memory);

        if (cap >= 1L << 30)
        {
            Assert.Equal(0, cache.DiskBytes);
            Assert.Equal((long)cache.Count * cache.ImageBytes, cache.MemoryBytes);   // a split smaller than a block gets a block of its size
        }
        else
        {
            Assert.Equal(0, cache.MemoryBytes);
            Assert.True(cache.DiskBytes >= (long)cache.Count * cache.ImageBytes);
        }

        Assert.Empty(Directory.GetFiles(temp.Path));   // the overflow file is unlinked as soon as it is open
        var expected = new byte[cache.ImageBytes];
        var actual = new byte[cache.ImageBytes];
        for (int row = 0; row < cache.Count; row++)
        {
            reference.CopyBytes(row, expected);
            cache.CopyBytes(row, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Build_CapBetweenBlocks_KeepsSomeBlocksInMemoryAndTheRestOnDisk()
    {
        // 3·256·256 bytes per image: 21 images per 4 MiB block; 82 images are 4 blocks; the cap holds 2.
        var dataset = AutoDLDataset.Open(TestPaths.Dataset("miniciao"));
        var memory = new CacheMemory(2L * 21 * 3 * 256 * 256 + 10, reserveBytes: 0);

        using var cache = ImageCache.Build(AutoDLCacheSource.Train(dataset), 256, memory);
        using var full = ImageCache.Build(AutoDLCacheSource.Train(dataset), 256, new CacheMemory());

        Assert.Equal(2L * 21 * cache.ImageBytes, cache.MemoryBytes);
        Assert.True(cache.DiskBytes >= (82L - 42) * cache.ImageBytes);
        Assert.Equal(cache.MemoryBytes, memory.UsedBytes);
        var a = new byte[cache.ImageBytes];
        var b = new byte[cache.ImageBytes];
        foreach (int row in new[] { 0, 41, 42, 81 })
        {
            cache.CopyBytes(row, a);
            full.CopyBytes(row, b);
            Assert.Equal(b, a);
        }

        cache.Dispose();
        Assert.Equal(0, memory.UsedBytes);
    }

    [Fact]
    public void CacheMemory_KeepsAWorkingReserveOutOfTheRecordsShare()
    {
        Assert.Equal(32L << 20, new CacheMemory().ReserveBytes);
        Assert.Equal(16L << 20, new CacheMemory(32L << 20).ReserveBytes);
        var memory = new CacheMemory(64L << 20);
        var dataset = AutoDLDataset.Open(TestPaths.Dataset("miniciao"));

        // 82 images of 3·512·512 bytes (63 MiB): blocks of 5 images (3.75 MiB); records may take 64 − 32 MiB: 8 blocks.
        using var cache = ImageCache.Build(AutoDLCacheSource.Train(dataset), 512, memory);

        Assert.Equal(8L * 5 * cache.ImageBytes, cache.MemoryBytes);
        Assert.True(memory.UsedBytes <= memory.CapBytes - memory.ReserveBytes);
    }

    [Fact]
    public void Build_HugeJpeg_IsDecodedAtReducedScale()
    {
        byte[] jpeg = Jpeg(3024, 3024, (x, y) => new SKColor((byte)(x * 255 / 3024), (byte)(y * 255 / 3024), 90));
        using var stream = new SKMemoryStream(jpeg);
        using var codec = SKCodec.Create(stream);

        SKSizeI decoded = InputDecoder.DecodeSize(codec, InputShape.Square(64));

        Assert.Equal(new SKSizeI(378, 378), decoded);   // 1/8 scale inside libjpeg
        var chw = new byte[3 * 64 * 64];
        InputDecoder.Decode(jpeg, 3, InputShape.Square(64), chw, pngOrJpegOnly: true);
        // A left-to-right red ramp and a top-to-bottom green ramp survive the reduction.
        Assert.InRange(chw[(0 * 4096) + (32 * 64) + 1], 0, 12);
        Assert.InRange(chw[(0 * 4096) + (32 * 64) + 62], 243, 255);
        Assert.InRange(chw[(1 * 4096) + (62 * 64) + 32], 243, 255);
        Assert.InRange(chw[(2 * 4096) + (10 * 64) + 10], 85, 95);
    }

    [Fact]
    public void Build_UndecodableTrainingImage_IsSkippedCountedAndNamed()
    {
        using var temp = new TempDirectory();
        byte[] good = Jpeg(40, 30, (x, y) => new SKColor(200, 10, 10));
        byte[] broken = good[..(good.Length / 3)];
        string root = SyntheticDataset.Create(temp.Path, "broken", string.Format(CompressedMetadata, 4),
            new Dictionary<string, IEnumerable<byte[]>> { ["sample-train"] = [Record(0, 1, good), Record(1, 2, broken), Record(2, 0, good), Record(3, 1, [1, 2, 3])] },
            new Dictionary<string, IEnumerable<byte[]>> { ["sample-test"] = [Record(4, null, good)] });
        var dataset = AutoDLDataset.Open(root);

        using var cache = ImageCache.Build(AutoDLCacheSource.Train(dataset), 16, new CacheMemory());

        Assert.Equal(4, cache.Count);
        Assert.Equal(2, cache.Skipped.Count);
        Assert.Equal([true, false, true, false], Enumerable.Range(0, 4).Select(cache.Usable));
        Assert.Contains("sample-train', record 1", cache.Skipped[0].Path);
        Assert.Contains("record 3", cache.Skipped[1].Path);
        Assert.Contains("not a PNG or JPEG", cache.Skipped[1].Reason);
        Assert.Equal([2], cache.LabelIndex[1]);   // rows are not shifted
    }

    [Fact]
    public void Build_UndecodableTestImage_GetsANeutralImageAndKeepsItsRow()
    {
        using var temp = new TempDirectory();
        byte[] good = Jpeg(20, 20, (x, y) => new SKColor(250, 250, 250));
        string root = SyntheticDataset.Create(temp.Path, "broken", string.Format(CompressedMetadata, 3),
            new Dictionary<string, IEnumerable<byte[]>> { ["sample-train"] = [Record(3, 0, good)] },
            new Dictionary<string, IEnumerable<byte[]>> { ["sample-test"] = [Record(0, null, good), Record(1, null, good[..40]), Record(2, null, good)] });
        var dataset = AutoDLDataset.Open(root);

        using var cache = ImageCache.Build(AutoDLCacheSource.Test(dataset), 8, new CacheMemory());

        Assert.Equal(3, cache.Count);
        Assert.Empty(cache.Skipped);
        Assert.Contains("record 1", Assert.Single(cache.Neutralized).Path);
        var bytes = new byte[cache.ImageBytes];
        cache.CopyBytes(1, bytes);
        Assert.All(bytes, b => Assert.Equal(128, b));
        cache.CopyBytes(2, bytes);
        Assert.All(bytes, b => Assert.InRange(b, 240, 255));
    }

    [Fact]
    public void Build_NoDecodableTrainingImage_IsAnError()
    {
        using var temp = new TempDirectory();
        string root = SyntheticDataset.Create(temp.Path, "broken", string.Format(CompressedMetadata, 2),
            new Dictionary<string, IEnumerable<byte[]>> { ["sample-train"] = [Record(0, 0, [0xFF, 0xD8, 0xFF, 0]), Record(1, 0, [9])] },
            new Dictionary<string, IEnumerable<byte[]>> { ["sample-test"] = [Record(2, null, [9])] });

        var ex = Assert.Throws<InvalidDataException>(() => ImageCache.Build(AutoDLCacheSource.Train(AutoDLDataset.Open(root)), 8, new CacheMemory()));

        Assert.Contains("No image of the train split", ex.Message);
        Assert.Contains("record 0", ex.Message);
    }

    [Fact]
    public void Build_BadChecksum_NamesFileAndRecord()
    {
        using var temp = new TempDirectory();
        string copy = temp.CopyTree(TestPaths.Dataset("miniciao"), "miniciao");
        string file = Directory.GetFiles(Path.Combine(copy, "miniciao.data", "train"), "sample*").Single();
        byte[] data = File.ReadAllBytes(file);
        data[data.Length / 2] ^= 0x40;
        File.WriteAllBytes(file, data);

        var ex = Assert.Throws<InvalidDataException>(() => ImageCache.Build(AutoDLCacheSource.Train(AutoDLDataset.Open(copy)), 32, new CacheMemory()));

        Assert.Contains(file, ex.Message);
        Assert.Contains("CRC", ex.Message);
        Assert.Matches("record [0-9]+", ex.Message);
    }

    [Fact]
    public void Build_LabelOutsideOutputDim_IsAnErrorNotASkip()
    {
        using var temp = new TempDirectory();
        byte[] good = Jpeg(8, 8, (x, y) => SKColors.Gray);
        string root = SyntheticDataset.Create(temp.Path, "labels", string.Format(CompressedMetadata, 2),
            new Dictionary<string, IEnumerable<byte[]>> { ["sample-train"] = [Record(0, 0, good), Record(1, 7, good)] },
            new Dictionary<string, IEnumerable<byte[]>> { ["sample-test"] = [Record(2, null, good)] });

        var ex = Assert.Throws<InvalidDataException>(() => ImageCache.Build(AutoDLCacheSource.Train(AutoDLDataset.Open(root)), 8, new CacheMemory()));

        Assert.Contains("record 1", ex.Message);
        Assert.Contains("label_index", ex.Message);
    }

    [Fact]
    public void Build_ImageSizeAgainstTheMetadata_IsAnErrorNamingTheRecord()
    {
        using var temp = new TempDirectory();
        byte[] image = Jpeg(8, 8, (x, y) => SKColors.Gray);
        string metadata = "sample_count: 3 output_dim: 3 matrix_spec { row_count: 8 col_count: 8 format: COMPRESSED num_channels: 3 }";
        string root = SyntheticDataset.Create(temp.Path, "sizes", metadata,
            new Dictionary<string, IEnumerable<byte[]>> { ["sample-train"] = [Record(0, 0, image), Record(1, 1, image), Record(2, 2, Jpeg(8, 9, (x, y) => SKColors.Gray))] },
            new Dictionary<string, IEnumerable<byte[]>> { ["sample-test"] = [Record(3, null, image)] });

        var ex = Assert.Throws<InvalidDataException>(() => ImageCache.Build(AutoDLCacheSource.Train(AutoDLDataset.Open(root)), 16, new CacheMemory()));

        Assert.Contains("record 2", ex.Message);
        Assert.Contains("row_count 8, col_count 8", ex.Message);
    }

    [Fact]
    public void Build_Cancelled_Throws()
    {
        var dataset = AutoDLDataset.Open(TestPaths.Dataset("miniciao"));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => ImageCache.Build(AutoDLCacheSource.Train(dataset), 32, new CacheMemory(), cancellation: cancelled.Token));
    }

    [Fact]
    public void Build_Dense_RoundsValuesToBytes()
    {
        using var temp = new TempDirectory();
        string root = SyntheticDataset.Create(temp.Path, "dense", SyntheticDataset.DenseMetadata,
            new Dictionary<string, IEnumerable<byte[]>> { ["sample-train"] = [SyntheticDataset.DenseRecord(0), SyntheticDataset.DenseRecord(1, 1)] },
            new Dictionary<string, IEnumerable<byte[]>> { ["sample-test"] = [SyntheticDataset.DenseRecord(1)] });

        using var cache = ImageCache.Build(AutoDLCacheSource.Train(AutoDLDataset.Open(root)), 4, new CacheMemory());

        var bytes = new byte[cache.ImageBytes];
        cache.CopyBytes(0, bytes);
        Assert.All(bytes, b => Assert.Equal(0, b));
        cache.CopyBytes(1, bytes);
        Assert.All(bytes, b => Assert.Equal(255, b));
        Assert.Equal([1], cache.LabelIndex[1]);
    }

    internal static byte[] Jpeg(int width, int height, Func<int, int, SKColor> color)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        Span<byte> pixels = bitmap.GetPixelSpan();
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                SKColor c = color(x, y);
                int i = ((y * width) + x) * 4;
                (pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]) = (c.Red, c.Green, c.Blue, 255);
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    internal static byte[] Record(long id, int? label, byte[] frame) => label is int l
        ? SequenceExampleWriter.Compressed(id, [l], [1f], [frame])
        : SequenceExampleWriter.Compressed(id, [], [], [frame]);
}
