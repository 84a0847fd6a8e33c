using TorchSharp;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Nas;

/// <summary>
/// The pretrained backbone's own submodules (stem, blocks, pool) looked up by name, so that the supernet and the
/// derived model run the very modules the classifier holds (shared weights, nothing copied).
/// </summary>
internal sealed class Trunk
{
    private readonly nn.Module<Tensor, Tensor> _conv1;
    private readonly nn.Module<Tensor, Tensor> _bn1;
    private readonly nn.Module<Tensor, Tensor> _maxpool;
    private readonly nn.Module<Tensor, Tensor> _avgpool;
    private readonly nn.Module<Tensor, Tensor>[] _prefix;

    public Trunk(ResNet18Backbone backbone, AdaptationSpace space)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        var children = backbone.named_children().ToDictionary(c => c.name, c => c.module);
        _conv1 = Child(children, "conv1");
        _bn1 = Child(children, "bn1");
        _maxpool = Child(children, "maxpool");
        _avgpool = Child(children, "avgpool");
        var blocks = new Dictionary<string, nn.Module<Tensor, Tensor>>();
        var order = new List<string>();
        for (int s = 1; s <= 4; s++)
        {
            var stage = children.TryGetValue($"layer{s}", out var m) ? m : throw new InvalidOperationException($"The backbone has no 'layer{s}'.");
            foreach (var (name, block) in stage.named_children())
            {
                var full = $"layer{s}.{name}";
                blocks[full] = block as nn.Module<Tensor, Tensor> ?? throw new InvalidOperationException($"Backbone block '{full}' is not a tensor-to-tensor module.");
                order.Add(full);
            }
        }
        var searched = space.Blocks.Select(b => b.Name).ToHashSet();
        _prefix = order.TakeWhile(n => !searched.Contains(n)).Select(n => blocks[n]).ToArray();
        Searched = space.Blocks.Select(b => blocks.TryGetValue(b.Name, out var block)
            ? block
            : throw new InvalidOperationException($"The backbone has no block '{b.Name}'.")).ToArray();
    }

    /// <summary>The pretrained modules of the searched blocks, in the order of the space's decisions.</summary>
    public IReadOnlyList<nn.Module<Tensor, Tensor>> Searched { get; }

    /// <summary>Stem and the blocks before the first searched one, for an input already in the backbone's convention.</summary>
    public Tensor Prefix(Tensor x)
    {
        x = _maxpool.call(nn.functional.relu(_bn1.call(_conv1.call(x))));
        foreach (var block in _prefix) x = block.call(x);
        return x;
    }

    /// <summary>The pooled feature vector (N, 512) of the last stage's output.</summary>
    public Tensor Pool(Tensor x) => _avgpool.call(x).flatten(1);

    private static nn.Module<Tensor, Tensor> Child(Dictionary<string, nn.Module> children, string name) =>
        children.TryGetValue(name, out var m) && m is nn.Module<Tensor, Tensor> t
            ? t
            : throw new InvalidOperationException($"The backbone has no tensor-to-tensor module '{name}'.");
}
