using System.Text.Json;
using AutoVision.Data.AutoDL;
using AutoVision.Data.ImageFolders;
using AutoVision.Data.Profiling;
using AutoVision.Data.Tests.Support;

namespace AutoVision.Data.Tests.Profiling;

public sealed class DatasetProfileTests
{
    [Fact]
    public void Compute_SignLanguageMini_DescribesABalancedColourImageSet()
    {
        DatasetProfile profile = DatasetProfile.Compute(ImageFolderSource.Open(TestPaths.SignLanguageMini));

        Assert.Equal("image", profile.Modality);
        Assert.Equal((60, 30), (profile.TrainCount, profile.TestCount));
        Assert.Equal(new SizeStats(100, 100, 100), profile.Height);
        Assert.Equal([3], profile.Channels);
        Assert.Equal(Enumerable.Repeat(6, 10), profile.ClassCounts);
        Assert.Equal(1.0, profile.ImbalanceRatio);
        Assert.False(profile.IsMultiLabel);
        Assert.Empty(profile.AbsentFromTrain);
        Assert.InRange(profile.ValueMin, 0f, 0.2f);
        Assert.InRange(profile.ValueMax, 0.8f, 1f);
    }

    [Fact]
    public void Compute_Monkeys_FindsVariableSizesAndAbsentClasses()
    {
        DatasetProfile profile = DatasetProfile.Compute(AutoDLDataset.Open(TestPaths.Dataset("Monkeys")));

        Assert.True(profile.Height.Min < profile.Height.Max);
        Assert.Equal(26, profile.ClassCounts.Sum());
        Assert.Equal(profile.ClassCounts.Max() / (double)profile.ClassCounts.Where(c => c > 0).Min(), profile.ImbalanceRatio);
        Assert.Equal(Enumerable.Range(0, 10).Where(c => profile.ClassCounts[c] == 0), profile.AbsentFromTrain);
        Assert.Null(profile.Classes);
    }

    [Fact]
    public void ToJson_Profile_HasCamelCaseFields()
    {
        DatasetProfile profile = DatasetProfile.Compute(AutoDLDataset.Open(TestPaths.Dataset("miniciao")));

        using JsonDocument json = JsonDocument.Parse(profile.ToJson());

        Assert.Equal("miniciao", json.RootElement.GetProperty("name").GetString());
        Assert.Equal(18, json.RootElement.GetProperty("testCount").GetInt32());
        Assert.Equal(32, json.RootElement.GetProperty("height").GetProperty("median").GetInt32());
        Assert.Equal(10, json.RootElement.GetProperty("classCounts").GetArrayLength());
    }

    [Fact]
    public void ToText_Profile_ListsEveryClassWithItsName()
    {
        DatasetProfile profile = DatasetProfile.Compute(AutoDLDataset.Open(TestPaths.Dataset("miniciao")));

        string text = profile.ToText();

        Assert.Contains("modality            image", text);
        Assert.Contains("airplane", text);
        Assert.Contains("truck", text);
    }

    [Fact]
    public void Of_EvenCount_TakesTheLowerMiddle()
    {
        Assert.Equal(new SizeStats(1, 2, 9), SizeStats.Of([9, 1, 3, 2]));
    }
}
