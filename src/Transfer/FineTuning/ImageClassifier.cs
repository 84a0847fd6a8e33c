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

    public ImageClassifier(ResNet18Backbone backbone, int classes) : base("classifier")
    {
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "At least one class.");
        this.backbone = backbone;
        head = nn.Linear(ResNet18Backbone.FeatureDim, classes);
        Classes = classes;
        RegisterComponents();
    }

    public int Classes { get; }

    public ResNet18Backbone Backbone => backbone;

    public Linear Head => head;

    /// <summary>Features of the backbone for a batch in [0,1] (no head).</summary>
    public Tensor Features(Tensor images01) => backbone.call(backbone.Preprocess(images01));

    public override Tensor forward(Tensor images01) => head.call(Features(images01));

    /// <summary>Copies weights (classes × 512) and bias (classes) into the head, e.g. from a linear probe.</summary>
    public void SetHead(Tensor weight, Tensor bias)
    {
        using var _ = no_grad();
        head.weight!.copy_(weight);
        head.bias!.copy_(bias);
    }
}
