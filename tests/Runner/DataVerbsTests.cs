using AutoVision.Data.AutoDL;
using AutoVision.Runner.Cli;
using SkiaSharp;

namespace AutoVision.Runner.Tests;

public class DataVerbsTests
{
    /// <summary>A tiny image-folder dataset: train/ and test/ with two class folders of solid-colour PNGs.</summary>
    internal static string ImageFolders(int trainPerClass = 4, int testPerClass = 2)
    {
        var root = TestPaths.NewTempDir();
        var colours = new Dictionary<string, SKColor> { ["red"] = new SKColor(220, 30, 30), ["blue"] = new SKColor(30, 30, 220) };
        foreach (var (split, count) in new[] { ("train", trainPerClass), ("test", testPerClass) })
            foreach (var (name, colour) in colours)
            {
                var dir = Path.Combine(root, split, name);
                Directory.CreateDirectory(dir);
                for (int i = 0; i < count; i++)
                {
                    using var bitmap = new SKBitmap(20 + i, 24);
                    bitmap.Erase(colour.WithGreen((byte)(i * 20)));
                    using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
                    File.WriteAllBytes(Path.Combine(dir, $"{i:D2}.png"), data.ToArray());
                }
            }
        return root;
    }

    [Fact]
    public async Task Convert_ImageFolders_WritesAnAutoDLDatasetWithItsSolution()
    {
        var input = ImageFolders();
        var output = TestPaths.NewTempDir();
        int code = await CommandLine.InvokeAsync(new[] { "convert", input, "--output", output, "--name", "colours" });
        Assert.Equal(0, code);

        var dataset = AutoDLDataset.Open(output);
        Assert.Equal("colours", dataset.Name);
        Assert.Equal(8, dataset.ReadTrain().Count);
        Assert.Equal(4, dataset.ReadTest().Count);
        Assert.Equal(2, dataset.TrainMetadata.OutputDim);
        Assert.Equal(-1, dataset.TrainMetadata.Matrix.ColCount);   // widths vary: 20..23 px
        var solution = File.ReadAllLines(Path.Combine(output, "colours.solution"));
        Assert.Equal(new[] { "1 0", "1 0", "0 1", "0 1" }, solution);   // classes sorted (blue = 0, red = 1), rows class by class
    }

    [Fact]
    public async Task Convert_IntoAFolderThatHasTheDataset_IsRefused()
    {
        var input = ImageFolders();
        var output = TestPaths.NewTempDir();
        Assert.Equal(0, await CommandLine.InvokeAsync(new[] { "convert", input, "--output", output, "--name", "c" }));
        Assert.Equal(2, await CommandLine.InvokeAsync(new[] { "convert", input, "--output", output, "--name", "c" }));
    }

    [Fact]
    public async Task Inspect_AutoDLAndImageFolders_Succeed()
    {
        Assert.Equal(0, await CommandLine.InvokeAsync(new[] { "inspect", TestPaths.MiniCiao }));
        Assert.Equal(0, await CommandLine.InvokeAsync(new[] { "inspect", ImageFolders(), "--json" }));
    }

    [Fact]
    public async Task Inspect_Missing_FailsWithExitCode2()
    {
        Assert.Equal(2, await CommandLine.InvokeAsync(new[] { "inspect", "/nonexistent/autovision-data" }));
    }

    [Theory]
    [InlineData("my.data set", "my_data_set")]
    [InlineData("sign-language-digits", "sign-language-digits")]
    [InlineData("...", "dataset")]
    public void TaskName_UnsafeCharacters_AreReplaced(string name, string expected)
    {
        Assert.Equal(expected, DatasetConversion.TaskName(name));
    }
}
