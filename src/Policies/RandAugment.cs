using AutoVision.Policies.Operations;
using static TorchSharp.torch;

namespace AutoVision.Policies;

/// <summary>
/// The zero-search baselines, as torchvision defines them (<c>transforms/autoaugment.py</c>): magnitudes on a
/// grid of <see cref="Bins"/> bins over each operation's range, signed operations negated with probability ½,
/// run on the same kernels as the FAA policies. Shears are PIL coefficients about the top-left corner as in FAA
/// (torchvision shears by atan(v) about the centre; the same amount of shear, a different anchor).
/// </summary>
public abstract class BinnedAugmentation : IAugmentation
{
    /// <summary>The 14 operations both baselines draw from (no Invert, no Cutout).</summary>
    protected static readonly Kernel[] Operations =
    [
        Kernel.Identity, Kernel.ShearX, Kernel.ShearY, Kernel.TranslateX, Kernel.TranslateY, Kernel.Rotate,
        Kernel.Brightness, Kernel.Color, Kernel.Contrast, Kernel.Sharpness, Kernel.Posterize, Kernel.Solarize,
        Kernel.AutoContrast, Kernel.Equalize,
    ];

    protected BinnedAugmentation(int bins)
    {
        if (bins < 2) throw new ArgumentOutOfRangeException(nameof(bins), bins, "at least 2 magnitude bins");
        Bins = bins;
    }

    public int Bins { get; }

    /// <summary>Operations per image.</summary>
    protected abstract int OpsPerImage { get; }

    /// <summary>The magnitude bin for one operation of one image.</summary>
    protected abstract int Bin(Random rng);

    /// <summary>(largest shear, largest translations along x and y in pixels, largest rotation, largest enhance offset, fewest posterize bits).</summary>
    protected abstract (double Shear, double TranslateX, double TranslateY, double Rotate, double Enhance, int MinBits) Ranges(long width, long height);

    public Tensor Apply(Tensor batch, Random rng)
    {
        if (batch.dim() is not (4 or 5)) throw new ArgumentException($"Expected a (N,C,H,W) or (N,T,C,H,W) batch, got {batch.dim()} dimensions.", nameof(batch));
        return Plan((int)batch.shape[0], batch.shape[^1], batch.shape[^2], rng).Apply(batch);
    }

    public AugmentationPlan Plan(int images, long width, long height, Random rng)
    {
        var r = Ranges(width, height);
        var plan = new AugmentationPlan(images, OpsPerImage);
        for (int i = 0; i < images; i++)
            for (int s = 0; s < OpsPerImage; s++)
            {
                var kernel = Operations[rng.Next(Operations.Length)];
                int bin = Bin(rng);
                double m = bin / (double)(Bins - 1);
                double sign = rng.Next(2) == 0 ? 1 : -1;
                double value = kernel switch
                {
                    Kernel.ShearX or Kernel.ShearY => sign * m * r.Shear,
                    Kernel.TranslateX => sign * m * r.TranslateX,
                    Kernel.TranslateY => sign * m * r.TranslateY,
                    Kernel.Rotate => sign * m * r.Rotate,
                    Kernel.Brightness or Kernel.Color or Kernel.Contrast or Kernel.Sharpness => 1 + sign * m * r.Enhance,
                    Kernel.Posterize => 8 - (int)Math.Round(bin / ((Bins - 1) / (double)(8 - r.MinBits)), MidpointRounding.ToEven),
                    Kernel.Solarize => 255.0 * (1 - m),
                    _ => 0,
                };
                plan.Set(s, i, kernel, value);
            }
        return plan;
    }
}

/// <summary>RandAugment (Cubuk et al. 2020) as torchvision: <see cref="N"/> operations per image, uniform with
/// replacement, always applied, all at magnitude bin <see cref="M"/> of 31; shear ≤ 0.3, translation ≤ 150/331 of
/// the side, rotation ≤ 30°, enhance factor 1 ± 0.9, posterize 8→4 bits, solarize threshold 255→0.</summary>
public sealed class RandAugment : BinnedAugmentation
{
    public RandAugment(int n = 2, int m = 9, int bins = 31) : base(bins)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "at least one operation per image");
        if (m < 0 || m >= bins) throw new ArgumentOutOfRangeException(nameof(m), m, $"a magnitude bin in 0..{bins - 1}");
        N = n;
        M = m;
    }

    public int N { get; }
    public int M { get; }
    protected override int OpsPerImage => N;
    protected override int Bin(Random rng) => M;
    protected override (double, double, double, double, double, int) Ranges(long width, long height) =>
        (0.3, 150.0 / 331.0 * width, 150.0 / 331.0 * height, 30, 0.9, 4);
}

/// <summary>TrivialAugment Wide (Müller and Hutter 2021) as torchvision: one operation per image, uniform, at a
/// uniform bin of 31; shear ≤ 0.99, translation ≤ 32 px, rotation ≤ 135°, enhance 1 ± 0.99, posterize 8→2 bits,
/// solarize 255→0.</summary>
public sealed class TrivialAugmentWide : BinnedAugmentation
{
    public TrivialAugmentWide(int bins = 31) : base(bins) { }

    protected override int OpsPerImage => 1;
    protected override int Bin(Random rng) => rng.Next(Bins);
    protected override (double, double, double, double, double, int) Ranges(long width, long height) => (0.99, 32, 32, 135, 0.99, 2);
}
