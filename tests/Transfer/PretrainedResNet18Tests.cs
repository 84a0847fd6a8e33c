using AutoVision.Transfer;
using Onnx;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Tests;

[Collection(TorchCollection.Name)]
public sealed class PretrainedResNet18Tests
{
    private readonly PretrainedModelFixture _fixture;
    private readonly ITestOutputHelper _output;

    public PretrainedResNet18Tests(PretrainedModelFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public void DefaultPaths_PointAtTheModelsFolderOfTheOutput()
    {
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "models", "ResNet18.onnx"), PretrainedResNet18.DefaultOnnxPath);
        Assert.True(File.Exists(PretrainedResNet18.DefaultOnnxPath));
        Assert.True(File.Exists(PretrainedResNet18.DefaultPreprocessOnnxPath));
    }

    [Fact]
    public void Load_ReturnsAnEvalModeBackboneWithTheFilesParameterCount()
    {
        _output.WriteLine($"Load took {_fixture.LoadTime.TotalMilliseconds:F0} ms");
        var model = _fixture.Model;
        Assert.False(model.training);
        long parameters = model.parameters().Sum(p => p.numel());
        long runningStats = model.named_buffers().Where(b => b.name.EndsWith(".running_mean") || b.name.EndsWith(".running_var"))
            .Sum(b => b.buffer.numel());
        // Every initializer of ResNet18.onnx: conv weights, BN scale/bias/mean/var.
        Assert.Equal(15_908_800, parameters + runningStats);
        Assert.True(model.parameters().All(p => p.requires_grad));
    }

    [Fact]
    public void Backbone_HasTorchvisionStyleNames_AndTheOnnxTopology()
    {
        using var model = new ResNet18Backbone();
        var names = model.named_parameters().Select(p => p.name).ToHashSet();
        Assert.Contains("conv1.weight", names);
        Assert.Contains("bn1.bias", names);
        Assert.Contains("layer1.1.conv2.weight", names);
        Assert.Contains("layer2.0.downsample.0.weight", names);
        Assert.Contains("layer2.0.downsample.1.weight", names);
        Assert.Contains("layer4.2.bn2.weight", names);
        Assert.DoesNotContain("layer4.3.conv1.weight", names);
        Assert.DoesNotContain("layer1.0.downsample.0.weight", names);
        Assert.DoesNotContain(names, n => n.StartsWith("fc"));
        Assert.Equal(22, names.Count(n => n.EndsWith(".weight") && n.Contains("conv") || n.EndsWith("downsample.0.weight")));

        var buffers = model.named_buffers().Select(b => b.name).ToList();
        Assert.Contains("layer3.0.downsample.1.running_var", buffers);
        Assert.Contains("mean_image", buffers);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(100)]
    public void Forward_GivesFeatureDimFeatures_AtAnySize(int side)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = _fixture.Model.Preprocess(SyntheticImages.Noise(2, side, side));
        var features = _fixture.Model.forward(x);
        Assert.Equal([2L, ResNet18Backbone.FeatureDim], features.shape);
        Assert.True(features.isfinite().all().item<bool>());
    }

    [Fact]
    public void Load_MissingFile_SaysWhereItLookedAndHowToGetIt()
    {
        string path = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}", "ResNet18.onnx");
        var ex = Assert.Throws<FileNotFoundException>(() => PretrainedResNet18.Load(path, PretrainedResNet18.DefaultPreprocessOnnxPath));
        Assert.Contains(path, ex.Message);
        Assert.Contains("dotnet build", ex.Message);
    }

    [Fact]
    public void Load_InitializerOfTheWrongShape_IsNamedInTheError()
    {
        var model = ModelProto.Parser.ParseFromFile(PretrainedResNet18.DefaultOnnxPath);
        var stemWeight = model.Graph.Initializer.Single(i => i.Name == "Parameter91");
        stemWeight.Dims.Clear();
        stemWeight.Dims.Add([64, 3, 49, 1]);
        string dir = Directory.CreateTempSubdirectory("av-onnx-").FullName;
        try
        {
            string path = Path.Combine(dir, "ResNet18.onnx");
            model.WriteToFile(path);
            var ex = Assert.Throws<InvalidDataException>(() => PretrainedResNet18.Load(path, PretrainedResNet18.DefaultPreprocessOnnxPath));
            Assert.Contains("'Parameter91'", ex.Message);
            Assert.Contains("conv1.weight", ex.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Load_ConvolutionFeedingTheWrongBatchNorm_IsCaught()
    {
        // Rewire layer1.0: its first conv now feeds the BN whose output goes to the residual Add, and vice versa.
        // Every shape still fits; only the graph structure says the pairing is wrong.
        var model = ModelProto.Parser.ParseFromFile(PretrainedResNet18.DefaultOnnxPath);
        var convs = model.Graph.Node.Where(n => n.OpType == "Conv").ToList();
        var bnOfFirst = model.Graph.Node.Single(n => n.OpType == "BatchNormalization" && n.Input[0] == convs[1].Output[0]);
        var bnOfSecond = model.Graph.Node.Single(n => n.OpType == "BatchNormalization" && n.Input[0] == convs[2].Output[0]);
        (bnOfFirst.Input[0], bnOfSecond.Input[0]) = (bnOfSecond.Input[0], bnOfFirst.Input[0]);
        string dir = Directory.CreateTempSubdirectory("av-onnx-").FullName;
        try
        {
            string path = Path.Combine(dir, "ResNet18.onnx");
            model.WriteToFile(path);
            var ex = Assert.Throws<InvalidDataException>(() => PretrainedResNet18.Load(path, PretrainedResNet18.DefaultPreprocessOnnxPath));
            _output.WriteLine(ex.Message);
            Assert.Contains("layer1.0", ex.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
