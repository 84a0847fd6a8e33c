using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AutoVision.Transfer.FineTuning;

/// <summary>
/// The temporal head of the video classifier: per-frame features (N, T, D) → a residual 1-D convolution over time
/// (kernel 3, zero padding) → the mean over frames (N, D). The convolution starts at zero, so an untrained head is
/// the plain mean of the frame features (what the frozen-feature probes fit on), and fine-tuning learns what the order
/// of frames says.
/// </summary>
public sealed class TemporalPooling : nn.Module<Tensor, Tensor>
{
    private readonly Conv1d conv;

    public TemporalPooling(long features) : base("temporal")
    {
        conv = nn.Conv1d(features, features, 3, padding: 1);
        using (no_grad())
        {
            conv.weight!.zero_();
            conv.bias!.zero_();
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor frameFeatures)
    {
        if (frameFeatures.dim() != 3)
            throw new ArgumentException($"Expected (N, T, D) frame features; got shape [{string.Join(",", frameFeatures.shape)}].", nameof(frameFeatures));
        using var scope = NewDisposeScope();
        var x = frameFeatures.transpose(1, 2);   // (N, D, T)
        return (x + conv.call(x)).mean([2]).MoveToOuterDisposeScope();
    }
}
