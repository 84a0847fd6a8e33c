using System.Text.Json.Serialization;

namespace AutoVision.Transfer.Nas;

/// <summary>What a residual block of the searched stages becomes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BlockOp>))]
public enum BlockOp
{
    /// <summary>The pretrained block as it is.</summary>
    Keep,

    /// <summary>No block: the identity (only where the block keeps the shape of its input).</summary>
    Skip,

    /// <summary>The pretrained block followed by a residual 1×1 bottleneck adapter (see <see cref="ResidualAdapter"/>).</summary>
    Adapter,

    /// <summary>The pretrained block followed by squeeze-and-excitation (see <see cref="SqueezeExcitation"/>).</summary>
    SqueezeExcite,
}

/// <summary>The classification head on the pooled 512 features.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HeadOp>))]
public enum HeadOp
{
    /// <summary>The classifier's linear head.</summary>
    Linear,

    /// <summary>The linear head plus a two-layer MLP branch (see <see cref="MlpHead"/>).</summary>
    Mlp,
}

/// <summary>One block of the searched stages and the operations it may become.</summary>
/// <param name="Stage">1-based stage of the backbone (3 or 4 in the default space).</param>
/// <param name="Index">0-based block index inside the stage.</param>
/// <param name="Options">The candidate operations, in the order of the architecture logits.</param>
public sealed record BlockDecision(int Stage, int Index, IReadOnlyList<BlockOp> Options)
{
    /// <summary>The block's name in the backbone, e.g. <c>layer3.1</c>.</summary>
    public string Name => $"layer{Stage}.{Index}";
}

/// <summary>
/// The search space over how the pretrained ResNet18 is adapted: one categorical decision per block of the
/// searched stages, then one for the head. <see cref="Default"/> is the space documented in docs/nas.md.
/// </summary>
public sealed class AdaptationSpace
{
    /// <summary>Name of the head decision in records and probabilities.</summary>
    public const string HeadName = "head";

    public AdaptationSpace(IReadOnlyList<BlockDecision> blocks, IReadOnlyList<HeadOp> headOptions)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(headOptions);
        if (headOptions.Count == 0) throw new ArgumentException("The head needs at least one option.", nameof(headOptions));
        if (headOptions.Distinct().Count() != headOptions.Count) throw new ArgumentException("Head options repeat.", nameof(headOptions));
        var seen = new HashSet<string>();
        foreach (var block in blocks)
        {
            if (block.Stage is < 1 or > 4 || block.Index < 0 || block.Index >= ResNet18Backbone.BlocksPerStage[block.Stage - 1])
                throw new ArgumentException($"Block {block.Name} is not a block of the ResNet18 backbone (blocks per stage 2, 2, 2, 3).", nameof(blocks));
            if (!seen.Add(block.Name)) throw new ArgumentException($"Block {block.Name} appears twice.", nameof(blocks));
            if (block.Options.Count == 0 || block.Options.Distinct().Count() != block.Options.Count)
                throw new ArgumentException($"Block {block.Name}: options must be non-empty and distinct.", nameof(blocks));
            if (block.Options.Contains(BlockOp.Skip) && ChangesShape(block.Stage, block.Index))
                throw new ArgumentException($"Block {block.Name} changes the shape of its input (stride 2, more channels): it cannot be skipped.", nameof(blocks));
        }
        var ordered = blocks.OrderBy(b => b.Stage).ThenBy(b => b.Index).ToArray();
        if (ordered.Length > 0)
        {
            // Blocks after the first searched one are all searched: the tail of the trunk is rebuilt from the first.
            var first = ordered[0];
            int expected = 0;
            for (int s = first.Stage; s <= 4; s++)
                for (int b = s == first.Stage ? first.Index : 0; b < ResNet18Backbone.BlocksPerStage[s - 1]; b++)
                    if (expected >= ordered.Length || ordered[expected++].Name != $"layer{s}.{b}")
                        throw new ArgumentException($"The searched blocks must be every block from {first.Name} to the end of the network; layer{s}.{b} is missing.", nameof(blocks));
        }
        Blocks = ordered;
        HeadOptions = headOptions;
    }

    /// <summary>The searched blocks, in network order.</summary>
    public IReadOnlyList<BlockDecision> Blocks { get; }

    public IReadOnlyList<HeadOp> HeadOptions { get; }

    /// <summary>Decisions in all: the blocks, then the head.</summary>
    public int DecisionCount => Blocks.Count + 1;

    /// <summary>Name of decision <paramref name="d"/> (a block name or <see cref="HeadName"/>).</summary>
    public string DecisionName(int d) => d < Blocks.Count ? Blocks[d].Name : HeadName;

    /// <summary>Option names of decision <paramref name="d"/>, in logit order.</summary>
    public IReadOnlyList<string> OptionNames(int d) => d < Blocks.Count
        ? Blocks[d].Options.Select(o => o.ToString()).ToArray()
        : HeadOptions.Select(o => o.ToString()).ToArray();

    /// <summary>Number of options of decision <paramref name="d"/>.</summary>
    public int OptionCount(int d) => d < Blocks.Count ? Blocks[d].Options.Count : HeadOptions.Count;

    /// <summary>Number of distinct architectures.</summary>
    public long Size => Enumerable.Range(0, DecisionCount).Aggregate(1L, (n, d) => n * OptionCount(d));

    /// <summary>Whether a block changes the shape of its input (the first block of stages 2–4: stride 2, more channels).</summary>
    public static bool ChangesShape(int stage, int index) => stage > 1 && index == 0;

    /// <summary>
    /// The default space: every block of layer3 and layer4 (2 + 3 blocks) chooses among keep, skip (where the block
    /// keeps its input's shape), keep + residual adapter and keep + squeeze-and-excitation; the head chooses linear or
    /// linear + MLP branch. 3·4·3·4·4·2 = 1,152 architectures.
    /// </summary>
    public static AdaptationSpace Default { get; } = Tail(3, [BlockOp.Keep, BlockOp.Skip, BlockOp.Adapter, BlockOp.SqueezeExcite], [HeadOp.Linear, HeadOp.Mlp]);

    /// <summary>Every block from stage <paramref name="fromStage"/> to the end with <paramref name="options"/>
    /// (<see cref="BlockOp.Skip"/> dropped for blocks that change shape), and the given head options.</summary>
    public static AdaptationSpace Tail(int fromStage, IReadOnlyList<BlockOp> options, IReadOnlyList<HeadOp> headOptions)
    {
        var blocks = new List<BlockDecision>();
        for (int s = fromStage; s <= 4; s++)
            for (int b = 0; b < ResNet18Backbone.BlocksPerStage[s - 1]; b++)
                blocks.Add(new BlockDecision(s, b, ChangesShape(s, b) ? options.Where(o => o != BlockOp.Skip).ToArray() : options));
        return new AdaptationSpace(blocks, headOptions);
    }
}

/// <summary>A point of an <see cref="AdaptationSpace"/>: the chosen operation of every searched block and the head.</summary>
/// <param name="Blocks">Block name (e.g. <c>layer4.2</c>) → chosen operation, in network order.</param>
/// <param name="Head">The chosen head.</param>
public sealed record Architecture(IReadOnlyList<BlockChoice> Blocks, HeadOp Head)
{
    /// <summary>A compact form, e.g. <c>layer3.0=Keep layer3.1=Skip … head=Mlp</c>.</summary>
    public override string ToString() => string.Join(" ", Blocks.Select(b => $"{b.Block}={b.Op}").Append($"head={Head}"));

    /// <summary>The architecture given by option indices, one per decision of <paramref name="space"/>.</summary>
    public static Architecture FromIndices(AdaptationSpace space, IReadOnlyList<int> indices)
    {
        if (indices.Count != space.DecisionCount)
            throw new ArgumentException($"Expected {space.DecisionCount} option indices; got {indices.Count}.", nameof(indices));
        var blocks = new BlockChoice[space.Blocks.Count];
        for (int d = 0; d < blocks.Length; d++)
            blocks[d] = new BlockChoice(space.Blocks[d].Name, space.Blocks[d].Options[indices[d]]);
        return new Architecture(blocks, space.HeadOptions[indices[^1]]);
    }
}

/// <summary>The operation chosen for one block.</summary>
public sealed record BlockChoice(string Block, BlockOp Op);
