using TorchSharp;
using static TorchSharp.torch;

namespace AutoVision.Policies;

/// <summary>
/// The baseline augmentation of image fine-tuning: a random horizontal flip and a random translation of up to
/// <see cref="MaxShiftFraction"/> of the side (reflect-padded random crop), each drawn per example.
/// </summary>
public sealed class FlipAndShift : IAugmentation
{
    public FlipAndShift(double flipProbability = 0.5, double maxShiftFraction = 0.125)
    {
        if (flipProbability is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(flipProbability));
        if (maxShiftFraction is < 0 or >= 0.5) throw new ArgumentOutOfRangeException(nameof(maxShiftFraction));
        FlipProbability = flipProbability;
        MaxShiftFraction = maxShiftFraction;
    }

    public double FlipProbability { get; }
    public double MaxShiftFraction { get; }

    /// <summary>Flips and shifts each image of a (N,C,H,W) batch, or each clip of a (N,T,C,H,W) batch (every frame of
    /// a clip the same way).</summary>
    public Tensor Apply(Tensor batch, Random rng)
    {
        if (batch.dim() == 5)
        {
            using var clips = NewDisposeScope();
            long[] shape = batch.shape;
            var stacked = batch.reshape(shape[0], shape[1] * shape[2], shape[3], shape[4]);
            return Apply(stacked, rng).reshape(shape).MoveToOuterDisposeScope();
        }
        if (batch.dim() != 4) throw new ArgumentException($"Expected a (N,C,H,W) or (N,T,C,H,W) batch, got {batch.dim()} dimensions.", nameof(batch));
        long n = batch.shape[0], h = batch.shape[2], w = batch.shape[3];
        int pad = (int)Math.Floor(Math.Min(h, w) * MaxShiftFraction);
        using var scope = NewDisposeScope();
        var padded = pad > 0 ? nn.functional.pad(batch, new long[] { pad, pad, pad, pad }, PaddingModes.Reflect) : batch;
        var parts = new List<Tensor>((int)n);
        for (long i = 0; i < n; i++)
        {
            var x = padded[i];
            if (pad > 0)
                x = x.narrow(1, rng.Next(2 * pad + 1), h).narrow(2, rng.Next(2 * pad + 1), w);
            if (rng.NextDouble() < FlipProbability) x = x.flip(2);
            parts.Add(x);
        }
        return stack(parts).MoveToOuterDisposeScope();
    }
}
