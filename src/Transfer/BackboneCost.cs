namespace AutoVision.Transfer;

/// <summary>
/// What one image costs a backbone, measured on the development machine (2 vCPU AMD EPYC, Debian 12, one compute
/// thread, channels-last convolution weights; <c>bench/TrainBench</c>, docs/learner.md "Backbones"): milliseconds per
/// image of a fine-tuning step (forward, backward, SGD step; batch 32, BatchNorm frozen) and of an inference pass
/// (eval mode, no gradients; batch 128), at a few square input sizes.
/// </summary>
/// <remarks>
/// Between and beyond the measured sizes the cost is interpolated linearly in log(cost) against log(pixels per
/// image) — a power law per segment, extended past the ends with the nearest segment's exponent — so that any input
/// shape (a non-square one by its pixel count) has an estimate. The figures are a prior: another machine, or the same
/// one under load, runs at some multiple of them. <see cref="RefinedCost"/> holds that multiple once a run has
/// measured one size, and scales the prior's ratios between sizes with it. Where pixels are few, a fine-tuning step is
/// dominated by the SGD update of every parameter, so its cost grows much slower than the pixel count (the whole
/// ResNet18: 2× from 32 to 64 px); an inference pass grows with it (4.3×).
/// </remarks>
public sealed record BackboneCost
{
    /// <param name="sizes">Measured square input sizes (sides in pixels), ascending, at least two.</param>
    /// <param name="trainMs">Milliseconds per training image at each size.</param>
    /// <param name="inferenceMs">Milliseconds per inferred image at each size.</param>
    /// <exception cref="ArgumentException">Fewer than two sizes, sizes not ascending, lengths differ, or a cost not positive.</exception>
    public BackboneCost(IReadOnlyList<int> sizes, IReadOnlyList<double> trainMs, IReadOnlyList<double> inferenceMs)
    {
        if (sizes.Count < 2) throw new ArgumentException("At least two measured sizes.", nameof(sizes));
        if (trainMs.Count != sizes.Count || inferenceMs.Count != sizes.Count)
            throw new ArgumentException("One training and one inference cost per size.", nameof(trainMs));
        for (int i = 0; i < sizes.Count; i++)
        {
            if (sizes[i] < 1 || (i > 0 && sizes[i] <= sizes[i - 1]))
                throw new ArgumentException($"Sizes must be positive and ascending; got {string.Join(", ", sizes)}.", nameof(sizes));
            if (!(trainMs[i] > 0) || !(inferenceMs[i] > 0))
                throw new ArgumentException($"Costs must be positive; size {sizes[i]} has {trainMs[i]} / {inferenceMs[i]} ms.", nameof(trainMs));
        }
        Sizes = sizes.ToArray();
        TrainMs = trainMs.ToArray();
        InferenceMs = inferenceMs.ToArray();
    }

    /// <summary>Measured square input sizes.</summary>
    public IReadOnlyList<int> Sizes { get; }

    /// <summary>Milliseconds per training image (a fine-tuning step's share) at each of <see cref="Sizes"/>.</summary>
    public IReadOnlyList<double> TrainMs { get; }

    /// <summary>Milliseconds per inferred image at each of <see cref="Sizes"/>.</summary>
    public IReadOnlyList<double> InferenceMs { get; }

    /// <summary>Estimated milliseconds per training image for inputs of <paramref name="height"/> × <paramref name="width"/>.</summary>
    public double TrainMsPerImage(int height, int width) => Interpolate(TrainMs, height, width);

    /// <summary>Estimated milliseconds per inferred image for inputs of <paramref name="height"/> × <paramref name="width"/>.</summary>
    public double InferenceMsPerImage(int height, int width) => Interpolate(InferenceMs, height, width);

    /// <summary>How many times a training image at <paramref name="to"/> costs one at <paramref name="from"/> (square sides).</summary>
    public double TrainRatio(int from, int to) => TrainMsPerImage(to, to) / TrainMsPerImage(from, from);

    private double Interpolate(IReadOnlyList<double> ms, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        double x = Math.Log((double)height * width);
        int last = Sizes.Count - 1;
        int i = 0;   // the segment [i, i + 1] that holds x, or the end segment nearest to it
        while (i < last - 1 && x > LogPixels(i + 1)) i++;
        double x0 = LogPixels(i), x1 = LogPixels(i + 1);
        double y0 = Math.Log(ms[i]), y1 = Math.Log(ms[i + 1]);
        return Math.Exp(y0 + (y1 - y0) * (x - x0) / (x1 - x0));
    }

    private double LogPixels(int i) => 2 * Math.Log(Sizes[i]);
}

/// <summary>
/// A backbone's cost prior (<see cref="BackboneCost"/>) refined by what a run measures: the latest measured cost per
/// image at one size, divided by the prior's figure there, is this machine's speed factor now; estimates at other
/// sizes are the prior's times that factor. Before a measurement it answers with the prior itself.
/// </summary>
public sealed class RefinedCost
{
    private readonly Func<int, int, double> _prior;

    private RefinedCost(Func<int, int, double> prior) => _prior = prior;

    /// <summary>Refines <paramref name="cost"/>'s inference figures.</summary>
    public static RefinedCost Inference(BackboneCost cost) => new(cost.InferenceMsPerImage);

    /// <summary>Refines <paramref name="cost"/>'s training figures.</summary>
    public static RefinedCost Training(BackboneCost cost) => new(cost.TrainMsPerImage);

    /// <summary>Measured milliseconds per image divided by the prior's at the size measured; 1 before a measurement.</summary>
    public double SpeedFactor { get; private set; } = 1;

    /// <summary>Whether a measurement has been made.</summary>
    public bool Measured { get; private set; }

    /// <summary>Records that one image at <paramref name="height"/> × <paramref name="width"/> took
    /// <paramref name="msPerImage"/> milliseconds (a non-positive or non-finite figure is ignored).</summary>
    public void Observe(int height, int width, double msPerImage)
    {
        if (!double.IsFinite(msPerImage) || msPerImage <= 0) return;
        SpeedFactor = msPerImage / _prior(height, width);
        Measured = true;
    }

    /// <summary>Estimated milliseconds per image at <paramref name="height"/> × <paramref name="width"/>.</summary>
    public double MsPerImage(int height, int width) => _prior(height, width) * SpeedFactor;

    /// <summary>How many times an image at <paramref name="to"/> costs one at <paramref name="from"/> (square sides).</summary>
    public double Ratio(int from, int to) => Ratio((from, from), (to, to));

    /// <summary>How many times an image of shape <paramref name="to"/> costs one of shape <paramref name="from"/>.</summary>
    public double Ratio((int Height, int Width) from, (int Height, int Width) to) =>
        _prior(to.Height, to.Width) / _prior(from.Height, from.Width);
}
