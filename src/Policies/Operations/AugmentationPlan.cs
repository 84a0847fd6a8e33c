using static TorchSharp.torch;

namespace AutoVision.Policies.Operations;

/// <summary>
/// What happens to each image of a batch: a few steps in order, each a kernel and its value per image (Identity
/// where an image skips the step). Applying it groups the images of a step by kernel and transforms each group at
/// once (the affine kernels of a step together, in one sampling pass). A (N, T, C, H, W) batch of clips gets the same kernels, values and Cutout centres on every frame.
/// </summary>
public sealed class AugmentationPlan
{
    private readonly Kernel[,] _kernels;
    private readonly double[,] _values;
    private readonly double[,] _centreX;
    private readonly double[,] _centreY;

    public AugmentationPlan(int images, int steps)
    {
        Images = images;
        Steps = steps;
        _kernels = new Kernel[steps, images];
        _values = new double[steps, images];
        _centreX = new double[steps, images];
        _centreY = new double[steps, images];
    }

    public int Images { get; }
    public int Steps { get; }

    /// <summary>Sets step <paramref name="step"/> of image <paramref name="image"/>; the Cutout centre is given as
    /// fractions of the width and height.</summary>
    public void Set(int step, int image, Kernel kernel, double value, double centreX = 0.5, double centreY = 0.5)
    {
        _kernels[step, image] = kernel;
        _values[step, image] = value;
        _centreX[step, image] = centreX;
        _centreY[step, image] = centreY;
    }

    public Kernel KernelAt(int step, int image) => _kernels[step, image];
    public double ValueAt(int step, int image) => _values[step, image];

    /// <summary>The transformed batch (a new tensor); (N,C,H,W) or (N,T,C,H,W) in, same shape out.</summary>
    public Tensor Apply(Tensor batch)
    {
        int frames = batch.dim() switch
        {
            4 => 1,
            5 => (int)batch.shape[1],
            _ => throw new ArgumentException($"Expected a (N,C,H,W) or (N,T,C,H,W) batch, got {batch.dim()} dimensions.", nameof(batch)),
        };
        if (batch.shape[0] != Images)
            throw new ArgumentException($"The plan is for {Images} images; the batch has {batch.shape[0]}.", nameof(batch));
        using var scope = NewDisposeScope();
        long c = batch.shape[^3], h = batch.shape[^2], w = batch.shape[^1];
        var x = batch.reshape(Images * (long)frames, c, h, w).clone();
        for (int s = 0; s < Steps; s++)
        {
            var groups = new Dictionary<Kernel, List<int>>();
            for (int i = 0; i < Images; i++)
            {
                var k = _kernels[s, i];
                if (k == Kernel.Identity) continue;
                if (BatchKernels.IsAffine(k)) k = Kernel.Rotate;   // all affine kernels share one sampling pass
                if (!groups.TryGetValue(k, out var list)) groups[k] = list = [];
                list.Add(i);
            }
            foreach (var (kernel, images) in groups)
            {
                var rows = new long[images.Count * frames];
                var values = new double[rows.Length];
                var cx = new double[rows.Length];
                var cy = new double[rows.Length];
                for (int j = 0; j < images.Count; j++)
                    for (int f = 0; f < frames; f++)
                    {
                        int r = j * frames + f, i = images[j];
                        rows[r] = (long)i * frames + f;
                        values[r] = _values[s, i];
                        cx[r] = _centreX[s, i] * w;
                        cy[r] = _centreY[s, i] * h;
                    }
                var index = tensor(rows, device: x.device);
                var part = x.index_select(0, index);
                var done = kernel == Kernel.Rotate
                    ? BatchKernels.Affine(part, rows.Select((_, r) => BatchKernels.Matrix(_kernels[s, images[r / frames]], values[r], w, h)).ToArray())
                    : BatchKernels.Apply(kernel, part, values, cx, cy);
                x.index_copy_(0, index, done);
            }
        }
        return x.reshape(batch.shape).MoveToOuterDisposeScope();
    }
}
