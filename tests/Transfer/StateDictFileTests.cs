using System.Diagnostics;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Tests;

/// <summary>A test that needs Debian's PyTorch and torchvision (/usr/bin/python3): skipped with the reason where missing.</summary>
public sealed class TorchvisionFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<bool> Available = new(() =>
    {
        if (!File.Exists(Python)) return false;
        try
        {
            using var p = Process.Start(new ProcessStartInfo(Python, ["-c", "import torch, torchvision"]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    public TorchvisionFactAttribute()
    {
        if (!Available.Value) Skip = $"{Python} cannot import torch and torchvision (apt-get install python3-torch python3-torchvision)";
    }
}

[Collection(TorchCollection.Name)]
public sealed class StateDictFileTests
{
    private static string NewFolder()
    {
        string dir = Path.Combine(Path.GetTempPath(), "autovision-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static ResNet18Backbone RandomTorchvisionLayout(int seed)
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(seed);
        var b = BackboneRegistry.Create(BackboneNames.TorchvisionResNet18);
        using (no_grad())
            foreach (var (name, t) in b.named_buffers())
                if (name.EndsWith("running_var", StringComparison.Ordinal)) t.uniform_(0.5, 1.5);
        b.eval();
        return b;
    }

    private static Tensor Features(ResNet18Backbone b, Tensor images)
    {
        using var _ = no_grad();
        return b.call(b.Preprocess(images));
    }

    [Theory]
    [InlineData("weights.pth")]
    [InlineData("weights.safetensors")]
    public void LoadPretrained_StateDictFile_GivesTheSavedNetwork(string file)
    {
        string path = Path.Combine(NewFolder(), file);
        using var saved = RandomTorchvisionLayout(seed: 11);
        if (file.EndsWith(".pth", StringComparison.Ordinal)) saved.save_py(path);
        else saved.save_safetensors(path);

        using var loaded = BackboneRegistry.LoadPretrained(BackboneNames.TorchvisionResNet18, path);

        using var images = rand(new long[] { 2, 3, 48, 48 }, generator: new Generator(3));
        using var expected = Features(saved, images);
        using var actual = Features(loaded, images);
        Assert.True(actual.allclose(expected, 0, 0), "the loaded network computes other features");
    }

    [Fact]
    public void LoadPretrained_TorchvisionBackboneWithoutAFile_SaysWhatToGive()
    {
        var ex = Assert.Throws<ArgumentException>(() => BackboneRegistry.LoadPretrained(BackboneNames.TorchvisionResNet18));
        Assert.Contains("weightsPath", ex.Message);
        Assert.Contains(".safetensors", ex.Message);
    }

    [Fact]
    public void LoadPretrained_StateDictOfAnotherLayout_NamesTheMissingTensors()
    {
        // A torchvision ResNet18 (2,2,2,2) read as the 2,2,2,3 network: layer4.2 is missing.
        string path = Path.Combine(NewFolder(), "resnet18.safetensors");
        using (var saved = RandomTorchvisionLayout(seed: 12)) saved.save_safetensors(path);

        var ex = Assert.Throws<InvalidDataException>(() => BackboneRegistry.LoadPretrained(BackboneNames.ResNet18, path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("layer4.2.conv1.weight", ex.Message);
    }

    [Fact]
    public void LoadPretrained_NotAStateDict_NamesTheFile()
    {
        string path = Path.Combine(NewFolder(), "broken.pth");
        File.WriteAllText(path, "not a pickle");
        var ex = Assert.Throws<InvalidDataException>(() => BackboneRegistry.LoadPretrained(BackboneNames.TorchvisionResNet18, path));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void Preprocess_ImageNetConvention_IsPerChannelStandardisation()
    {
        using var b = BackboneRegistry.Create(BackboneNames.TorchvisionResNet18);
        using var scope = NewDisposeScope();
        var x = rand(new long[] { 1, 3, 5, 7 }, generator: new Generator(4));
        var y = b.Preprocess(x);
        for (int c = 0; c < 3; c++)
        {
            var expected = x[.., c].sub(ResNet18Backbone.ImageNetMeanRgb[c]).div(ResNet18Backbone.ImageNetStdRgb[c]);
            Assert.True(y[.., c].allclose(expected, 1e-6, 1e-6), $"channel {c}");
        }
    }

    [TorchvisionFact]
    public void LoadPretrained_FileThatTorchSaveWrote_ComputesTorchvisionsFeatures()
    {
        string dir = NewFolder();
        string script = Path.Combine(AppContext.BaseDirectory, "TestData", "torchvision_resnet18.py");
        using (var p = Process.Start(new ProcessStartInfo(TorchvisionFactAttribute.Python, [script, dir]) { RedirectStandardError = true })!)
        {
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, err);
        }
        using var backbone = BackboneRegistry.LoadPretrained(BackboneNames.TorchvisionResNet18, Path.Combine(dir, "resnet18.pth"));
        float[] Floats(string name)
        {
            var bytes = File.ReadAllBytes(Path.Combine(dir, name));
            var f = new float[bytes.Length / 4];
            Buffer.BlockCopy(bytes, 0, f, 0, bytes.Length);
            return f;
        }
        using var input = tensor(Floats("input.bin"), [2, 3, 40, 40]);
        using var expected = tensor(Floats("features.bin"), [2, 512]);

        using var actual = Features(backbone, input);

        Assert.True(actual.allclose(expected, rtol: 1e-4, atol: 1e-4), $"max difference {(actual - expected).abs().max().item<float>()}");
    }
}
