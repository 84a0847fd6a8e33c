using AutoVision.Transfer.FineTuning;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static AutoVision.Policies.Torch.TorchScalars;

namespace AutoVision.Transfer.Nas;

/// <summary>Sizes of the operations the supernet adds to the pretrained network.</summary>
public sealed record SupernetOptions
{
    /// <summary>Channel reduction of a <see cref="ResidualAdapter"/>'s bottleneck (C → C/8 → C).</summary>
    public int AdapterReduction { get; init; } = 8;

    /// <summary>Channel reduction of a <see cref="SqueezeExcitation"/> gate (C → C/16 → C).</summary>
    public int SeReduction { get; init; } = 16;

    /// <summary>Hidden units of the <see cref="MlpBranch"/>.</summary>
    public int MlpHidden { get; init; } = 256;
}

/// <summary>
/// A weight-sharing supernet over an <see cref="AdaptationSpace"/>, built on a classifier being fine-tuned: the
/// pretrained blocks and the linear head <b>are</b> the classifier's modules (nothing is copied), and each candidate
/// adapter, squeeze-and-excitation and MLP branch is a new module that starts as the identity. One vector of
/// architecture logits per decision (registered as parameters <c>alpha_*</c>) defines the distribution softmax(α).
/// <para>Training runs one sampled path at a time (<see cref="Sample"/>, <see cref="Forward(Tensor, SampledPath)"/>):
/// only the sampled operations execute, so a step costs what the single sampled network costs, and only their
/// weights receive gradients. <see cref="Module{T,TResult}.forward"/> runs the argmax path (no sampling): the supernet
/// can predict at any time. <see cref="Derive"/> fixes the argmax architecture as an ordinary
/// <see cref="AdaptedClassifier"/> holding the same trained modules.</para>
/// <para>Ownership: disposing the supernet frees the logits and the candidate modules it did not hand to a derived
/// model; never the classifier's modules.</para>
/// </summary>
public sealed class AdaptationSupernet : nn.Module<Tensor, Tensor>
{
    private readonly ResNet18Backbone backbone;
    private readonly Linear head;
    private readonly Trunk _trunk;
    private readonly nn.Module<Tensor, Tensor>?[][] _extras;   // [decision][option]: adapter or SE module, null for keep/skip
    [ComponentName(Name = "head_mlp")]
    private readonly MlpBranch? _mlp;
    private readonly Parameter[] _alphas;
    private readonly HashSet<nn.Module> _handedOver = new(ReferenceEqualityComparer.Instance);

    public AdaptationSupernet(ImageClassifier classifier, AdaptationSpace? space = null, SupernetOptions? options = null)
        : base("supernet")
    {
        ArgumentNullException.ThrowIfNull(classifier);
        if (classifier.Backbone.Depth != 4)
            throw new ArgumentException($"The search space needs the whole ResNet18 (4 stages); this backbone has {classifier.Backbone.Depth}.", nameof(classifier));
        Space = space ?? AdaptationSpace.Default;
        options ??= new SupernetOptions();
        backbone = classifier.Backbone;
        head = classifier.Head;
        Classes = classifier.Classes;
        _trunk = new Trunk(backbone, Space);
        var device = head.weight!.device;

        _extras = new nn.Module<Tensor, Tensor>?[Space.Blocks.Count][];
        for (int d = 0; d < Space.Blocks.Count; d++)
        {
            var block = Space.Blocks[d];
            long channels = ResNet18Backbone.StageWidths[block.Stage - 1];
            _extras[d] = block.Options.Select(op => op switch
            {
                BlockOp.Adapter => (nn.Module<Tensor, Tensor>?)new ResidualAdapter(channels, options.AdapterReduction),
                BlockOp.SqueezeExcite => new SqueezeExcitation(channels, options.SeReduction),
                _ => null,
            }).ToArray();
            for (int o = 0; o < block.Options.Count; o++)
                if (_extras[d][o] is { } extra)
                    register_module($"{block.Name.Replace('.', '_')}_{block.Options[o]}", extra.to(device));
        }
        if (Space.HeadOptions.Contains(HeadOp.Mlp))
        {
            _mlp = new MlpBranch(classifier.Backbone.FeatureSize, Classes, options.MlpHidden);
            register_module("head_mlp", _mlp.to(device));
        }
        _alphas = new Parameter[Space.DecisionCount];
        for (int d = 0; d < _alphas.Length; d++)
        {
            _alphas[d] = new Parameter(zeros(Space.OptionCount(d), dtype: ScalarType.Float32, device: device));
            register_parameter($"alpha_{Space.DecisionName(d).Replace('.', '_')}", _alphas[d]);
        }
        RegisterComponents();
    }

    public AdaptationSpace Space { get; }

    public int Classes { get; }

    /// <summary>The architecture logits, one parameter per decision (blocks in network order, then the head).</summary>
    public IReadOnlyList<Parameter> ArchitectureParameters() => _alphas;

    /// <summary>Every network weight (shared pretrained weights, head, candidate modules): all parameters but the logits.</summary>
    public IEnumerable<Parameter> WeightParameters()
    {
        var alphas = new HashSet<Parameter>(_alphas, ReferenceEqualityComparer.Instance);
        return parameters().Where(p => !alphas.Contains(p));
    }

    /// <summary>The weights that belong to option <paramref name="option"/> of decision <paramref name="decision"/> only
    /// (an adapter's, an SE's, the MLP branch's); empty for keep, skip and the linear head.</summary>
    public IEnumerable<Parameter> OptionParameters(int decision, int option)
    {
        if (decision < Space.Blocks.Count) return _extras[decision][option]?.parameters() ?? [];
        return Space.HeadOptions[option] == HeadOp.Mlp ? _mlp!.parameters() : [];
    }

    /// <summary>softmax(α) of every decision, as doubles.</summary>
    public double[][] Probabilities() => _alphas.Select(a => GumbelSoftmax.Probabilities(Logits(a))).ToArray();

    /// <summary>The most probable option of every decision.</summary>
    public int[] ArgmaxIndices() => _alphas.Select(a =>
    {
        var l = Logits(a);
        int best = 0;
        for (int i = 1; i < l.Length; i++) if (l[i] > l[best]) best = i;
        return best;
    }).ToArray();

    /// <summary>The most probable architecture.</summary>
    public Architecture ArgmaxArchitecture() => Architecture.FromIndices(Space, ArgmaxIndices());

    /// <summary>
    /// Draws one option per decision from softmax(α) (Gumbel-max, noise from <paramref name="rng"/>). With
    /// <paramref name="differentiable"/>, the path carries the straight-through factors at temperature
    /// <paramref name="temperature"/>, through which a loss's gradient reaches the logits; without, the logits get none.
    /// </summary>
    public SampledPath Sample(Random rng, double temperature, bool differentiable)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var indices = new int[_alphas.Length];
        var factors = differentiable ? new Tensor?[_alphas.Length] : null;
        for (int d = 0; d < _alphas.Length; d++)
        {
            var noise = GumbelSoftmax.Noise((int)_alphas[d].shape[0], rng);
            indices[d] = GumbelSoftmax.Sample(Logits(_alphas[d]), noise);
            if (factors is not null) factors[d] = GumbelSoftmax.StraightThrough(_alphas[d], noise, temperature, indices[d]).DetachFromDisposeScope();
        }
        return new SampledPath(indices, factors);
    }

    /// <summary>Logits of the sampled path for a batch of (N,C,H,W) images in [0,1]: only the sampled operations run.</summary>
    public Tensor Forward(Tensor images01, SampledPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Indices.Count != _alphas.Length) throw new ArgumentException($"The path has {path.Indices.Count} choices; the space has {_alphas.Length} decisions.", nameof(path));
        return Run(images01, path.Indices, path.Factors);
    }

    /// <summary>Logits of the argmax path (the architecture <see cref="Derive"/> would fix).</summary>
    public override Tensor forward(Tensor images01) => Run(images01, ArgmaxIndices(), null);

    /// <summary>
    /// Fixes the argmax architecture: an <see cref="AdaptedClassifier"/> that runs the classifier's own pretrained
    /// modules and head, plus the chosen candidate modules with their trained weights (handed over, not copied). Its
    /// outputs equal this supernet's <c>forward</c> on the same input.
    /// </summary>
    public AdaptedClassifier Derive()
    {
        var indices = ArgmaxIndices();
        var architecture = Architecture.FromIndices(Space, indices);
        var blocks = new AdaptedBlock[Space.Blocks.Count];
        for (int d = 0; d < blocks.Length; d++)
        {
            var extra = _extras[d][indices[d]];
            if (extra is not null) _handedOver.Add(extra);
            blocks[d] = new AdaptedBlock(Space.Blocks[d].Name, Space.Blocks[d].Options[indices[d]], _trunk.Searched[d], extra);
        }
        var mlp = architecture.Head == HeadOp.Mlp ? _mlp : null;
        if (mlp is not null) _handedOver.Add(mlp);
        return new AdaptedClassifier(backbone, head, _trunk, blocks, mlp, architecture, Classes);
    }

    /// <summary>
    /// An <see cref="AdaptedClassifier"/> of a known architecture on <paramref name="classifier"/>, without a search:
    /// the added modules are new (identity at the start); e.g. to load a checkpoint of a derived model.
    /// </summary>
    /// <exception cref="ArgumentException">The architecture is not a point of <paramref name="space"/>.</exception>
    public static AdaptedClassifier Build(ImageClassifier classifier, Architecture architecture, AdaptationSpace? space = null, SupernetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        space ??= AdaptationSpace.Default;
        var indices = new int[space.DecisionCount];
        if (architecture.Blocks.Count != space.Blocks.Count)
            throw new ArgumentException($"The architecture has {architecture.Blocks.Count} blocks; the space searches {space.Blocks.Count}.", nameof(architecture));
        for (int d = 0; d < space.Blocks.Count; d++)
        {
            var choice = architecture.Blocks[d];
            indices[d] = choice.Block == space.Blocks[d].Name ? IndexOf(space.Blocks[d].Options, choice.Op) : -1;
            if (indices[d] < 0) throw new ArgumentException($"Block {choice.Block}={choice.Op} is not an option of the space's block {space.Blocks[d].Name}.", nameof(architecture));
        }
        indices[^1] = IndexOf(space.HeadOptions, architecture.Head);
        if (indices[^1] < 0) throw new ArgumentException($"Head {architecture.Head} is not an option of the space.", nameof(architecture));
        using var supernet = new AdaptationSupernet(classifier, space, options);
        using (no_grad())
            for (int d = 0; d < indices.Length; d++)
                supernet._alphas[d].index_fill_(0, tensor((long)indices[d], device: supernet._alphas[d].device), S(1.0));
        return supernet.Derive();
    }

    private static int IndexOf<T>(IReadOnlyList<T> options, T value) where T : struct, Enum =>
        Enumerable.Range(0, options.Count).FirstOrDefault(i => options[i].Equals(value), -1);

    private Tensor Run(Tensor images01, IReadOnlyList<int> indices, IReadOnlyList<Tensor?>? factors)
    {
        using var scope = NewDisposeScope();
        var x = _trunk.Prefix(backbone.Preprocess(images01));
        for (int d = 0; d < Space.Blocks.Count; d++)
        {
            int o = indices[d];
            x = AdaptedBlock.Apply(Space.Blocks[d].Options[o], _trunk.Searched[d], _extras[d][o], x);
            if (factors?[d] is { } f) x = x.mul(f);
        }
        var logits = Head(Space.HeadOptions[indices[^1]], _trunk.Pool(x));
        if (factors?[^1] is { } fh) logits = logits.mul(fh);
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>The shared trunk (stem, blocks, pool) this supernet runs.</summary>
    internal Trunk Trunk => _trunk;

    /// <summary>The classifier's backbone (for its input convention).</summary>
    internal ResNet18Backbone Backbone => backbone;

    /// <summary>The added module of option <paramref name="option"/> of block decision <paramref name="decision"/> (null: keep, skip).</summary>
    internal nn.Module<Tensor, Tensor>? Extra(int decision, int option) => _extras[decision][option];

    /// <summary>The MLP head option's branch (null when the space has no MLP head).</summary>
    internal MlpBranch? Mlp => _mlp;

    /// <summary>Logits of head option <paramref name="op"/> for pooled features.</summary>
    internal Tensor Head(HeadOp op, Tensor features)
    {
        using var scope = NewDisposeScope();
        var logits = head.call(features);
        if (op == HeadOp.Mlp) logits = logits.add(_mlp!.call(features));
        return logits.MoveToOuterDisposeScope();
    }

    private static double[] Logits(Tensor alpha)
    {
        using var _ = no_grad();
        using var c = alpha.detach().cpu().to_type(ScalarType.Float64);
        return c.data<double>().ToArray();
    }

    /// <summary>Frees the logits and the candidate modules not handed to a derived model; the classifier's modules
    /// (backbone, head) belong to the classifier and are left alone.</summary>
    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        foreach (var a in _alphas) a.Dispose();
        foreach (var extra in _extras.SelectMany(e => e))
            if (extra is not null && !_handedOver.Contains(extra)) extra.Dispose();
        if (_mlp is not null && !_handedOver.Contains(_mlp)) _mlp.Dispose();
    }
}

/// <summary>One sampled architecture: an option index per decision and, for an architecture step, the
/// straight-through factors (value 1, gradient to the logits) that multiply the sampled operations' outputs.</summary>
public sealed class SampledPath(IReadOnlyList<int> indices, IReadOnlyList<Tensor?>? factors) : IDisposable
{
    public IReadOnlyList<int> Indices { get; } = indices;

    /// <summary>Null for a path drawn without gradients to the logits.</summary>
    public IReadOnlyList<Tensor?>? Factors { get; } = factors;

    public void Dispose()
    {
        if (Factors is null) return;
        foreach (var f in Factors) f?.Dispose();
    }
}
