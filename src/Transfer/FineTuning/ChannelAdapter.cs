using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AutoVision.Transfer.FineTuning;

/// <summary>
/// Maps images with a channel count the pretrained network does not take (anything but 1 and 3: two channels,
/// RGBA, RGB plus infrared, multispectral stacks) to three channels with a learned 1×1 convolution, trained with the
/// rest of the network. It starts as a fixed, sensible mapping, so that frozen features (the linear probes) are
/// useful before any training: with more than three channels the first three pass through as R, G, B; with two, R and
/// G are the two channels and B their mean.
/// </summary>
public sealed class ChannelAdapter : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;

    public ChannelAdapter(int channels) : base("adapter")
    {
        if (channels < 1 || channels is 1 or 3)
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "An adapter is for channel counts the network does not take directly (not 1 or 3).");
        Channels = channels;
        conv = nn.Conv2d(channels, 3, 1, bias: false);
        using (no_grad())
        {
            var w = zeros(3, channels, 1, 1);
            if (channels == 2)
            {
                w[0, 0, 0, 0] = 1f;
                w[1, 1, 0, 0] = 1f;
                w[2, 0, 0, 0] = 0.5f;
                w[2, 1, 0, 0] = 0.5f;
            }
            else
            {
                for (int c = 0; c < 3; c++) w[c, c, 0, 0] = 1f;
            }
            conv.weight!.copy_(w);
        }
        RegisterComponents();
    }

    /// <summary>Channels taken in.</summary>
    public int Channels { get; }

    public override Tensor forward(Tensor images01)
    {
        if (images01.dim() != 4 || images01.shape[1] != Channels)
            throw new ArgumentException($"Expected a (N,{Channels},H,W) batch; got shape [{string.Join(",", images01.shape)}].", nameof(images01));
        return conv.call(images01);
    }
}
