using AutoVision.Transfer;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Tests;

/// <summary>
/// Behavioural evidence that the loaded weights are pretrained: on a task where only shape separates the classes
/// (colours and positions are random), a linear probe on frozen features of the loaded network does far better than
/// the same probe on a randomly initialised network of identical topology.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class PretrainingEvidenceTests
{
    private readonly PretrainedModelFixture _fixture;
    private readonly ITestOutputHelper _output;

    public PretrainingEvidenceTests(PretrainedModelFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public void PretrainedFeatures_SeparateDiscsFromSquares_FarBetterThanRandomFeatures()
    {
        using var scope = NewDisposeScope();
        var (trainX, trainY) = SyntheticImages.DiscsAndSquares(96, 64, seed: 1);
        var (testX, testY) = SyntheticImages.DiscsAndSquares(96, 64, seed: 101);

        manual_seed(7);
        using var random = new ResNet18Backbone();
        random.eval();

        double pretrained = ProbeAccuracy(_fixture.Model, trainX, trainY, testX, testY);
        double baseline = ProbeAccuracy(random, trainX, trainY, testX, testY);
        _output.WriteLine($"ridge probe test accuracy: pretrained {pretrained:P1}, random init {baseline:P1}");

        Assert.True(pretrained >= 0.85, $"pretrained probe accuracy {pretrained:P1}");
        Assert.True(pretrained - baseline >= 0.25, $"pretrained {pretrained:P1} vs random {baseline:P1}");
    }

    /// <summary>Ridge regression on standardised features (dual form, labels ±1), scored on held-out images.</summary>
    private static double ProbeAccuracy(ResNet18Backbone model, Tensor trainX, Tensor trainY, Tensor testX, Tensor testY)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var train = model.forward(model.Preprocess(trainX));
        var test = model.forward(model.Preprocess(testX));

        var mean = train.mean([0], keepdim: true);
        var std = train.std(0, keepdim: true) + 1e-6;
        var a = (train - mean) / std;
        var b = (test - mean) / std;
        var targets = (trainY.to_type(ScalarType.Float32) * 2 - 1).unsqueeze(1);
        double lambda = a.shape[1];
        var gram = a.matmul(a.t()) + lambda * eye(a.shape[0]);
        var alpha = linalg.solve(gram, targets);
        var scores = b.matmul(a.t()).matmul(alpha).squeeze(1);
        var predicted = (scores > 0).to_type(ScalarType.Int64);
        return (predicted == testY).to_type(ScalarType.Float32).mean().item<float>();
    }
}
