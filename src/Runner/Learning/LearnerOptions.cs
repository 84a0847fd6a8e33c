namespace AutoVision.Runner.Learning;

/// <summary>Settings of the transfer learner; every value has a safe default.</summary>
public sealed record LearnerOptions
{
    /// <summary>Seed of every random choice (torch, shuffling, augmentation, validation split).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>"auto" (CUDA when available, else CPU), "cpu" or "cuda".</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Side of the square input of the first, fastest model (a linear probe on frozen features); elongated
    /// images keep their aspect ratio around it (see <see cref="KeepAspect"/>).</summary>
    public int ProbeInputSize { get; init; } = 32;

    /// <summary>Side of the square input for fine-tuning (see <see cref="ImageTensors.DefaultInputSize"/>); elongated
    /// images keep their aspect ratio around it (see <see cref="KeepAspect"/>).</summary>
    public int InputSize { get; init; } = ImageTensors.DefaultInputSize;

    /// <summary>"auto" (the default, the same as "area"): images whose typical size is elongated (aspect ratio above 2
    /// or below 1/2) keep their aspect ratio at about the square's pixel count (<see cref="InputSize"/>² for fine-tuning,
    /// <see cref="ProbeInputSize"/>² for the first probe); "double": AutoCLINT's rule, the long side twice the square
    /// side; "off": every dataset is resized to squares. See <see cref="InputShapeRule"/>.</summary>
    public string KeepAspect { get; init; } = InputShapeRule.Auto;

    /// <summary>The backbone: <c>auto</c> (the default: <c>resnet18-layer3</c>, or <c>resnet18</c> when the
    /// architecture search is on; see <see cref="AutoVision.Transfer.BackboneRegistry.Resolve"/>), <c>resnet18</c> (the
    /// whole pretrained network), <c>resnet18-layer3</c> (the same weights truncated after layer3) or <c>torchvision-resnet18</c> (the user's weights, <see cref="WeightsPath"/>); see
    /// <see cref="AutoVision.Transfer.BackboneRegistry"/>.</summary>
    public string Backbone { get; init; } = AutoVision.Transfer.BackboneNames.Auto;

    /// <summary>The backbone's weights: null takes the ONNX file shipped next to the program; an <c>.onnx</c> file is
    /// imported as the ML.NET ResNet18 is; a PyTorch state dict (<c>.pt</c>, <c>.pth</c>, <c>.bin</c>) or <c>.safetensors</c>
    /// file is read by tensor name into the backbone's topology (required for <c>torchvision-resnet18</c>).</summary>
    public string? WeightsPath { get; init; }

    /// <summary>Examples per fine-tuning step.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Examples per inference batch.</summary>
    public int InferenceBatchSize { get; init; } = 128;

    /// <summary>Learning rate of fine-tuning (SGD, Nesterov momentum 0.9).</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>The learning rate is halved after this many rounds in a row without a better validation NAUC.</summary>
    public int Patience { get; init; } = 2;

    public double WeightDecay { get; init; } = 2.5e-4;

    /// <summary>Gradients are clipped to this global L2 norm before each step.</summary>
    public double MaxGradientNorm { get; init; } = 5.0;

    /// <summary>Keep the pretrained BatchNorm statistics fixed while fine-tuning (BN layers in eval mode). Measured on
    /// the bundled sample: with batch statistics the first rounds lost 0.15 validation NAUC and never recovered
    /// within 120 s; frozen, fine-tuning raised it from 0.962 to 0.981.</summary>
    public bool FreezeBatchNorm { get; init; } = true;

    /// <summary>Share of the training examples held out to choose which model predicts (at most <see cref="MaxValidation"/>).</summary>
    public double ValidationFraction { get; init; } = 0.1;

    public int MaxValidation { get; init; } = 256;

    /// <summary>A fine-tuned model within this of the best validation NAUC is handed in (see <see cref="Validation"/>).</summary>
    public double ValidationTolerance { get; init; } = 0.003;

    /// <summary>Examples whose frozen features a linear probe is fitted on, at most.</summary>
    public int MaxProbeExamples { get; init; } = 2048;

    /// <summary>Examples the very first probe is fitted on, at most: it decides how early the first prediction
    /// comes, which the log-time ALC weighs most.</summary>
    public int FirstProbeExamples { get; init; } = 512;

    /// <summary>Try horizontal-flip test-time augmentation for each fine-tuned model; it is used only where it raises
    /// validation NAUC (by <see cref="TestTimeChoice.MinGain"/>): flipping hurts digits and letters.</summary>
    public bool TestTimeFlip { get; init; } = true;

    /// <summary>Try averaging each fine-tuned model's prediction with the one handed in before (a running ensemble);
    /// used only where it raises validation NAUC (by <see cref="TestTimeChoice.MinGain"/>).</summary>
    public bool BlendPredictions { get; init; } = true;

    /// <summary>MiB of decoded images (uint8, every input size together) kept in memory, at most; the rest is read
    /// from an overflow file in the system's temporary folder, unlinked as soon as it is open (see
    /// <see cref="AutoVision.Data.Caching.CacheMemory"/>). Default 4096 (4 GiB).</summary>
    public int CacheMemoryMiB { get; init; } = (int)(AutoVision.Data.Caching.CacheMemory.DefaultCapBytes >> 20);

    /// <summary>Frames per clip for video data (sequences of more than one frame): spread uniformly over each clip,
    /// each through the backbone, combined by a temporal head. 1: a clip is seen as its middle frame.</summary>
    public int ClipFrames { get; init; } = 8;

    /// <summary>How many of the best-scoring weights (by validation NAUC) are kept as cloned snapshots and written as
    /// <c>checkpoints/top1.ckpt</c> … (each loadable by <c>predict --model</c> and <c>--warm-start</c>); 0: none.</summary>
    public int TopCheckpoints { get; init; } = 3;

    /// <summary>Fine-tuning augmentation: none (the default), flip (flip-and-shift), faa-cifar10, faa-imagenet, faa-svhn,
    /// randaugment, trivialaugment or faa-search (see <see cref="AugmentationChoice"/>).</summary>
    public string Augmentation { get; init; } = AugmentationChoice.Default;

    /// <summary>Share of the budget the faa-search augmentation search may take (at most half of what is left).</summary>
    public double AugmentationSearchFraction { get; init; } = 0.1;

    /// <summary>Architecture search over how the pretrained network is adapted (docs/nas.md): "off", "on" or "auto"
    /// (<see cref="AutoVision.Transfer.Nas.NasPolicy"/> decides from the budget and the dataset size). Off by default:
    /// on three datasets at 120 s and 300 s it did not help (docs/nas.md).</summary>
    public string Nas { get; init; } = "off";
}
