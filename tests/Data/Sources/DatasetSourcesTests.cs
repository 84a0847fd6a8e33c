using AutoVision.Data;
using AutoVision.Data.AutoDL;
using AutoVision.Data.ImageFolders;
using AutoVision.Data.Tests.Support;

namespace AutoVision.Data.Tests.Sources;

public class DatasetSourcesTests
{
    [Fact]
    public void Detect_AutoDLFolder_IsAutoDL()
    {
        Assert.Equal(DatasetFormat.AutoDL, DatasetSources.Detect(TestPaths.Dataset("miniciao")));
        Assert.IsType<AutoDLDataset>(DatasetSources.Open(TestPaths.Dataset("miniciao")));
    }

    [Fact]
    public void Detect_ClassFolders_IsImageFolders()
    {
        Assert.Equal(DatasetFormat.ImageFolders, DatasetSources.Detect(TestPaths.SignLanguageMini));
        var source = Assert.IsType<ImageFolderSource>(DatasetSources.Open(TestPaths.SignLanguageMini));
        Assert.Equal(10, source.OutputDim);
    }

    [Fact]
    public void Detect_CsvFile_IsManifest()
    {
        var file = Path.Combine(Path.GetTempPath(), $"autovision-{Guid.NewGuid():N}.csv");
        File.WriteAllText(file, "path,label,split\n");
        try { Assert.Equal(DatasetFormat.CsvManifest, DatasetSources.Detect(file)); }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Detect_Missing_ErrorNamesThePath()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => DatasetSources.Detect("/nonexistent/autovision-data"));
        Assert.Contains("/nonexistent/autovision-data", ex.Message);
    }

    [Fact]
    public void Detect_OtherFile_IsRefused()
    {
        var file = Path.GetTempFileName();
        try { Assert.Throws<InvalidDataException>(() => DatasetSources.Detect(file)); }
        finally { File.Delete(file); }
    }
}
