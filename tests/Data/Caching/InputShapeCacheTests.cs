using AutoVision.Data.AutoDL;
using AutoVision.Data.Caching;
using AutoVision.Data.Tests.Support;
using SkiaSharp;

namespace AutoVision.Data.Tests.Caching;

/// <summary>Non-square inputs (H ≠ W): the decoder, the cache and the typical training size.</summary>
public sealed class InputShapeCacheTests
{
    private const string CompressedMetadata =
        "sample_count: {0} output_dim: 3 matrix_spec {{ row_count: -1 col_count: -1 format: COMPRESSED num_channels: 3 }}";

    [Theory]
    [InlineData(84, 28)]     // enlarged to 128 x 48 (no mipmaps)
    [InlineData(300, 100)]   // shrunk to 128 x 48 (linear mipmaps)
    public void Decode_NonSquareShape_GivesTheReferenceResizeInChwOrder(int width, int height)
    {
        byte[] png = Png(width, height, (x, y) => new SKColor((byte)(x * 255 / (width - 1)), (byte)(y * 255 / (height - 1)), (byte)((x * 7 + y * 13) % 256)));
        var shape = new InputShape(48, 128);
        var chw = new byte[3 * shape.Pixels];

        var native = InputDecoder.Decode(png, 3, shape, chw, pngOrJpegOnly: true);

        Assert.Equal((height, width), native);
        // The reference: the whole image decoded, then scaled to 128 x 48 with the filtering the square path uses.
        using var decoded = SKBitmap.Decode(png).Copy(SKColorType.Rgba8888);
        using var reference = new SKBitmap(new SKImageInfo(128, 48, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var sampling = width > 128 ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear) : new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None);
        Assert.True(decoded.ScalePixels(reference, sampling));
        ReadOnlySpan<byte> rgba = reference.GetPixelSpan();
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 48; y++)
                for (int x = 0; x < 128; x++)
                    Assert.Equal(rgba[((y * 128) + x) * 4 + c], chw[(c * shape.Pixels) + (y * 128) + x]);
        // Width is the long axis: the red ramp runs along the 128 columns, the green one down the 48 rows.
        Assert.InRange(chw[(0 * shape.Pixels) + (24 * 128) + 1], 0, 12);
        Assert.InRange(chw[(0 * shape.Pixels) + (24 * 128) + 126], 243, 255);
        Assert.InRange(chw[(1 * shape.Pixels) + (46 * 128) + 64], 235, 255);
    }

    [Fact]
    public void DecodeSize_WideJpeg_IsReducedOnlyAsFarAsBothSidesAllow()
    {
        byte[] jpeg = ImageCacheTests.Jpeg(1600, 400, (x, y) => new SKColor(90, 90, 90));
        using var stream = new SKMemoryStream(jpeg);
        using var codec = SKCodec.Create(stream);

        // 1/8 gives 200 x 50: still at least 128 wide and 48 high.
        Assert.Equal(new SKSizeI(200, 50), InputDecoder.DecodeSize(codec, new InputShape(48, 128)));
        // 100 high needs 1/4 (400 x 100): 1/8 would leave 50 rows.
        Assert.Equal(new SKSizeI(400, 100), InputDecoder.DecodeSize(codec, new InputShape(100, 128)));
    }

    [Fact]
    public void Build_NonSquareShape_RecordsHeightWidthAndTheDecodersBytes()
    {
        using var temp = new TempDirectory();
        var files = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            string path = Path.Combine(temp.Path, $"{i}.png");
            File.WriteAllBytes(path, Png(60 + (i * 10), 20, (x, y) => new SKColor((byte)(x * 3), (byte)(y * 10), (byte)(i * 80))));
            files.Add(path);
        }
        var shape = new InputShape(16, 64);

        using var cache = ImageCache.Build(new ImageFileCacheSource(files, 3), shape, new CacheMemory());

        Assert.Equal(shape, cache.Shape);
        Assert.Equal((16, 64), (cache.Height, cache.Width));
        Assert.Equal(3 * 16 * 64, cache.ImageBytes);
        var bytes = new byte[cache.ImageBytes];
        var expected = new byte[cache.ImageBytes];
        for (int row = 0; row < 3; row++)
        {
            cache.CopyBytes(row, bytes);
            InputDecoder.Decode(File.ReadAllBytes(files[row]), 3, shape, expected, pngOrJpegOnly: false);
            Assert.Equal(expected, bytes);
        }
    }

    [Fact]
    public void Build_SquareSizeAndSquareShape_GiveTheSameCache()
    {
        var dataset = AutoDLDataset.Open(TestPaths.Dataset("Monkeys"));

        using var bySize = ImageCache.Build(AutoDLCacheSource.Train(dataset), 40, new CacheMemory());
        using var byShape = ImageCache.Build(AutoDLCacheSource.Train(dataset), InputShape.Square(40), new CacheMemory());

        Assert.Equal(InputShape.Square(40), bySize.Shape);
        Assert.Equal(bySize.Floats([.. Enumerable.Range(0, bySize.Count)]), byShape.Floats([.. Enumerable.Range(0, byShape.Count)]));
    }

    [Fact]
    public void TypicalSize_VariableSizes_IsTheMedianHeightAndWidthOfTheTrainingImages()
    {
        var dataset = AutoDLDataset.Open(TestPaths.Dataset("Monkeys"));
        Assert.True(dataset.TrainMetadata.Matrix.RowCount <= 0, "the test needs a dataset of variable sizes");
        var train = dataset.ReadTrain().Take(AutoDLCacheSource.SizeSample).ToArray();

        var typical = AutoDLCacheSource.TypicalSize(dataset);

        Assert.NotNull(typical);
        Assert.Equal(Median(train.Select(e => e.Height)), typical.Value.Height);
        Assert.Equal(Median(train.Select(e => e.Width)), typical.Value.Width);
    }

    [Fact]
    public void TypicalSize_OnlyTheFirstRecordsAreLookedAt()
    {
        using var temp = new TempDirectory();
        // Two wide images (90 x 30), then three tall ones (20 x 80), in two files.
        byte[] wide = ImageCacheTests.Jpeg(90, 30, (x, y) => new SKColor(10, 10, 10));
        byte[] tall = ImageCacheTests.Jpeg(20, 80, (x, y) => new SKColor(10, 10, 10));
        string root = SyntheticDataset.Create(temp.Path, "mixed", string.Format(CompressedMetadata, 5),
            new Dictionary<string, IEnumerable<byte[]>>
            {
                ["sample-train-1"] = [ImageCacheTests.Record(0, 0, wide), ImageCacheTests.Record(1, 1, wide), ImageCacheTests.Record(2, 2, tall)],
                ["sample-train-2"] = [ImageCacheTests.Record(3, 0, tall), ImageCacheTests.Record(4, 1, tall)],
            },
            new Dictionary<string, IEnumerable<byte[]>> { ["sample-test"] = [ImageCacheTests.Record(5, null, wide)] },
            string.Format(CompressedMetadata, 1));
        var dataset = AutoDLDataset.Open(root);

        Assert.Equal((30.0, 90.0), AutoDLCacheSource.TypicalSize(dataset, sample: 2));
        Assert.Equal((55.0, 55.0), AutoDLCacheSource.TypicalSize(dataset, sample: 4));   // an even count: the mean of the middle two
        Assert.Equal((80.0, 20.0), AutoDLCacheSource.TypicalSize(dataset));              // all five: the tall ones are the median
    }

    [Fact]
    public void TypicalSize_FixedSizesInTheMetadata_AreTakenFromIt()
    {
        var dataset = AutoDLDataset.Open(TestPaths.Dataset("miniciao"));
        Assert.True(dataset.TrainMetadata.Matrix.RowCount > 0);

        Assert.Equal(((double)dataset.TrainMetadata.Matrix.RowCount, (double)dataset.TrainMetadata.Matrix.ColCount), AutoDLCacheSource.TypicalSize(dataset));
    }

    [Fact]
    public void InputShape_WritesSquaresAsTheSideAndOthersAsWidthByHeight()
    {
        Assert.Equal("64", InputShape.Square(64).ToString());
        Assert.Equal("128x48", new InputShape(48, 128).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => new InputShape(0, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageCache.Build(new ImageFileCacheSource([], 3), default(InputShape), new CacheMemory()));
    }

    private static double Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2.0;
    }

    private static byte[] Png(int width, int height, Func<int, int, SKColor> color)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                bitmap.SetPixel(x, y, color(x, y));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
