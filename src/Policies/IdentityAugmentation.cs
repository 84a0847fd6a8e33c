using static TorchSharp.torch;

namespace AutoVision.Policies;

/// <summary>No augmentation: the batch itself (not a copy).</summary>
public sealed class IdentityAugmentation : IAugmentation
{
    public static IdentityAugmentation Instance { get; } = new();

    public Tensor Apply(Tensor batch, Random rng) => batch.alias();
}
