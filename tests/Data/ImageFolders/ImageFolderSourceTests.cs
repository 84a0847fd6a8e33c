using AutoVision.Data.AutoDL;
using AutoVision.Data.ImageFolders;
using AutoVision.Data.Images;
using AutoVision.Data.Tests.Images;
using AutoVision.Data.Tests.Support;
using SkiaSharp;

namespace AutoVision.Data.Tests.ImageFolders;

public sealed class ImageFolderSourceTests
{
    [Fact]
    public void Open_SignLanguageMini_FindsClassesAndSplitsInOrdinalOrder()
    {
        var source = ImageFolderSource.Open(TestPaths.SignLanguageMini);

        Assert.Equal("sign-language-digits-mini", source.Name);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString()), source.Classes);
        Assert.Equal(10, source.OutputDim);
        Assert.Equal(3, source.Channels);
        Assert.False(source.IsSplitHere);
        Assert.Equal(60, source.TrainFiles.Count);
        Assert.Equal(30, source.TestFiles.Count);
        Assert.Equal(source.TrainFiles.Order(StringComparer.Ordinal), source.TrainFiles);
    }

    [Fact]
    public void ReadTrain_SignLanguageMini_DecodesLabelledColourImages()
    {
        var source = ImageFolderSource.Open(TestPaths.SignLanguageMini);

        IReadOnlyList<AutoDLExample> train = source.ReadTrain();

        Assert.Equal(60, train.Count);
        Assert.All(train, e => Assert.Equal((1, 100, 100, 3), (e.Frames, e.Height, e.Width, e.Channels)));
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(c => Enumerable.Repeat(c, 6)), train.Select(e => Assert.Single(e.LabelIndex)));
        Assert.All(train, e => Assert.Equal([1f], e.LabelScore));
        Assert.Empty(source.Skipped);
    }

    [Fact]
    public void ReadTest_SignLanguageMini_HasNoLabelsButTestLabelsAreKnown()
    {
        var source = ImageFolderSource.Open(TestPaths.SignLanguageMini);

        IReadOnlyList<AutoDLExample> test = source.ReadTest();
        IReadOnlyList<int[]>? labels = source.ReadTestLabels();

        Assert.Equal(30, test.Count);
        Assert.All(test, e => Assert.Empty(e.LabelIndex));
        Assert.NotNull(labels);
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(c => Enumerable.Repeat(c, 3)), labels.Select(l => Assert.Single(l)));
    }

    [Fact]
    public void ReadTrain_TruncatedJpeg_SkipsItAndReportsThePath()
    {
        using var temp = new TempDirectory();
        string copy = temp.CopyTree(TestPaths.SignLanguageMini, "signs");
        string broken = Directory.GetFiles(Path.Combine(copy, "train", "4")).Order(StringComparer.Ordinal).ElementAt(2);
        Truncate(broken);
        var source = ImageFolderSource.Open(copy);

        IReadOnlyList<AutoDLExample> train = source.ReadTrain();

        Assert.Equal(59, train.Count);
        SkippedExample skipped = Assert.Single(source.Skipped);
        Assert.Equal(broken, skipped.Path);
        Assert.Contains("image", skipped.Reason);
        Assert.Equal(5, train.Count(e => e.LabelIndex[0] == 4));
    }

    [Fact]
    public void ReadTest_TruncatedJpeg_ThrowsNamingTheFileAndRow()
    {
        using var temp = new TempDirectory();
        string copy = temp.CopyTree(TestPaths.SignLanguageMini, "signs");
        string broken = Directory.GetFiles(Path.Combine(copy, "test", "1")).Order(StringComparer.Ordinal).First();
        Truncate(broken);
        var source = ImageFolderSource.Open(copy);

        var ex = Assert.Throws<InvalidDataException>(source.ReadTest);

        Assert.Contains(broken, ex.Message);
        Assert.Contains("row 3", ex.Message);
        Assert.Contains("never dropped", ex.Message);
    }

    [Fact]
    public void Open_SingleFolderOfClasses_SplitsStratifiedAndReproducibly()
    {
        using var temp = new TempDirectory();
        string root = Path.Combine(temp.Path, "flat");
        foreach (string dir in Directory.GetDirectories(Path.Combine(TestPaths.SignLanguageMini, "train")))
        {
            temp.CopyTree(dir, Path.Combine("flat", Path.GetFileName(dir)));
        }

        var a = ImageFolderSource.Open(root, new ImageSourceOptions { TestFraction = 0.5, Seed = 7 });
        var b = ImageFolderSource.Open(root, new ImageSourceOptions { TestFraction = 0.5, Seed = 7 });
        var c = ImageFolderSource.Open(root, new ImageSourceOptions { TestFraction = 0.5, Seed = 8 });

        Assert.True(a.IsSplitHere);
        Assert.Equal(30, a.TrainFiles.Count);
        Assert.Equal(30, a.TestFiles.Count);
        Assert.Equal(a.TestFiles, b.TestFiles);
        Assert.NotEqual(a.TestFiles, c.TestFiles);
        Assert.Empty(a.TrainFiles.Intersect(a.TestFiles));
        Assert.All(a.ReadTestLabels()!.GroupBy(l => l[0]), g => Assert.Equal(3, g.Count()));
    }

    [Fact]
    public void Open_UnlabelledTestFolder_HasNoTestLabels()
    {
        using var temp = new TempDirectory();
        string copy = temp.CopyTree(Path.Combine(TestPaths.SignLanguageMini, "train"), Path.Combine("x", "train"));
        string test = Path.Combine(temp.Path, "x", "test");
        Directory.CreateDirectory(test);
        File.Copy(Directory.GetFiles(Path.Combine(copy, "0"))[0], Path.Combine(test, "a.JPG"));

        var source = ImageFolderSource.Open(Path.Combine(temp.Path, "x"));

        Assert.Null(source.ReadTestLabels());
        Assert.Single(source.ReadTest());
    }

    [Fact]
    public void Open_ImagesOutsideClassFolders_ThrowsNamingTheFolder()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(Path.Combine(temp.Path, "loose.png"), PngWriter.Encode(1, 1, PngWriter.ColorType.Gray, 8, [0]));

        var ex = Assert.Throws<InvalidDataException>(() => ImageFolderSource.Open(temp.Path));

        Assert.Contains("loose.png", ex.Message);
        Assert.Contains("class folders", ex.Message);
    }

    [Fact]
    public void Open_GrayImages_ChoosesOneChannel()
    {
        using var temp = new TempDirectory();
        foreach (string c in new[] { "a", "b" })
        {
            Directory.CreateDirectory(Path.Combine(temp.Path, c));
            for (int i = 0; i < 3; i++)
            {
                File.WriteAllBytes(Path.Combine(temp.Path, c, $"{i}.png"), PngWriter.Encode(2, 2, PngWriter.ColorType.Gray, 8, [i, 2, 3, 4]));
            }
        }

        var source = ImageFolderSource.Open(temp.Path);

        Assert.Equal(1, source.Channels);
        Assert.All(source.ReadTrain(), e => Assert.Equal(1, e.Channels));
    }

    [Fact]
    public void ReadTrain_HugeJpegWithMaxSide_DecodesAtReducedScale()
    {
        using var temp = new TempDirectory();
        foreach (string c in new[] { "a", "b" })
        {
            Directory.CreateDirectory(Path.Combine(temp.Path, c));
            File.WriteAllBytes(Path.Combine(temp.Path, c, "big.jpg"), ImageFileDecoderTests.Jpeg(3024, 3024, SKColors.Gray));
            File.WriteAllBytes(Path.Combine(temp.Path, c, "small.jpg"), ImageFileDecoderTests.Jpeg(64, 48, SKColors.Gray));
        }

        var source = ImageFolderSource.Open(temp.Path, new ImageSourceOptions { MaxSide = 128, TestFraction = 0.5 });

        IReadOnlyList<AutoDLExample> all = [.. source.ReadTrain(), .. source.ReadTest()];
        Assert.Contains(all, e => (e.Height, e.Width) == (128, 128));
        Assert.Contains(all, e => (e.Height, e.Width) == (48, 64));
    }

    internal static void Truncate(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
    }
}
