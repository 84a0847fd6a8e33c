using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static AutoVision.Policies.Torch.TorchScalars;

namespace AutoVision.Transfer.Nas;

/// <summary>
/// Squeeze-and-excitation (Hu et al., 2018) applied to a block's output: each channel is scaled by a gate computed
/// from the globally pooled features, <c>y · 2σ(fc2(relu(fc1(pool(y)))))</c>, with fc1 C→C/<c>reduction</c> and fc2
/// back to C (1×1 convolutions with bias). fc2 starts at zero, so the gate starts at exactly 1 (hence the factor 2
/// on the sigmoid): a new SE is the identity and the pretrained network is unchanged until training moves it.
/// </summary>
public sealed class SqueezeExcitation : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d fc1;
    private readonly Conv2d fc2;

    public SqueezeExcitation(long channels, int reduction = 16, string name = "se") : base(name)
    {
        (fc1, fc2) = ZeroStartBottleneck.Create(channels, reduction);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var pooled = nn.functional.adaptive_avg_pool2d(input, 1);
        var gate = fc2.call(nn.functional.relu(fc1.call(pooled))).sigmoid().mul(S(2.0));
        return input.mul(gate).MoveToOuterDisposeScope();
    }
}
