namespace AutoVision.Transfer;

/// <summary>The names of the backbones the learner can start from (<see cref="BackboneRegistry"/>).</summary>
public static class BackboneNames
{
    /// <summary>The ImageNet-pretrained ResNet18 of the ML.NET package, whole (the default).</summary>
    public const string ResNet18 = "resnet18";

    /// <summary>The same network and weights truncated after <c>layer3</c>: no <c>layer4</c>, 256 features.</summary>
    public const string ResNet18Layer3 = "resnet18-layer3";

    /// <summary>torchvision's ResNet18 (stages 2, 2, 2, 2, RGB with ImageNet mean and std) with the user's weights.</summary>
    public const string TorchvisionResNet18 = "torchvision-resnet18";

    /// <summary>A small residual network (one basic block per stage, three stages, 256 features) trained from scratch.</summary>
    public const string ScratchResNet10 = "scratch-resnet10";

    /// <summary>The default setting: <see cref="BackboneRegistry.Resolve"/> picks <see cref="ResNet18Layer3"/>, or
    /// <see cref="ResNet18"/> when the architecture search is on (its space needs layer4); the learner's backbone probe
    /// may then switch to <see cref="ScratchResNet10"/>.</summary>
    public const string Auto = "auto";
}

/// <summary>One backbone: where its weights come from, its input convention, what it gives.</summary>
/// <param name="Name">The name settings and checkpoints use.</param>
/// <param name="Depth">Stages built and run (4 or 3).</param>
/// <param name="Blocks">Basic blocks per stage.</param>
/// <param name="FeatureSize">Length of its pooled feature vector.</param>
/// <param name="Parameters">Its parameters (weights and biases), in all.</param>
/// <param name="Weights">Where its pretrained weights come from.</param>
/// <param name="Convention">Its input convention.</param>
/// <param name="FineTuningScale">What its preprocessed input is divided by for fine-tuning
/// (<see cref="ResNet18Backbone.RescaleInput"/>): 57.6 for the 0–255 convention, 1 for unit-variance input.</param>
/// <param name="Searchable">Whether the architecture search's space (layer3 and layer4 of the 2,2,2,3 network) applies.</param>
/// <param name="NeedsWeightsFile">No weights ship with it: the user gives a state-dict file (<c>learner.weightsPath</c>).</param>
/// <param name="Cost">What an image costs it to train and to infer, by input size (measured; refined during a run).</param>
/// <param name="Pretrained">Its weights were trained before the run; false: random initialisation, so BatchNorm
/// statistics are learned (not frozen) while it trains.</param>
public sealed record BackboneEntry(string Name, int Depth, IReadOnlyList<int> Blocks, int FeatureSize, long Parameters, string Weights,
    InputConvention Convention, double FineTuningScale, bool Searchable, bool NeedsWeightsFile, BackboneCost Cost, bool Pretrained = true);

/// <summary>
/// The backbones the learner can start from: the ImageNet-pretrained ResNet18 of
/// <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> (exact ONNX import, <see cref="PretrainedResNet18"/>) whole, or
/// truncated after <c>layer3</c>; torchvision's ResNet18 with the user's weights; a small network from scratch for
/// tiny or non-natural inputs. The truncated variant drops its most expensive stage to train (layer4 holds 13.1 M of the network's
/// 15.9 M parameters; every SGD step and gradient clip touches them all) and gives mid-level features, for small
/// inputs where layer4 sees a 2×2 map. Each entry carries its cost per image at 32, 64 and 112 px as measured on the
/// development machine (<see cref="BackboneCost"/>; <c>bench/TrainBench --backbone NAME [--inference]</c> measures them
/// again); a run refines them with what its cost meters measure (<see cref="RefinedCost"/>).
/// </summary>
public static class BackboneRegistry
{
    private const string Weights = "ImageNet-pretrained ResNet18 (stages 2,2,2,3) from the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1, exact ONNX import";

    // Convolution weights and BatchNorm scales and shifts of the 2,2,2,3 topology (see ResNet18BackboneTests).
    private const long ResNet18Parameters = 15_897_152;
    private const long Layer3Parameters = 2_782_784;

    private const long TorchvisionParameters = 11_176_512;
    private const long ScratchParameters = 1_232_704;

    // Milliseconds per image at 32, 64 and 112 px on the development machine, one compute thread (docs/learner.md,
    // 2026-11-29): a fine-tuning step's share at batch 32 (TrainBench --backbone NAME, mean of alternating runs) and an
    // inference pass at batch 128 (TrainBench --inference --batch 128, mean of two runs).
    private static readonly int[] CostSizes = [32, 64, 112];
    private static readonly BackboneCost ResNet18Cost = new(CostSizes, [4.39, 8.66, 18.8], [0.568, 2.45, 6.81]);
    private static readonly BackboneCost Layer3Cost = new(CostSizes, [1.55, 4.32, 11.3], [0.414, 1.82, 4.93]);
    private static readonly BackboneCost TorchvisionCost = new(CostSizes, [3.69, 7.50, 16.8], [0.530, 2.19, 5.93]);
    private static readonly BackboneCost ScratchCost = new(CostSizes, [1.02, 2.95, 7.11], [0.247, 1.17, 3.65]);

    public static IReadOnlyList<BackboneEntry> All { get; } =
    [
        new(BackboneNames.ResNet18, 4, [2, 2, 2, 3], 512, ResNet18Parameters, Weights, InputConvention.BgrMeanImage,
            ResNet18Backbone.FineTuningInputScale, Searchable: true, NeedsWeightsFile: false, ResNet18Cost),
        new(BackboneNames.ResNet18Layer3, 3, [2, 2, 2, 3], 256, Layer3Parameters, Weights + ", layer4 left out", InputConvention.BgrMeanImage,
            ResNet18Backbone.FineTuningInputScale, Searchable: false, NeedsWeightsFile: false, Layer3Cost),
        new(BackboneNames.TorchvisionResNet18, 4, [2, 2, 2, 2], 512, TorchvisionParameters,
            "the user's: a PyTorch state dict (.pt/.pth/.bin) or .safetensors of torchvision's resnet18 (learner.weightsPath)",
            InputConvention.ImageNetRgb, 1.0, Searchable: false, NeedsWeightsFile: true, TorchvisionCost),
        new(BackboneNames.ScratchResNet10, 3, [1, 1, 1, 1], 256, ScratchParameters,
            "none: random (Kaiming) initialisation, seeded, trained from scratch (or the user's state dict, learner.weightsPath)",
            InputConvention.ImageNetRgb, 1.0, Searchable: false, NeedsWeightsFile: false, ScratchCost, Pretrained: false),
    ];

    /// <summary>
    /// The backbone a setting names: itself, or for <see cref="BackboneNames.Auto"/> (and null) the truncated ResNet18
    /// — measured ahead of the whole network on every dataset and budget of the comparison in docs/learner.md (120 s
    /// and 300 s on one CPU core: twice the fine-tuning steps) — unless the architecture search may run
    /// (<paramref name="searching"/>), whose space is layer3 and layer4 of the whole network.
    /// </summary>
    /// <exception cref="FormatException">Neither auto nor a registered name.</exception>
    public static BackboneEntry Resolve(string? setting, bool searching) =>
        IsAuto(setting) ? Get(searching ? BackboneNames.ResNet18 : BackboneNames.ResNet18Layer3) : Get(setting);

    /// <summary>Whether <paramref name="setting"/> leaves the choice to the learner (<see cref="BackboneNames.Auto"/> or
    /// null): it starts from <see cref="Resolve"/>'s entry and may switch to <see cref="BackboneNames.ScratchResNet10"/>
    /// when its backbone probe finds that the pretrained features do not help.</summary>
    public static bool IsAuto(string? setting) =>
        setting is null || string.Equals(setting.Trim(), BackboneNames.Auto, StringComparison.OrdinalIgnoreCase);

    /// <summary>The names, in registry order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(e => e.Name).ToArray();

    /// <summary>The entry of <paramref name="name"/> (any case).</summary>
    /// <exception cref="FormatException">No backbone has that name; the message lists the names.</exception>
    public static BackboneEntry Get(string? name) =>
        All.FirstOrDefault(e => string.Equals(e.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new FormatException($"Backbone '{name}' is not one of {string.Join(", ", Names)}.");

    /// <summary>A randomly initialised backbone of <paramref name="name"/> (checkpoints then fill in the weights).</summary>
    public static ResNet18Backbone Create(string? name)
    {
        var e = Get(name);
        return new ResNet18Backbone(depth: e.Depth, blocks: e.Blocks, convention: e.Convention);
    }

    /// <summary>
    /// The pretrained backbone of <paramref name="name"/> in eval mode. <paramref name="weightsPath"/>: null takes the
    /// ONNX file shipped next to the program; an <c>.onnx</c> file is imported as the ML.NET ResNet18 is; a state-dict
    /// file (<see cref="StateDictFile.Extensions"/>) is read by tensor name into the entry's topology.
    /// </summary>
    /// <exception cref="FormatException">Unknown name.</exception>
    /// <exception cref="ArgumentException">The backbone needs a weights file and none was given, or an ONNX file was
    /// given for a backbone of another input convention.</exception>
    /// <exception cref="FileNotFoundException">The weights file does not exist.</exception>
    /// <exception cref="InvalidDataException">The weights file does not fit the backbone; the message names the file.</exception>
    public static ResNet18Backbone LoadPretrained(string? name, string? weightsPath = null)
    {
        var e = Get(name);
        if (StateDictFile.IsStateDict(weightsPath))
        {
            TorchRuntime.EnsureLoaded();
            var backbone = Create(e.Name);
            try
            {
                StateDictFile.LoadInto(backbone, weightsPath!);
            }
            catch
            {
                backbone.Dispose();
                throw;
            }
            backbone.eval();
            return backbone;
        }
        if (!e.Pretrained)
        {
            TorchRuntime.EnsureLoaded();
            if (weightsPath is not null)
                throw new ArgumentException($"The backbone {e.Name} takes a state-dict file ({string.Join(", ", StateDictFile.Extensions)}) or none; '{weightsPath}' is not one.", nameof(weightsPath));
            var scratch = Create(e.Name);
            scratch.eval();
            return scratch;
        }
        if (e.NeedsWeightsFile)
            throw new ArgumentException(
                $"The backbone {e.Name} ships without weights: set learner.weightsPath to {e.Weights[(e.Weights.IndexOf(':') + 2)..]}" +
                (weightsPath is null ? "." : $"; '{weightsPath}' is not one ({string.Join(", ", StateDictFile.Extensions)})."),
                nameof(weightsPath));
        return PretrainedResNet18.Load(weightsPath, null, e.Depth);
    }
}
