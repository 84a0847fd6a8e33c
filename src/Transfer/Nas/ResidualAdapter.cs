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
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "At least one channel.");
        if (reduction < 1) throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "A reduction of at least 1.");
        long hidden = Math.Max(1, channels / reduction);
        down = nn.Conv2d(channels, hidden, kernel_size: 1);
        up = nn.Conv2d(hidden, channels, kernel_size: 1);
        using (no_grad())
        {
            nn.init.zeros_(up.weight!);
            nn.init.zeros_(up.bias!);
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return input.add(up.call(nn.functional.relu(down.call(input)))).MoveToOuterDisposeScope();
    }
}
