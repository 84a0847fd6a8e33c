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
    private readonly TemporalPooling? temporal;

    /// <param name="backbone">The trunk.</param>
    /// <param name="classes">Outputs of the head.</param>
    /// <param name="channels">Channels of the input images: 1 (replicated to RGB) and 3 go straight in; any other
    /// count goes through a learned <see cref="ChannelAdapter"/> first.</param>
    /// <param name="frames">Frames per example: 1 for images; F &gt; 1 for video clips, given as (N, F·C, H, W) with the
    /// frames stacked along the channel axis (frame i in channels i·C … i·C + C − 1): each frame goes through the
    /// backbone and a <see cref="TemporalPooling"/> head combines their features.</param>
    public ImageClassifier(ResNet18Backbone backbone, int classes, int channels = 3, int frames = 1) : base("classifier")
    {
        if (frames < 1) throw new ArgumentOutOfRangeException(nameof(frames), frames, "At least one frame.");
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "At least one class.");
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "At least one channel.");
        this.backbone = backbone;
        if (channels is not (1 or 3)) adapter = new ChannelAdapter(channels);
        if (frames > 1) temporal = new TemporalPooling(backbone.FeatureSize);
        Channels = channels;
        Frames = frames;
        head = nn.Linear(backbone.FeatureSize, classes);
        Classes = classes;
        RegisterComponents();
    }

    public int Classes { get; }

    public ResNet18Backbone Backbone => backbone;

    public Linear Head => head;

    /// <summary>Features of the backbone for a batch in [0,1] (no head).</summary>
    public Tensor Features(Tensor images01)
    {
        if (temporal is null) return FrameFeatures(images01);
        if (images01.dim() != 4 || images01.shape[1] != (long)Frames * Channels)
            throw new ArgumentException($"Expected a (N,{Frames * Channels},H,W) batch of {Frames}-frame clips; got shape [{string.Join(",", images01.shape)}].", nameof(images01));
        using var scope = NewDisposeScope();
        long n = images01.shape[0], h = images01.shape[2], w = images01.shape[3];
        var frames = FrameFeatures(images01.reshape(n * Frames, Channels, h, w));
        return temporal.call(frames.view(n, Frames, -1)).MoveToOuterDisposeScope();
    }

    private Tensor FrameFeatures(Tensor images01) =>
        backbone.call(backbone.Preprocess(adapter is null ? images01 : adapter.call(images01)));

    /// <summary>Channels of one frame.</summary>
    public int Channels { get; }

    /// <summary>Frames per example (1 for images).</summary>
    public int Frames { get; }

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
