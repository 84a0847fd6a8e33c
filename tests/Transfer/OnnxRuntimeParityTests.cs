using AutoVision.Transfer;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Tests;

/// <summary>
/// The TorchSharp backbone against ONNX Runtime running the very files it was loaded from.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class OnnxRuntimeParityTests
{
    private readonly PretrainedModelFixture _fixture;
    private readonly ITestOutputHelper _output;

    public OnnxRuntimeParityTests(PretrainedModelFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public void OnnxRuntime_LoadsOnThisMachine_AndSeesTheDocumentedSignature()
    {
        // No skipping: if ONNX Runtime's native library cannot load here, this fails with its own message.
        using var session = new InferenceSession(PretrainedResNet18.DefaultOnnxPath);
        var input = Assert.Single(session.InputMetadata);
        var output = Assert.Single(session.OutputMetadata);
        Assert.Equal("Input247", input.Key);
        Assert.Equal([1, 3, 224, 224], input.Value.Dimensions);
        Assert.Equal("Pooling395_Output_0", output.Key);
        Assert.Equal(ResNet18Backbone.FeatureDim, output.Value.Dimensions.Aggregate(1, (a, b) => a * b));
    }

    [Theory]
    [InlineData("noise", 11)]
    [InlineData("shapes", 23)]
    public void Features_MatchOnnxRuntime(string kind, int seed)
    {
        using var scope = NewDisposeScope();
        Tensor rgb01 = kind == "noise"
            ? SyntheticImages.Noise(1, 224, seed)
            : SyntheticImages.DiscsAndSquares(1, 224, seed).Images;

        // The network's own input convention (BGR, 0-255, minus the mean image): what ResNet18.onnx takes.
        var networkInput = _fixture.Model.Preprocess(rgb01);
        float[] expected = RunSingle(PretrainedResNet18.DefaultOnnxPath, SyntheticImages.ToArray(networkInput), [1, 3, 224, 224]);

        Tensor features;
        using (no_grad())
        {
            features = _fixture.Model.forward(networkInput);
        }

        Assert.Equal([1L, ResNet18Backbone.FeatureDim], features.shape);
        float[] actual = SyntheticImages.ToArray(features);
        Assert.Equal(expected.Length, actual.Length);
        double maxDiff = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        double maxAbs = expected.Max(Math.Abs);
        _output.WriteLine($"{kind}: max |feature| {maxAbs:F3}, max abs diff vs ONNX Runtime {maxDiff:E2}");
        Assert.True(maxAbs > 0.1, "features are degenerate");
        Assert.True(maxDiff <= 1e-4, $"max abs diff {maxDiff:E3} exceeds 1e-4");
    }

    [Fact]
    public void Preprocess_MatchesResNetPreprocessOnnx()
    {
        // ResNetPreprocess.onnx takes RGB 0-255 and returns BGR minus the mean image.
        using var scope = NewDisposeScope();
        var rgb01 = SyntheticImages.Noise(1, 224, 5);
        float[] rgb255 = SyntheticImages.ToArray(rgb01.mul(255f));
        float[] expected = RunSingle(PretrainedResNet18.DefaultPreprocessOnnxPath, rgb255, [1, 3, 224, 224]);
        float[] actual = SyntheticImages.ToArray(_fixture.Model.Preprocess(rgb01));
        double maxDiff = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(maxDiff <= 1e-4, $"max abs diff {maxDiff:E3}");
    }

    /// <summary>Runs a one-input, one-output model; the input name is read from the session's metadata.</summary>
    private static float[] RunSingle(string modelPath, float[] data, long[] shape)
    {
        using var session = new InferenceSession(modelPath);
        string inputName = session.InputMetadata.Keys.Single();
        string outputName = session.OutputMetadata.Keys.Single();
        using var input = OrtValue.CreateTensorValueFromMemory(data, shape);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [inputName], [input], [outputName]);
        // The network's output is (1,512,1,1); flattened here.
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
