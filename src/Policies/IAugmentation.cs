using TorchSharp;
using static TorchSharp.torch;

namespace AutoVision.Policies;

/// <summary>
/// An augmentation of a whole batch: (N,C,H,W) float in, same shape out. All randomness comes from the
/// given <see cref="Random"/>, so a seeded run augments identically.
/// </summary>
public interface IAugmentation
{
    Tensor Apply(Tensor batch, Random rng);
}
