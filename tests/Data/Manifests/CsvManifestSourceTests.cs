using AutoVision.Data.Manifests;
using AutoVision.Data.Tests.Support;

namespace AutoVision.Data.Tests.Manifests;

public sealed class CsvManifestSourceTests
{
    [Fact]
    public void Open_PathLabelSplit_ReadsRelativePathsAndClassNames()
    {
        using var temp = new TempDirectory();
        string manifest = Write(temp, "m.csv", "path,label,split\nimg/a.png,cat,train\nimg/b.png,dog,train\nimg/c.png,dog,test\n");

        var source = CsvManifestSource.Open(manifest);

        Assert.Equal(["cat", "dog"], source.Classes);
        Assert.False(source.IsMultiLabel);
        Assert.Equal(Path.Combine(temp.Path, "img", "a.png"), source.TrainFiles[0]);
        Assert.Equal([[0], [1]], source.ReadTrain().Select(e => e.LabelIndex));
        Assert.Equal([[1]], source.ReadTestLabels()!);
        Assert.Empty(Assert.Single(source.ReadTest()).LabelIndex);
    }

    [Fact]
    public void Open_PipeLists_IsMultiLabel()
    {
        using var temp = new TempDirectory();
        string manifest = Write(temp, "m.csv", "path,label,split\nimg/a.png,cat|dog,train\nimg/b.png,dog,train\nimg/c.png,,test\n");

        var source = CsvManifestSource.Open(manifest);

        Assert.True(source.IsMultiLabel);
        Assert.Equal([[0, 1], [1]], source.ReadTrain().Select(e => e.LabelIndex));
        Assert.Null(source.ReadTestLabels());
    }

    [Fact]
    public void Open_IndicatorColumnsInTwoManifests_UsesHeaderAsClasses()
    {
        using var temp = new TempDirectory();
        string train = Write(temp, "train.csv", "path,sky,sea\nimg/a.png,1,1\nimg/b.png,0,1\n");
        string test = Write(temp, "test.csv", "path\nimg/c.png\n");

        var source = CsvManifestSource.Open(train, test);

        Assert.Equal(["sky", "sea"], source.Classes);
        Assert.True(source.IsMultiLabel);
        Assert.Null(source.ReadTestLabels());
        Assert.Equal([[0, 1], [1]], source.ReadTrain().Select(e => e.LabelIndex));
    }

    [Fact]
    public void Open_BadIndicatorValue_ThrowsNamingFileLineAndColumn()
    {
        using var temp = new TempDirectory();
        string train = Write(temp, "train.csv", "path,sky,sea\nimg/a.png,1,0\nimg/b.png,0,yes\n");
        string test = Write(temp, "test.csv", "path\nimg/c.png\n");

        var ex = Assert.Throws<InvalidDataException>(() => CsvManifestSource.Open(train, test));

        Assert.Contains($"CSV manifest '{train}', line 3, column 'sea'", ex.Message);
        Assert.Contains("expected 0 or 1 but found 'yes'", ex.Message);
    }

    [Fact]
    public void Open_LabelNotInClassList_ThrowsNamingFileLineAndColumn()
    {
        using var temp = new TempDirectory();
        string manifest = Write(temp, "m.csv", "path,label,split\nimg/a.png,cat,train\nimg/b.png,cow,test\n");

        var ex = Assert.Throws<InvalidDataException>(() => CsvManifestSource.Open(manifest, classes: ["cat", "dog"]));

        Assert.Contains($"CSV manifest '{manifest}', line 3, column 'label'", ex.Message);
        Assert.Contains("class 'cow' is not in the class list", ex.Message);
    }

    [Fact]
    public void Open_BadSplitValue_ThrowsNamingTheColumn()
    {
        using var temp = new TempDirectory();
        string manifest = Write(temp, "m.csv", "path,label,split\nimg/a.png,cat,valid\n");

        var ex = Assert.Throws<InvalidDataException>(() => CsvManifestSource.Open(manifest));

        Assert.Contains("line 2, column 'split'", ex.Message);
    }

    [Fact]
    public void Open_NoPathColumn_ThrowsNamingTheHeader()
    {
        using var temp = new TempDirectory();
        string manifest = Write(temp, "m.csv", "file,label,split\nimg/a.png,cat,train\n");

        var ex = Assert.Throws<InvalidDataException>(() => CsvManifestSource.Open(manifest));

        Assert.Contains("expected a 'path' column", ex.Message);
    }

    [Fact]
    public void Open_RaggedRow_ThrowsNamingTheLine()
    {
        using var temp = new TempDirectory();
        string manifest = Write(temp, "m.csv", "path,label,split\nimg/a.png,cat,train\nimg/b.png,cat\n");

        var ex = Assert.Throws<InvalidDataException>(() => CsvManifestSource.Open(manifest));

        Assert.Contains($"CSV manifest '{manifest}', line 3", ex.Message);
    }

    [Fact]
    public void ReadTest_MissingImage_ThrowsNamingFileAndManifestLine()
    {
        using var temp = new TempDirectory();
        string manifest = Write(temp, "m.csv", "path,label,split\nimg/a.png,cat,train\nimg/gone.png,cat,test\n");

        var ex = Assert.Throws<InvalidDataException>(CsvManifestSource.Open(manifest).ReadTest);

        Assert.Contains("gone.png", ex.Message);
        Assert.Contains("line 3", ex.Message);
    }

    private static string Write(TempDirectory temp, string name, string csv)
    {
        Directory.CreateDirectory(Path.Combine(temp.Path, "img"));
        foreach (string image in new[] { "a", "b", "c" })
        {
            File.WriteAllBytes(Path.Combine(temp.Path, "img", image + ".png"), PngWriter.Encode(2, 1, PngWriter.ColorType.Rgb, 8, [1, 2, 3, 4, 5, 6]));
        }

        string path = Path.Combine(temp.Path, name);
        File.WriteAllText(path, csv);
        return path;
    }
}
