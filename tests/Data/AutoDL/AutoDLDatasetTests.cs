using System.Security.Cryptography;
using AutoVision.Data.AutoDL;
using AutoVision.Data.Tests.Support;

namespace AutoVision.Data.Tests.AutoDL;

public sealed class AutoDLDatasetTests
{
    private const float PixelScale = (float)(1.0 / 255.0);

    [Fact]
    public void Open_Miniciao_ReadsLayoutAndBothMetadataFiles()
    {
        string dir = TestPaths.Dataset("miniciao");

        var dataset = AutoDLDataset.Open(dir);

        Assert.Equal("miniciao", dataset.Name);
        Assert.Equal(Path.Combine(dir, "miniciao.data"), dataset.DataDir);
        Assert.Equal(Path.Combine(dir, "miniciao.solution"), dataset.SolutionPath);
        Assert.Equal(82, dataset.TrainMetadata.SampleCount);
        Assert.Equal(18, dataset.TestMetadata.SampleCount);
        Assert.Equal(10, dataset.TestMetadata.OutputDim);
        Assert.Equal("sample-miniciao-train.tfrecord", Path.GetFileName(Assert.Single(dataset.TrainFiles)));
        Assert.Equal("sample-miniciao-test.tfrecord", Path.GetFileName(Assert.Single(dataset.TestFiles)));
    }

    [Fact]
    public void ReadTrain_Miniciao_Returns82LabelledColourImages()
    {
        var dataset = AutoDLDataset.Open(TestPaths.Dataset("miniciao"));

        IReadOnlyList<AutoDLExample> train = dataset.ReadTrain();

        Assert.Equal(82, train.Count);
        Assert.All(train, e => Assert.Equal((1, 32, 32, 3), (e.Frames, e.Height, e.Width, e.Channels)));
        Assert.Equal(Enumerable.Range(18, 82).Select(i => (long?)i), train.Select(e => e.Id));
        Assert.All(train, e => Assert.Equal([1f], e.LabelScore));
        int[] perClass = Enumerable.Range(0, 10).Select(c => train.Count(e => e.LabelIndex.SequenceEqual([c]))).ToArray();
        Assert.Equal([8, 8, 11, 6, 9, 6, 7, 9, 8, 10], perClass);
    }

    [Fact]
    public void ReadTrain_MiniciaoFirstImage_IsTensorFlowScaledPngBytes()
    {
        AutoDLExample first = AutoDLDataset.Open(TestPaths.Dataset("miniciao")).ReadTrain()[0];

        byte[] bytes = ToBytesCheckingScale(first.Values);

        // Reference values from an independent python3 (zlib) decode of the same PNG.
        Assert.Equal("339ba21f2574d42e4acde806320e4a2c789842abd8f4d33f847f3eb9e3974d19", Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(122 * PixelScale, first.Values[0]);
        Assert.Equal(232 * PixelScale, first.Values[1]);
        Assert.Equal(193 * PixelScale, first.Values[2]);
        Assert.Equal(170 * PixelScale, first.Values[((((15 * 32) + 17) * 3) + 2)]);
    }

    [Fact]
    public void ReadTest_Miniciao_Returns18ExamplesWithoutLabelsInRecordOrder()
    {
        var dataset = AutoDLDataset.Open(TestPaths.Dataset("miniciao"));

        IReadOnlyList<AutoDLExample> test = dataset.ReadTest();

        Assert.Equal(18, test.Count);
        Assert.Equal(Enumerable.Range(0, 18).Select(i => (long?)i), test.Select(e => e.Id));
        Assert.All(test, e => Assert.Empty(e.LabelIndex));
        Assert.All(test, e => Assert.Empty(e.LabelScore));
        Assert.All(test, e => Assert.Equal(new float[10], e.DenseLabel(dataset.TestMetadata.OutputDim)));
        Assert.Equal("52b45c13793b27d800af5f21787b725e1bfa14c9709104d3c4a776decb9068c9", Convert.ToHexStringLower(SHA256.HashData(ToBytesCheckingScale(test[^1].Values))));
    }

    [Fact]
    public void ReadTest_Miniciao_RowsMatchSolution()
    {
        var dataset = AutoDLDataset.Open(TestPaths.Dataset("miniciao"));

        double[][] solution = SolutionFile.Read(dataset.SolutionPath!);

        Assert.Equal(dataset.ReadTest().Count, solution.Length);
        Assert.Equal(dataset.TestMetadata.SampleCount, solution.Length);
        Assert.All(solution, row => Assert.Equal(dataset.TestMetadata.OutputDim, row.Length));
        Assert.Equal([2, 2, 0, 3, 2, 3, 3, 1, 2, 0], SolutionFile.PositivesPerClass(solution));
    }

    [Fact]
    public void ReadTrain_Monkeys_ReturnsVariableSizeJpegsWithThreeChannels()
    {
        var dataset = AutoDLDataset.Open(TestPaths.Dataset("Monkeys"));

        IReadOnlyList<AutoDLExample> train = dataset.ReadTrain();

        (int, int)[] sizes =
        [
            (500, 800), (300, 450), (448, 304), (425, 295), (500, 800), (275, 183), (513, 361), (199, 351), (439, 439),
            (293, 362), (384, 550), (336, 427), (332, 500), (367, 550), (370, 470), (299, 450), (336, 502), (344, 460),
            (434, 526), (336, 480), (332, 449), (524, 330), (339, 453), (520, 347), (331, 452), (367, 550),
        ];
        Assert.Equal(sizes, train.Select(e => (e.Height, e.Width)));
        Assert.Equal(24, sizes.Distinct().Count());
        Assert.All(train, e => Assert.Equal((1, 3), (e.Frames, e.Channels)));
        Assert.All(train, e => Assert.Equal(e.Height * e.Width * 3, e.Values.Length));
        Assert.Equal([7, 0, 0, 8, 5, 0, 6, 4, 5, 1, 5, 4, 6, 3, 7, 4, 2, 8, 1, 8, 9, 1, 9, 2, 9, 6], train.Select(e => Assert.Single(e.LabelIndex)));
        Assert.Equal(Enumerable.Range(4, 26).Select(i => (long?)i), train.Select(e => e.Id));
        ToBytesCheckingScale(train[0].Values);
    }

    [Fact]
    public void ReadTest_Monkeys_ReturnsFourUnlabelledImagesMatchingSolution()
    {
        var dataset = AutoDLDataset.Open(TestPaths.Dataset("Monkeys"));

        IReadOnlyList<AutoDLExample> test = dataset.ReadTest();

        Assert.Equal([(473, 473), (198, 384), (401, 600), (344, 500)], test.Select(e => (e.Height, e.Width)));
        Assert.All(test, e => Assert.Empty(e.LabelIndex));
        Assert.Equal(3, dataset.TestMetadata.Channels);
        Assert.Equal([0, 0, 1, 2, 0, 0, 0, 1, 0, 0], SolutionFile.PositivesPerClass(SolutionFile.Read(dataset.SolutionPath!)));
    }

    [Fact]
    public void ReadTrain_Mini1_ReturnsDenseDigitsFromFilesWithoutExtension()
    {
        var dataset = AutoDLDataset.Open(TestPaths.Dataset("mini1"));

        IReadOnlyList<AutoDLExample> train = dataset.ReadTrain();

        Assert.Equal("sample-train-50-lines", Path.GetFileName(Assert.Single(dataset.TrainFiles)));
        Assert.Equal(50, train.Count);
        Assert.All(train, e => Assert.Equal((1, 28, 28, 1), (e.Frames, e.Height, e.Width, e.Channels)));
        Assert.All(train, e => Assert.Null(e.Id));
        int[] labels = [5, 0, 4, 1, 9, 2, 1, 3, 1, 4, 3, 5, 3, 6, 1, 7, 2, 8, 6, 9, 4, 0, 9, 1, 1, 2, 4, 3, 2, 7, 3, 8, 6, 9, 0, 5, 6, 0, 7, 6, 1, 8, 7, 9, 3, 9, 8, 5, 9, 3];
        Assert.Equal(labels, train.Select(e => Assert.Single(e.LabelIndex)));
        // Reference values from python3 struct decoding of the first record.
        Assert.Equal(0x3C40C0C2, BitConverter.SingleToInt32Bits(train[0].Values[152]));
        Assert.Equal(0x3D909091, BitConverter.SingleToInt32Bits(train[0].Values[153]));
        Assert.Equal(107.94118276052177, train[0].Values.Sum(v => (double)v), 1e-12);
        Assert.Equal(129.26275294087827, train[^1].Values.Sum(v => (double)v), 1e-12);
    }

    [Fact]
    public void ReadTest_Mini1WhoseRecordsStillCarryLabels_ExposesNoLabels()
    {
        var dataset = AutoDLDataset.Open(TestPaths.Dataset("mini1"));

        IReadOnlyList<AutoDLExample> test = dataset.ReadTest();

        Assert.Equal(10, test.Count);
        Assert.All(test, e => Assert.Empty(e.LabelIndex));
        Assert.All(test, e => Assert.Empty(e.LabelScore));
        Assert.Equal(10, SolutionFile.Read(dataset.SolutionPath!).Length);
        Assert.Equal([1, 2, 1, 0, 2, 1, 0, 1, 0, 2], SolutionFile.PositivesPerClass(SolutionFile.Read(dataset.SolutionPath!)));
    }

    [Fact]
    public void Open_NoDataFolder_ThrowsNamingTheDirectory()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(temp.Path, "something"));

        var ex = Assert.Throws<InvalidDataException>(() => AutoDLDataset.Open(temp.Path));

        Assert.Contains(temp.Path, ex.Message);
        Assert.Contains("exactly one '<name>.data' folder, found 0", ex.Message);
    }

    [Fact]
    public void Open_TwoDataFolders_ThrowsListingBoth()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(temp.Path, "a.data"));
        Directory.CreateDirectory(Path.Combine(temp.Path, "b.data"));

        var ex = Assert.Throws<InvalidDataException>(() => AutoDLDataset.Open(temp.Path));

        Assert.Contains("found 2: a.data, b.data", ex.Message);
    }

    [Fact]
    public void Open_MissingDirectory_ThrowsDirectoryNotFound()
    {
        Assert.Throws<DirectoryNotFoundException>(() => AutoDLDataset.Open(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))));
    }

    [Fact]
    public void Open_MissingMetadata_ThrowsFileNotFound()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(temp.Path, "x.data", "train"));

        var ex = Assert.Throws<FileNotFoundException>(() => AutoDLDataset.Open(temp.Path));

        Assert.Contains("metadata.textproto", ex.Message);
    }

    [Fact]
    public void Open_SplitWithoutDataFiles_ThrowsFileNotFound()
    {
        using var temp = new TempDirectory();
        SyntheticDataset.Create(temp.Path, "x", SyntheticDataset.DenseMetadata, new Dictionary<string, IEnumerable<byte[]>> { ["other"] = [] }, new Dictionary<string, IEnumerable<byte[]>> { ["sample"] = [] });

        var ex = Assert.Throws<FileNotFoundException>(() => AutoDLDataset.Open(temp.Path));

        Assert.Contains("sample*", ex.Message);
    }

    [Fact]
    public void Open_TestSplitWithTwoFiles_ThrowsNotSupported()
    {
        using var temp = new TempDirectory();
        var files = new Dictionary<string, IEnumerable<byte[]>> { ["sample-1"] = [], ["sample-2"] = [] };
        SyntheticDataset.Create(temp.Path, "x", SyntheticDataset.DenseMetadata, files, files);

        var ex = Assert.Throws<NotSupportedException>(() => AutoDLDataset.Open(temp.Path));

        Assert.Contains("2 data files", ex.Message);
        Assert.Contains("ambiguous", ex.Message);
    }

    [Fact]
    public void Open_SparseDataset_ThrowsNotSupported()
    {
        using var temp = new TempDirectory();
        var files = new Dictionary<string, IEnumerable<byte[]>> { ["sample"] = [] };
        SyntheticDataset.Create(temp.Path, "x", "output_dim: 2 matrix_spec { format: SPARSE col_count: 100 }", files, files);

        var ex = Assert.Throws<NotSupportedException>(() => AutoDLDataset.Open(temp.Path));

        Assert.Contains("SPARSE", ex.Message);
    }

    [Fact]
    public void Open_DenseWithVariableSize_ThrowsInvalidData()
    {
        using var temp = new TempDirectory();
        var files = new Dictionary<string, IEnumerable<byte[]>> { ["sample"] = [] };
        SyntheticDataset.Create(temp.Path, "x", "matrix_spec { format: DENSE row_count: -1 col_count: 5 }", files, files);

        var ex = Assert.Throws<InvalidDataException>(() => AutoDLDataset.Open(temp.Path));

        Assert.Contains("row_count, col_count and num_channels > 0", ex.Message);
    }

    [Fact]
    public void Open_CompressedWithTwoChannels_ThrowsNotSupported()
    {
        using var temp = new TempDirectory();
        var files = new Dictionary<string, IEnumerable<byte[]>> { ["sample"] = [] };
        SyntheticDataset.Create(temp.Path, "x", "matrix_spec { format: COMPRESSED num_channels: 2 }", files, files);

        Assert.Throws<NotSupportedException>(() => AutoDLDataset.Open(temp.Path));
    }

    [Fact]
    public void Open_NoSolutionFile_SolutionPathIsNull()
    {
        using var temp = new TempDirectory();
        var files = new Dictionary<string, IEnumerable<byte[]>> { ["sample"] = [SyntheticDataset.DenseRecord(1)] };
        SyntheticDataset.Create(temp.Path, "x", SyntheticDataset.DenseMetadata, files, files);

        var dataset = AutoDLDataset.Open(temp.Path);

        Assert.Null(dataset.SolutionPath);
        Assert.Equal("x", dataset.Name);
    }

    [Fact]
    public void ReadTrain_SeveralFiles_ReadsThemInOrdinalNameOrder()
    {
        using var temp = new TempDirectory();
        var train = new Dictionary<string, IEnumerable<byte[]>>
        {
            ["sample-b"] = [SyntheticDataset.DenseRecord(5), SyntheticDataset.DenseRecord(6)],
            ["sample-a"] = [SyntheticDataset.DenseRecord(3), SyntheticDataset.DenseRecord(4)],
            ["sample-A"] = [SyntheticDataset.DenseRecord(1), SyntheticDataset.DenseRecord(2)],
            ["not-a-sample"] = [SyntheticDataset.DenseRecord(99)],
        };
        SyntheticDataset.Create(temp.Path, "x", SyntheticDataset.DenseMetadata, train, new Dictionary<string, IEnumerable<byte[]>> { ["sample"] = [] });

        IReadOnlyList<AutoDLExample> examples = AutoDLDataset.Open(temp.Path).ReadTrain();

        Assert.Equal([1L, 2, 3, 4, 5, 6], examples.Select(e => e.Id!.Value));
    }

    [Fact]
    public void ReadTest_ManyRecords_KeepsRecordOrderAcrossDecodeBatches()
    {
        using var temp = new TempDirectory();
        var test = new Dictionary<string, IEnumerable<byte[]>> { ["sample"] = Enumerable.Range(0, 700).Select(i => SyntheticDataset.DenseRecord(i)).ToList() };
        SyntheticDataset.Create(temp.Path, "x", SyntheticDataset.DenseMetadata, test, test);

        IReadOnlyList<AutoDLExample> examples = AutoDLDataset.Open(temp.Path).ReadTest();

        Assert.Equal(Enumerable.Range(0, 700).Select(i => (long)i), examples.Select(e => e.Id!.Value));
        Assert.Equal(Enumerable.Range(0, 700).Select(i => (float)i), examples.Select(e => e.Values[0]));
    }

    [Fact]
    public void ReadTest_SeveralBrokenRecords_ReportsTheFirstOne()
    {
        using var temp = new TempDirectory();
        List<byte[]> records = Enumerable.Range(0, 400).Select(i => SyntheticDataset.DenseRecord(i)).ToList();
        records[301] = [0x0A, 0x7F];
        records[350] = [0x0A, 0x7F];
        var test = new Dictionary<string, IEnumerable<byte[]>> { ["sample"] = records };
        SyntheticDataset.Create(temp.Path, "x", SyntheticDataset.DenseMetadata, test, test);

        var ex = Assert.Throws<InvalidDataException>(() => AutoDLDataset.Open(temp.Path).ReadTest());

        Assert.Contains("record 301:", ex.Message);
    }

    [Fact]
    public void ReadTrain_CorruptedRecordFile_ThrowsNamingFileAndRecordIndex()
    {
        using var temp = new TempDirectory();
        string copy = temp.CopyTree(TestPaths.Dataset("miniciao"), "miniciao");
        string file = Directory.GetFiles(Path.Combine(copy, "miniciao.data", "train"), "sample*").Single();
        byte[] bytes = File.ReadAllBytes(file);
        int offset = 0;
        for (int i = 0; i < 7; i++)
        {
            offset += 16 + (int)BitConverter.ToUInt64(bytes, offset);
        }

        bytes[offset + 100] ^= 0xFF;
        File.WriteAllBytes(file, bytes);

        var ex = Assert.Throws<InvalidDataException>(() => AutoDLDataset.Open(copy).ReadTrain());

        Assert.Contains(file, ex.Message);
        Assert.Contains("record 7", ex.Message);
        Assert.Contains("data CRC", ex.Message);
    }

    [Fact]
    public void ReadTest_BrokenImage_ThrowsNamingFileRecordAndStep()
    {
        using var temp = new TempDirectory();
        byte[] png = PngWriter.Encode(2, 2, PngWriter.ColorType.Rgb, 8, new int[12]);
        byte[] Record(byte[] image) => new SequenceExampleBuilder().List("0_compressed", SequenceExampleBuilder.BytesFeature(image)).Build();
        var test = new Dictionary<string, IEnumerable<byte[]>> { ["sample-test"] = [Record(png), Record(png), Record([0xFF, 0xD8, 0xFF, 0xE0, 1, 2]), Record(png)] };
        SyntheticDataset.Create(temp.Path, "x", "output_dim: 2 matrix_spec { row_count: 2 col_count: 2 format: COMPRESSED }", test, test);
        var dataset = AutoDLDataset.Open(temp.Path);

        var ex = Assert.Throws<InvalidDataException>(() => dataset.ReadTest());

        Assert.Contains(dataset.TestFiles[0], ex.Message);
        Assert.Contains("record 2, feature list '0_compressed' step 0", ex.Message);
    }

    /// <summary>Checks every value is exactly (float)u8 * (float)(1/255) and returns the bytes.</summary>
    private static byte[] ToBytesCheckingScale(float[] values)
    {
        byte[] bytes = new byte[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            int u8 = (int)MathF.Round(values[i] * 255f);
            Assert.InRange(u8, 0, 255);
            Assert.Equal(u8 * PixelScale, values[i]);
            bytes[i] = (byte)u8;
        }

        return bytes;
    }
}
