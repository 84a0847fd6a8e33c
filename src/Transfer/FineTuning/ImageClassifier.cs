using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AutoVision.Transfer.FineTuning;

/// <summary>
/// A pretrained backbone with a linear classification head: (N,C,H,W) RGB or gray in [0,1] → (N,classes) logits.
/// The backbone's own input convention is applied inside (<see cref="ResNet18Backbone.Preprocess"/>).
/// </summary>
public sealed class ImageClassifier : nn.Module<Tensor, Tensor>
{
    private readonly ResNet18Backbone backbone;
    private readonly Linear head;
    private readonly ChannelAdapter? adapter;

    /// <param name="backbone">The trunk.</param>
    /// <param name="classes">Outputs of the head.</param>
    /// <param name="channels">Channels of the input images: 1 (replicated to RGB) and 3 go straight in; any other
    /// count goes through a learned <see cref="ChannelAdapter"/> first.</param>
    public ImageClassifier(ResNet18Backbone backbone, int classes, int channels = 3) : base("classifier")
    {
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "At least one class.");
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "At least one channel.");
        this.backbone = backbone;
        if (channels is not (1 or 3)) adapter = new ChannelAdapter(channels);
        head = nn.Linear(ResNet18Backbone.FeatureDim, classes);
        Classes = classes;
        RegisterComponents();
    }

    public int Classes { get; }

    public ResNet18Backbone Backbone => backbone;

    public Linear Head => head;

    /// <summary>Features of the backbone for a batch in [0,1] (no head).</summary>
    public Tensor Features(Tensor images01) =>
        backbone.call(backbone.Preprocess(adapter is null ? images01 : adapter.call(images01)));

    /// <summary>The channel adapter (null when the images have 1 or 3 channels).</summary>
    public ChannelAdapter? Adapter => adapter;

    public override Tensor forward(Tensor images01) => head.call(Features(images01));

    /// <summary>Copies weights (classes × 512) and bias (classes) into the head, e.g. from a linear probe.</summary>
    public void SetHead(Tensor weight, Tensor bias)
    {
        using var _ = no_grad();
        head.weight!.copy_(weight);
        head.bias!.copy_(bias);
    }
}
