namespace AutoVision.Transfer;

/// <summary>The names of the backbones the learner can start from (<see cref="BackboneRegistry"/>).</summary>
public static class BackboneNames
{
    /// <summary>The ImageNet-pretrained ResNet18 of the ML.NET package, whole (the default).</summary>
    public const string ResNet18 = "resnet18";

    /// <summary>The same network and weights truncated after <c>layer3</c>: no <c>layer4</c>, 256 features.</summary>
    public const string ResNet18Layer3 = "resnet18-layer3";
}

/// <summary>One backbone: where its weights come from, its input convention, what it gives.</summary>
/// <param name="Name">The name settings and checkpoints use.</param>
/// <param name="Depth">Stages of the ResNet18 topology built and run (4 or 3).</param>
/// <param name="FeatureSize">Length of its pooled feature vector.</param>
/// <param name="Parameters">Its parameters (weights and biases), in all.</param>
/// <param name="Weights">Where its pretrained weights come from.</param>
/// <param name="InputConvention">What its input is: channel order, scale, mean.</param>
/// <param name="Searchable">Whether the architecture search's space (layer3 and layer4) applies to it.</param>
public sealed record BackboneEntry(string Name, int Depth, int FeatureSize, long Parameters, string Weights, string InputConvention, bool Searchable);

/// <summary>
/// The backbones the learner can start from. Both are the ImageNet-pretrained ResNet18 of
/// <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> (exact ONNX import, <see cref="PretrainedResNet18"/>): whole, or
/// truncated after <c>layer3</c>, which drops its most expensive stage to train (layer4 holds 13.1 M of the network's
/// 15.9 M parameters; every SGD step and gradient clip touches them all) and gives mid-level features, for small
/// inputs where layer4 sees a 2×2 map. Costs per image are measured during a run (the learner's cost meters), not
/// assumed here; <c>bench/train/run.sh</c> measures a step of either.
/// </summary>
public static class BackboneRegistry
{
    private const string Weights = "ImageNet-pretrained ResNet18 (stages 2,2,2,3) from the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1, exact ONNX import";
    private const string Convention = "RGB in [0,1] → BGR, ×255, minus the pretrained mean image resized to the input, divided by 57.6";

    // Convolution weights and BatchNorm scales and shifts of the 2,2,2,3 topology (see ResNet18BackboneTests).
    private const long ResNet18Parameters = 15_897_152;
    private const long Layer3Parameters = 2_782_784;

    public static IReadOnlyList<BackboneEntry> All { get; } =
    [
        new(BackboneNames.ResNet18, 4, 512, ResNet18Parameters, Weights, Convention, Searchable: true),
        new(BackboneNames.ResNet18Layer3, 3, 256, Layer3Parameters, Weights + ", layer4 left out", Convention, Searchable: false),
    ];

    /// <summary>The names, in registry order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(e => e.Name).ToArray();

    /// <summary>The entry of <paramref name="name"/> (any case).</summary>
    /// <exception cref="FormatException">No backbone has that name; the message lists the names.</exception>
    public static BackboneEntry Get(string? name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new FormatException($"Backbone '{name}' is not one of {string.Join(", ", Names)}.");

    /// <summary>A randomly initialised backbone of <paramref name="name"/> (checkpoints then fill in the weights).</summary>
    public static ResNet18Backbone Create(string? name) => new(depth: Get(name).Depth);

    /// <summary>The pretrained backbone of <paramref name="name"/>, from <paramref name="onnxPath"/> (null: the file
    /// shipped next to the program).</summary>
    public static ResNet18Backbone LoadPretrained(string? name, string? onnxPath = null) =>
        PretrainedResNet18.Load(onnxPath, null, Get(name).Depth);
}
