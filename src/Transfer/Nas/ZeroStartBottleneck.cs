using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Nas;

/// <summary>The two 1×1 convolutions (with bias) of an added module, C → C/reduction → C, the second starting at zero
/// so that the module starts as the identity.</summary>
internal static class ZeroStartBottleneck
{
    public static (Conv2d Squeeze, Conv2d Expand) Create(long channels, int reduction)
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "At least one channel.");
        if (reduction < 1) throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "A reduction of at least 1.");
        long hidden = Math.Max(1, channels / reduction);
        var squeeze = nn.Conv2d(channels, hidden, kernel_size: 1);
        var expand = nn.Conv2d(hidden, channels, kernel_size: 1);
        using (no_grad())
        {
            nn.init.zeros_(expand.weight!);
            nn.init.zeros_(expand.bias!);
        }
        return (squeeze, expand);
    }
}
