using static TorchSharp.torch;

namespace AutoVision.Policies;

/// <summary>Augmentations applied one after another (e.g. a searched policy, then flip-and-shift, as FAA inserts
/// its policy before the default crop and flip).</summary>
public sealed class SequentialAugmentation : IAugmentation
{
    public SequentialAugmentation(params IAugmentation[] steps)
    {
        if (steps.Length == 0) throw new ArgumentException("At least one augmentation.", nameof(steps));
        Steps = steps;
    }

    public IReadOnlyList<IAugmentation> Steps { get; }

    public Tensor Apply(Tensor batch, Random rng)
    {
        using var scope = NewDisposeScope();
        var x = batch;
        foreach (var step in Steps) x = step.Apply(x, rng);
        return x.MoveToOuterDisposeScope();
    }
}
