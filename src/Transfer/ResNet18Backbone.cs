using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static AutoVision.Policies.Torch.TorchScalars;

namespace AutoVision.Transfer;

/// <summary>
/// The ResNet18 feature extractor of the pretrained ONNX file (ML.NET's DnnImageFeaturizer ResNet18, a CNTK export),
/// rebuilt as a TorchSharp module so it can be fine-tuned: output is the pooled 512-d feature vector, no classifier.
/// </summary>
/// <remarks>
/// <para>
/// Topology: conv1 7×7 stride 2 (64) + bn1 + ReLU + max-pool 3×3 stride 2, then stages <c>layer1</c>..<c>layer4</c>
/// of 2, 2, 2 and 3 basic blocks (widths 64, 128, 256, 512; the first block of layers 2–4 has stride 2 and a
/// 1×1 conv + BN shortcut <c>downsample</c>), adaptive average pool to 1×1 and flatten: input (N,3,H,W),
/// output (N,512). Convolutions have no bias; BatchNorm eps is 1e-5. Parameter names follow torchvision
/// (<c>conv1</c>, <c>bn1</c>, <c>layerX.Y.conv1</c>/<c>bn1</c>/<c>conv2</c>/<c>bn2</c>, <c>layerX.0.downsample.0</c>/<c>.1</c>).
/// </para>
/// <para>
/// Padding: the ONNX file pads strided layers asymmetrically (one more row/column at the start than at the end);
/// this module pads symmetrically, which gives identical results whenever every strided layer sees an even size,
/// e.g. for any input side that is a multiple of 32. For other sizes the ONNX graph itself is ill-formed (its
/// residual branches disagree in size) and this module behaves like torchvision's ResNet.
/// </para>
/// <para>
/// Input convention: BGR channel order, 0–255 scale, minus a 224×224 mean image (no division by a standard
/// deviation). <see cref="Preprocess"/> converts (N,3,H,W) RGB in [0,1] to that. The mean image is held in the
/// persistent buffer <c>mean_image</c> (1,3,224,224): a freshly constructed module holds the per-channel means of
/// the pretrained mean image (B, G, R = 103.06, 115.90, 123.15) broadcast over 224×224;
/// <see cref="PretrainedResNet18.Load(string?)"/> replaces it with the exact mean image.
/// </para>
/// <para>
/// A freshly constructed module is randomly initialised the way torchvision initialises ResNets
/// (Kaiming-normal, fan-out, for convolutions; BN weight 1, bias 0) from torch's global generator.
/// </para>
/// </remarks>
public sealed class ResNet18Backbone : nn.Module<Tensor, Tensor>
{
    /// <summary>Length of the feature vector of the whole network (<see cref="FeatureSize"/> gives a backbone's own).</summary>
    public const int FeatureDim = 512;

    /// <summary>Side of the mean image (the pretrained network's native input size).</summary>
    public const int MeanImageSize = 224;

    /// <summary>Per-channel means of the pretrained mean image, in the network's channel order B, G, R (0–255 scale).</summary>
    public static IReadOnlyList<float> ChannelMeansBgr { get; } = [103.06262f, 115.902885f, 123.15163f];

    internal static readonly int[] BlocksPerStage = [2, 2, 2, 3];
    internal static readonly int[] StageWidths = [64, 128, 256, 512];
    internal const double BatchNormEps = 1e-5;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly AdaptiveAvgPool2d avgpool;

    [ComponentName(Name = "mean_image")]
    private Tensor _meanImage;

    /// <summary>Builds a randomly initialised backbone (see the remarks of the class).</summary>
    /// <param name="name">Module name.</param>
    /// <param name="depth">Stages built and run: 4 (the whole network, 512 features) or 3 (truncated after
    /// <c>layer3</c>: 256 features, no <c>layer4</c> parameters; see <see cref="BackboneNames.ResNet18Layer3"/>).</param>
    /// <param name="blocks">Basic blocks per stage (default 2, 2, 2, 3: the imported network; torchvision's ResNet18
    /// has 2, 2, 2, 2).</param>
    /// <param name="convention">What <see cref="Preprocess"/> does to [0,1] RGB.</param>
    public ResNet18Backbone(string name = "resnet18", int depth = 4, IReadOnlyList<int>? blocks = null,
        InputConvention convention = InputConvention.BgrMeanImage) : base(TorchRuntime.LoadedThen(name))
    {
        if (depth is not (3 or 4)) throw new ArgumentOutOfRangeException(nameof(depth), depth, "3 (through layer3) or 4 (the whole network).");
        blocks ??= BlocksPerStage;
        if (blocks.Count != 4 || blocks.Any(b => b < 1))
            throw new ArgumentException($"Four stages of at least one block each; got [{string.Join(", ", blocks)}].", nameof(blocks));
        Depth = depth;
        Blocks = blocks.ToArray();
        Convention = convention;
        conv1 = nn.Conv2d(3, 64, kernel_size: 7, stride: 2, padding: 3, bias: false);
        bn1 = nn.BatchNorm2d(64, eps: BatchNormEps);
        maxpool = nn.MaxPool2d(kernel_size: 3, stride: 2, padding: 1);

        var stages = new Sequential[4];
        long inChannels = 64;
        stages[3] = nn.Sequential();   // replaced below unless truncated
        for (int s = 0; s < depth; s++)
        {
            var stage = new nn.Module<Tensor, Tensor>[Blocks[s]];
            for (int b = 0; b < stage.Length; b++)
            {
                long stride = s > 0 && b == 0 ? 2 : 1;
                stage[b] = new ResNetBasicBlock($"layer{s + 1}.{b}", inChannels, StageWidths[s], stride);
                inChannels = StageWidths[s];
            }

            stages[s] = nn.Sequential(stage);
        }

        (layer1, layer2, layer3, layer4) = (stages[0], stages[1], stages[2], stages[3]);
        avgpool = nn.AdaptiveAvgPool2d(1);

        const int plane = MeanImageSize * MeanImageSize;
        var meanData = new float[3 * plane];
        for (int c = 0; c < 3; c++)
        {
            Array.Fill(meanData, ChannelMeansBgr[c], c * plane, plane);
        }

        _meanImage = tensor(meanData, [1, 3, MeanImageSize, MeanImageSize]).DetachFromDisposeScope();

        RegisterComponents();
        InitialiseWeights();
    }

    /// <summary>Stages run: 4, or 3 for the variant truncated after <c>layer3</c>.</summary>
    public int Depth { get; }

    /// <summary>Basic blocks per stage (all four, also when fewer are run).</summary>
    public IReadOnlyList<int> Blocks { get; }

    /// <summary>What <see cref="Preprocess"/> does to [0,1] RGB.</summary>
    public InputConvention Convention { get; }

    /// <summary>ImageNet channel means and standard deviations of the torchvision convention (RGB, [0,1] scale).</summary>
    public static IReadOnlyList<float> ImageNetMeanRgb { get; } = [0.485f, 0.456f, 0.406f];

    public static IReadOnlyList<float> ImageNetStdRgb { get; } = [0.229f, 0.224f, 0.225f];

    // (1,3,1,1) CPU tensors of the two, made once rather than per batch; static, so not module state.
    private static readonly Lazy<Tensor> RgbMean = new(() => tensor(ImageNetMeanRgb.ToArray(), [1, 3, 1, 1]).DetachFromDisposeScope());
    private static readonly Lazy<Tensor> RgbStd = new(() => tensor(ImageNetStdRgb.ToArray(), [1, 3, 1, 1]).DetachFromDisposeScope());

    /// <summary>Length of the feature vector <c>forward</c> gives: 512, or 256 when truncated after <c>layer3</c>.</summary>
    public int FeatureSize => StageWidths[Depth - 1];

    /// <summary>Features (N,<see cref="FeatureSize"/>) of a batch already in the network's input convention (see <see cref="Preprocess"/>).</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = maxpool.call(nn.functional.relu(bn1.call(conv1.call(input))));
        x = layer3.call(layer2.call(layer1.call(x)));
        if (Depth == 4) x = layer4.call(x);
        return avgpool.call(x).flatten(1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Converts (N,3,H,W) RGB in [0,1] (or grayscale (N,1,H,W), repeated to 3 channels first) to the network's
    /// input convention. <see cref="InputConvention.BgrMeanImage"/> (the imported network): channels reversed to BGR,
    /// scaled to 0–255, minus the mean image — at 224×224 the exact mean image; for any other H×W the mean image is
    /// first resized to H×W bilinearly (<c>align_corners = false</c>, no antialiasing).
    /// <see cref="InputConvention.ImageNetRgb"/> (torchvision): (x − mean) / std per RGB channel. Then divided by
    /// <see cref="InputScale"/>. The result is float32 on the input's device.
    /// </summary>
    public Tensor Preprocess(Tensor rgb01)
    {
        ArgumentNullException.ThrowIfNull(rgb01);
        if (rgb01.dim() != 4 || (rgb01.shape[1] != 1 && rgb01.shape[1] != 3))
        {
            throw new ArgumentException(
                $"Expected a (N,3,H,W) RGB or (N,1,H,W) grayscale batch; got shape [{string.Join(",", rgb01.shape)}].",
                nameof(rgb01));
        }

        using var scope = NewDisposeScope();
        var x = rgb01.to_type(ScalarType.Float32);
        if (x.shape[1] == 1)
        {
            x = x.expand(-1, 3, -1, -1);
        }

        if (Convention == InputConvention.ImageNetRgb)
        {
            x = x.sub(RgbMean.Value.to(x.device)).div(RgbStd.Value.to(x.device));
            if (InputScale != 1.0) x = x.div(S((float)InputScale));
            return x.MoveToOuterDisposeScope();
        }

        long h = x.shape[2], w = x.shape[3];
        var mean = _meanImage.to(x.device);
        if (h != MeanImageSize || w != MeanImageSize)
        {
            mean = nn.functional.interpolate(mean, size: [h, w], mode: InterpolationMode.Bilinear, align_corners: false);
        }

        x = x.flip(1).mul(S(255f)).sub(mean);
        if (InputScale != 1.0) x = x.div(S((float)InputScale));
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>The input scale for fine-tuning: the standard deviation of ImageNet pixels on the 0–255 scale.</summary>
    public const double FineTuningInputScale = 57.6;

    /// <summary>What <see cref="Preprocess"/> divides its output by (1 unless <see cref="RescaleInput"/> was called).</summary>
    public double InputScale { get; private set; } = 1.0;

    /// <summary>
    /// Re-conditions the network for fine-tuning without changing what it computes: the input is divided by
    /// <paramref name="scale"/> and the stem convolution's weights are multiplied by it. The imported network takes
    /// 0–255 input, so its stem weights are ~58x smaller and their gradients ~58x larger than a network trained on
    /// unit-variance input: an SGD step changes them ~3,400x more, relative to their size, than the same learning
    /// rate does in the torchvision convention, and fine-tuning diverges. With scale ≈ 57.6 (the 0–255 standard
    /// deviation of ImageNet pixels) the usual fine-tuning learning rates apply. Features are unchanged (up to
    /// rounding).
    /// </summary>
    public void RescaleInput(double scale)
    {
        if (!(scale > 0) || double.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "A positive finite scale.");
        using (no_grad())
        {
            conv1.weight!.mul_(scale / InputScale);
        }
        InputScale = scale;
    }

    /// <summary>
    /// The (conv, BN) pairs of the network in the order their Conv nodes appear in the ONNX graph: the stem, then
    /// per block the shortcut (if any) before conv1 and conv2.
    /// </summary>
    internal static IReadOnlyList<ConvBnSlot> SlotsInOnnxOrder()
    {
        var slots = new List<ConvBnSlot> { new("conv1", "bn1", ConvRole.Stem, 3, 64, 7, 2) };
        long inChannels = 64;
        for (int s = 0; s < 4; s++)
        {
            for (int b = 0; b < BlocksPerStage[s]; b++)
            {
                string p = $"layer{s + 1}.{b}";
                long stride = s > 0 && b == 0 ? 2 : 1;
                long width = StageWidths[s];
                if (stride != 1 || inChannels != width)
                {
                    slots.Add(new($"{p}.downsample.0", $"{p}.downsample.1", ConvRole.Shortcut, inChannels, width, 1, stride));
                }

                slots.Add(new($"{p}.conv1", $"{p}.bn1", ConvRole.BlockFirst, inChannels, width, 3, stride));
                slots.Add(new($"{p}.conv2", $"{p}.bn2", ConvRole.BlockSecond, width, width, 3, 1));
                inChannels = width;
            }
        }

        return slots;
    }

    private void InitialiseWeights()
    {
        using var noGrad = no_grad();
        foreach (var (_, module) in named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight!, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    break;
                case BatchNorm2d bn:
                    nn.init.ones_(bn.weight!);
                    nn.init.zeros_(bn.bias!);
                    break;
            }
        }
    }
}

/// <summary>The input convention of a backbone's weights (<see cref="ResNet18Backbone.Preprocess"/>).</summary>
public enum InputConvention
{
    /// <summary>BGR, 0–255, minus the pretrained mean image (the ML.NET ResNet18).</summary>
    BgrMeanImage,

    /// <summary>RGB in [0,1], minus the ImageNet channel means, divided by their standard deviations (torchvision).</summary>
    ImageNetRgb,
}

/// <summary>Where a (conv, BN) pair sits in the network, which fixes what consumes the BN's output.</summary>
internal enum ConvRole
{
    /// <summary>conv1/bn1 of the stem, followed by ReLU.</summary>
    Stem,

    /// <summary>First conv of a basic block, followed by ReLU.</summary>
    BlockFirst,

    /// <summary>Second conv of a basic block, added to the shortcut.</summary>
    BlockSecond,

    /// <summary>1×1 projection shortcut, added to the block's output.</summary>
    Shortcut,
}

internal sealed record ConvBnSlot(string Conv, string Bn, ConvRole Role, long InChannels, long OutChannels, long Kernel, long Stride);

/// <summary>The two-conv residual block of ResNet18/34, with an optional 1×1 conv + BN projection shortcut.</summary>
internal sealed class ResNetBasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? downsample;

    public ResNetBasicBlock(string name, long inChannels, long outChannels, long stride) : base(name)
    {
        conv1 = nn.Conv2d(inChannels, outChannels, kernel_size: 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(outChannels, eps: ResNet18Backbone.BatchNormEps);
        conv2 = nn.Conv2d(outChannels, outChannels, kernel_size: 3, stride: 1, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(outChannels, eps: ResNet18Backbone.BatchNormEps);
        if (stride != 1 || inChannels != outChannels)
        {
            downsample = nn.Sequential(
                nn.Conv2d(inChannels, outChannels, kernel_size: 1, stride: stride, bias: false),
                nn.BatchNorm2d(outChannels, eps: ResNet18Backbone.BatchNormEps));
        }

        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var identity = downsample is null ? input : downsample.call(input);
        var x = nn.functional.relu(bn1.call(conv1.call(input)));
        x = bn2.call(conv2.call(x));
        return nn.functional.relu(x.add(identity)).MoveToOuterDisposeScope();
    }
}
