using AutoVision.Transfer.FineTuning;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Tests.Nas;

/// <summary>Small, seeded models and batches for the search's tests: a randomly initialised ResNet18 (the shared
/// pretrained one must not be trained by tests) conditioned for fine-tuning as the learner does it.</summary>
internal static class NasTestModels
{
    public const int Classes = 3;

    public static ImageClassifier Classifier(int seed = 1)
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(seed);
        var backbone = new ResNet18Backbone();
        backbone.RescaleInput(ResNet18Backbone.FineTuningInputScale);
        return new ImageClassifier(backbone, Classes);
    }

    /// <summary>(N,3,side,side) images in [0,1] and (N,<see cref="Classes"/>) one-hot targets.</summary>
    public static (Tensor Images, Tensor Targets) Batch(int count, int side, int seed)
    {
        var g = new TorchSharp.torch.Generator((ulong)seed);
        var images = rand(new long[] { count, 3, side, side }, generator: g);
        var labels = randint(Classes, new long[] { count }, generator: g);
        return (images, nn.functional.one_hot(labels, Classes).to_type(ScalarType.Float32));
    }
}
