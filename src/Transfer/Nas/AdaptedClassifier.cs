using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Nas;

/// <summary>A searched block in a derived model: the chosen operation, the pretrained block and the added module.</summary>
internal sealed record AdaptedBlock(string Name, BlockOp Op, nn.Module<Tensor, Tensor> Block, nn.Module<Tensor, Tensor>? Extra)
{
    /// <summary>Runs <paramref name="op"/> on <paramref name="x"/>: the block, nothing (skip), or the block then the extra module.</summary>
    public static Tensor Apply(BlockOp op, nn.Module<Tensor, Tensor> block, nn.Module<Tensor, Tensor>? extra, Tensor x) => op switch
    {
        BlockOp.Keep => block.call(x),
        BlockOp.Skip => x,
        BlockOp.Adapter or BlockOp.SqueezeExcite => (extra ?? throw new InvalidOperationException($"Operation {op} has no module.")).call(block.call(x)),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown block operation."),
    };
}

/// <summary>
/// A classifier whose architecture was fixed by the search: the pretrained backbone's stem and blocks (kept,
/// skipped, or followed by the chosen adapter or squeeze-and-excitation), the linear head, and the MLP branch if
/// chosen — the trained modules themselves, so fine-tuning continues from them. Its surface matches
/// <see cref="FineTuning.ImageClassifier"/>: (N,C,H,W) RGB or gray in [0,1] → (N,classes) logits, <see cref="Features"/>,
/// <see cref="Backbone"/>, <see cref="Head"/>, <see cref="Classes"/>.
/// <para>State-dict names: the backbone's and head's tensors keep the names they have in an
/// <see cref="FineTuning.ImageClassifier"/> (<c>backbone.*</c>, <c>head.*</c>; skipped blocks stay, unused), the added
/// modules are <c>&lt;block&gt;_&lt;Op&gt;.*</c> (e.g. <c>layer4_1_Adapter.up.weight</c>) and <c>head_mlp.*</c>.</para>
/// </summary>
public sealed class AdaptedClassifier : nn.Module<Tensor, Tensor>
{
    private readonly ResNet18Backbone backbone;
    private readonly Linear head;
    private readonly Trunk _trunk;
    private readonly AdaptedBlock[] _blocks;
    [ComponentName(Name = "head_mlp")]
    private readonly MlpBranch? _mlp;

    internal AdaptedClassifier(ResNet18Backbone backbone, Linear head, Trunk trunk, AdaptedBlock[] blocks, MlpBranch? mlp,
        Architecture architecture, int classes) : base("classifier")
    {
        this.backbone = backbone;
        this.head = head;
        _trunk = trunk;
        _blocks = blocks;
        _mlp = mlp;
        Architecture = architecture;
        Classes = classes;
        RegisterComponents();
        foreach (var b in blocks)
            if (b.Extra is not null) register_module($"{b.Name.Replace('.', '_')}_{b.Op}", b.Extra);
    }

    /// <summary>The architecture this model was derived with.</summary>
    public Architecture Architecture { get; }

    public int Classes { get; }

    public ResNet18Backbone Backbone => backbone;

    /// <summary>The linear head (with the MLP head, the MLP branch's output is added to it).</summary>
    public Linear Head => head;

    /// <summary>Pooled features (N,512) of a batch in [0,1] through the derived trunk (no head).</summary>
    public Tensor Features(Tensor images01)
    {
        using var scope = NewDisposeScope();
        var x = _trunk.Prefix(backbone.Preprocess(images01));
        foreach (var b in _blocks) x = AdaptedBlock.Apply(b.Op, b.Block, b.Extra, x);
        return _trunk.Pool(x).MoveToOuterDisposeScope();
    }

    /// <summary>Logits of the head for pooled features.</summary>
    public Tensor HeadLogits(Tensor features)
    {
        using var scope = NewDisposeScope();
        var logits = head.call(features);
        if (_mlp is not null) logits = logits.add(_mlp.call(features));
        return logits.MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor images01)
    {
        using var scope = NewDisposeScope();
        return HeadLogits(Features(images01)).MoveToOuterDisposeScope();
    }
}
