using AutoVision.Data.AutoDL;
using AutoVision.Data.ImageFolders;
using AutoVision.Data.Tests.Support;

namespace AutoVision.Data.Tests.AutoDL;

public sealed class AutoDLWriterTests
{
    [Fact]
    public void Write_ImageFolder_RoundTripsPixelsLabelsAndOrder()
    {
        using var temp = new TempDirectory();
        var source = ImageFolderSource.Open(TestPaths.SignLanguageMini);

        AutoDLWriteResult result = AutoDLWriter.Write(source, temp.Path, "signs");
        var dataset = AutoDLDataset.Open(result.DatasetDir);

        IReadOnlyList<AutoDLExample> expectedTrain = source.ReadTrain(), expectedTest = source.ReadTest();
        IReadOnlyList<AutoDLExample> train = dataset.ReadTrain(), test = dataset.ReadTest();
        Assert.Equal("signs", dataset.Name);
        Assert.Equal(source.Classes, dataset.Classes);
        Assert.Equal((60, 30), (dataset.TrainMetadata.SampleCount, dataset.TestMetadata.SampleCount));
        Assert.Equal((100, 100, 3), (dataset.TrainMetadata.Matrix.RowCount, dataset.TrainMetadata.Matrix.ColCount, dataset.TrainMetadata.Channels));
        Assert.Equal(Enumerable.Range(30, 60).Select(i => (long?)i), train.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long?)i), test.Select(e => e.Id));
        for (int i = 0; i < train.Count; i++)
        {
            Assert.Equal(expectedTrain[i].Values, train[i].Values);
            Assert.Equal(expectedTrain[i].LabelIndex, train[i].LabelIndex);
        }

        for (int i = 0; i < test.Count; i++)
        {
            Assert.Equal(expectedTest[i].Values, test[i].Values);
        }

        double[][] solution = SolutionFile.Read(result.SolutionPath!);
        Assert.Equal(source.ReadTestLabels()!.Select(l => l[0]), solution.Select(row => Array.IndexOf(row, 1.0)));
        Assert.All(solution, row => Assert.Equal(1, row.Sum()));
    }

    [Fact]
    public void Write_VaryingSizes_WritesMinusOneAndQuotedClassNames()
    {
        using var temp = new TempDirectory();
        string root = Path.Combine(temp.Path, "src");
        Write(root, "it's", "a.png", 3, 2);
        Write(root, "it's", "b.png", 4, 2);
        Write(root, "plain", "c.png", 3, 2);
        Write(root, "plain", "d.png", 5, 5);
        var source = ImageFolderSource.Open(root, new AutoVision.Data.Images.ImageSourceOptions { TestFraction = 0.5 });

        AutoDLWriteResult result = AutoDLWriter.Write(source, Path.Combine(temp.Path, "out"));
        string metadata = File.ReadAllText(Path.Combine(result.DatasetDir, "src.data", "train", "metadata.textproto"));
        var dataset = AutoDLDataset.Open(result.DatasetDir);

        Assert.Contains("row_count: -1", metadata);
        Assert.Contains("key: 'it\\'s'", metadata);
        Assert.Equal(["it's", "plain"], dataset.Classes);
        Assert.Equal("0 1\n1 0\n".Length, File.ReadAllText(result.SolutionPath!).Length);
        Assert.All(dataset.ReadTest(), e => Assert.Empty(e.LabelIndex));
    }

    [Fact]
    public void Write_ExistingOutput_ThrowsIOException()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(temp.Path, "signs.data"));

        Assert.Throws<IOException>(() => AutoDLWriter.Write(ImageFolderSource.Open(TestPaths.SignLanguageMini), temp.Path, "signs"));
    }

    private static void Write(string root, string cls, string file, int w, int h)
    {
        Directory.CreateDirectory(Path.Combine(root, cls));
        int[] samples = Enumerable.Range(0, w * h * 3).Select(i => (i * 37) % 256).ToArray();
        File.WriteAllBytes(Path.Combine(root, cls, file), PngWriter.Encode(w, h, PngWriter.ColorType.Rgb, 8, samples));
    }
}
