using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Nas;

/// <summary>
/// A residual 1×1 bottleneck adapter applied to a block's output: <c>y + up(relu(down(y)))</c>, with
/// <c>down</c> C→C/<c>reduction</c> and <c>up</c> C/<c>reduction</c>→C (both 1×1 convolutions with bias).
/// <c>up</c> starts at zero, so a new adapter is exactly the identity and the pretrained network is unchanged until
/// training moves it.
/// </summary>
public sealed class ResidualAdapter : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d down;
    private readonly Conv2d up;

    public ResidualAdapter(long channels, int reduction = 8, string name = "adapter") : base(name)
    {
        (down, up) = ZeroStartBottleneck.Create(channels, reduction);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return input.add(up.call(nn.functional.relu(down.call(input)))).MoveToOuterDisposeScope();
    }
}
