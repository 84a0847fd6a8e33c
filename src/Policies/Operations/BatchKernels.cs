using TorchSharp;
using static TorchSharp.torch;
using static AutoVision.Policies.Torch.TorchScalars;

namespace AutoVision.Policies.Operations;

/// <summary>
/// The <see cref="Kernel"/>s on a batch: (M, C, H, W) float values in [0, 1], one value (and, for Cutout, one
/// centre) per image, every image of the batch transformed at once.
/// </summary>
/// <remarks>
/// <para>They reproduce Pillow on 8-bit images, which Fast AutoAugment's operations call: inputs are read as levels
/// round(255·x); colour operations compute on levels with PIL's integer and float steps (truncation in
/// <c>Image.blend</c>, rounding in the 3×3 filter, integer luma <c>(19595 R + 38470 G + 7471 B + 2^15) &gt;&gt; 16</c>)
/// and return levels / 255. Geometric operations use PIL's pixel-centre convention with nearest-neighbour
/// sampling and black fill, through <c>affine_grid</c>/<c>grid_sample</c>. The golden tests state the agreement.</para>
/// </remarks>
public static class BatchKernels
{
    /// <summary>Cutout's fill, as in FAA (RGB 125, 123, 114); a single-channel image takes 125.</summary>
    public static readonly double[] CutoutFill = [125, 123, 114];

    // Moves nearest-neighbour ties toward PIL's floor() (grid_sample rounds half to even).
    private const double TieShift = 1e-4;

    /// <summary>Applies <paramref name="kernel"/> with one value per image (and, for Cutout, centres in pixels).</summary>
    public static Tensor Apply(Kernel kernel, Tensor x, double[] values, double[]? centreX = null, double[]? centreY = null)
    {
        if (x.dim() != 4) throw new ArgumentException($"Expected (M,C,H,W), got {x.dim()} dimensions.", nameof(x));
        if (values.Length != x.shape[0]) throw new ArgumentException($"{values.Length} values for {x.shape[0]} images.", nameof(values));
        return kernel switch
        {
            Kernel.Identity => x.clone(),
            Kernel.HorizontalFlip => x.flip(3),
            Kernel.ShearX or Kernel.ShearY or Kernel.TranslateX or Kernel.TranslateY or Kernel.Rotate =>
                Affine(x, values.Select(v => Matrix(kernel, v, x.shape[3], x.shape[2])).ToArray()),
            Kernel.AutoContrast => AutoContrast(x),
            Kernel.Invert => x.mul(S(-1)).add_(S(1)),
            Kernel.Equalize => Equalize(x),
            Kernel.Solarize => Solarize(x, values),
            Kernel.Posterize => Posterize(x, values),
            Kernel.Contrast => Blend(ContrastDegenerate(x), Levels(x), values),
            Kernel.Color => Blend(Grey(Levels(x)).expand_as(x), Levels(x), values),
            Kernel.Brightness => Blend(zeros_like(x), Levels(x), values),
            Kernel.Sharpness => Blend(Smooth(Levels(x)), Levels(x), values),
            Kernel.Cutout => Cutout(x, values, centreX ?? throw new ArgumentNullException(nameof(centreX)),
                centreY ?? throw new ArgumentNullException(nameof(centreY))),
            _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, null),
        };
    }

    /// <summary>Whether the kernel is one of the affine ones (one <see cref="Affine"/> call serves a mix of them).</summary>
    public static bool IsAffine(Kernel kernel) =>
        kernel is Kernel.ShearX or Kernel.ShearY or Kernel.TranslateX or Kernel.TranslateY or Kernel.Rotate;

    /// <summary>PIL's affine matrix (a, b, c, d, e, f) of an affine kernel with value <paramref name="v"/>.</summary>
    public static double[] Matrix(Kernel kernel, double v, long width, long height) => kernel switch
    {
        Kernel.ShearX => [1, v, 0, 0, 1, 0],
        Kernel.ShearY => [1, 0, 0, v, 1, 0],
        Kernel.TranslateX => [1, 0, v, 0, 1, 0],
        Kernel.TranslateY => [1, 0, 0, 0, 1, v],
        Kernel.Rotate => RotationMatrix(v, width, height),
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "not an affine kernel"),
    };

    /// <summary>PIL's <c>rotate(degrees)</c> matrix (a, b, c, d, e, f): input = (a x + b y + c, d x + e y + f).</summary>
    public static double[] RotationMatrix(double degrees, long width, long height)
    {
        double angle = -degrees % 360.0 * Math.PI / 180.0;
        double cos = Math.Round(Math.Cos(angle), 15), sin = Math.Round(Math.Sin(angle), 15);
        double cx = width / 2.0, cy = height / 2.0;
        return [cos, sin, cos * -cx + sin * -cy + cx, -sin, cos, -sin * -cx + cos * -cy + cy];
    }

    /// <summary>PIL's AFFINE transform with nearest sampling and black fill: output pixel (x, y) takes the input
    /// pixel at floor(a(x+½) + b(y+½) + c), floor(d(x+½) + e(y+½) + f), one matrix per image.</summary>
    public static Tensor Affine(Tensor x, double[][] matrices)
    {
        long m = x.shape[0], h = x.shape[2], w = x.shape[3];
        var theta = new float[m * 6];
        for (int i = 0; i < m; i++)
        {
            var (a, b, c, d, e, f) = (matrices[i][0], matrices[i][1], matrices[i][2], matrices[i][3], matrices[i][4], matrices[i][5]);
            double bw = b * h / w, dh = d * w / h;
            theta[i * 6 + 0] = (float)a;
            theta[i * 6 + 1] = (float)bw;
            theta[i * 6 + 2] = (float)(a + bw + 2 * (c + TieShift) / w - 1);
            theta[i * 6 + 3] = (float)dh;
            theta[i * 6 + 4] = (float)e;
            theta[i * 6 + 5] = (float)(dh + e + 2 * (f + TieShift) / h - 1);
        }
        using var scope = NewDisposeScope();
        var t = tensor(theta, new[] { m, 2, 3 }, dtype: x.dtype, device: x.device);
        var grid = nn.functional.affine_grid(t, new[] { m, x.shape[1], h, w }, align_corners: false);
        return nn.functional.grid_sample(x, grid, mode: GridSampleMode.Nearest, padding_mode: GridSamplePaddingMode.Zeros,
            align_corners: false).MoveToOuterDisposeScope();
    }

    /// <summary>Levels round(255·x) clamped to 0..255, as float.</summary>
    public static Tensor Levels(Tensor x) => x.mul(S(255)).round_().clamp_(S(0), S(255));

    private static Tensor PerImage(double[] values, Tensor like) =>
        tensor(values.Select(v => (float)v).ToArray(), new long[] { values.Length, 1, 1, 1 }, dtype: like.dtype, device: like.device);

    private static Tensor Solarize(Tensor x, double[] thresholds)
    {
        using var scope = NewDisposeScope();
        var k = Levels(x);
        var t = PerImage(thresholds, x);
        return where(k.lt(t), k, k.mul(S(-1)).add_(S(255))).div_(S(255)).MoveToOuterDisposeScope();
    }

    private static Tensor Posterize(Tensor x, double[] bits)
    {
        using var scope = NewDisposeScope();
        // k & ~(2^(8-b) - 1) = floor(k / 2^(8-b)) * 2^(8-b): exact in float, and much faster than int64 bit masks.
        var steps = bits.Select(b => (double)(1 << (8 - Math.Clamp((int)b, 0, 8)))).ToArray();
        var step = PerImage(steps, x);
        return Levels(x).div_(step).floor_().mul_(step).clamp_(S(0), S(255)).div_(S(255)).MoveToOuterDisposeScope();
    }

    /// <summary>PIL's RGB → L luma on levels (integer arithmetic), (M,1,H,W); a one-channel image is its own luma.</summary>
    private static Tensor Grey(Tensor levels)
    {
        if (levels.shape[1] < 3) return levels[.., ..1];
        using var scope = NewDisposeScope();
        // The integer formula in float32: every partial sum is an integer below 2^24 (255 · 65536 + 32768), so it is
        // exact, and dividing by 65536 then flooring is the right shift.
        var l = levels[.., 0..1].mul(S(19595)).add_(levels[.., 1..2].mul(S(38470))).add_(levels[.., 2..3].mul(S(7471))).add_(S(32768))
            .div_(S(65536)).floor_();
        return l.MoveToOuterDisposeScope();
    }

    private static Tensor ContrastDegenerate(Tensor x)
    {
        using var scope = NewDisposeScope();
        var grey = Grey(Levels(x));
        long pixels = grey.shape[2] * grey.shape[3];
        // int(mean + 0.5) as ImageStat: the sum of integer levels is exact in float32 below 2^24 (up to 65 793 pixels).
        if (pixels * 255 >= 1 << 24) grey = grey.to(ScalarType.Float64);
        var mean = grey.sum(new long[] { 1, 2, 3 }, keepdim: true).div_(pixels).add_(S(0.5)).floor_();
        return mean.to(x.dtype).expand(x.shape).MoveToOuterDisposeScope();
    }

    /// <summary>PIL's <c>Image.blend(degenerate, image, f)</c> on levels: truncated, clipped to 0..255.</summary>
    private static Tensor Blend(Tensor degenerate, Tensor image, double[] factors)
    {
        using var scope = NewDisposeScope();
        var f = PerImage(factors, image);
        return image.sub(degenerate).mul_(f).add_(degenerate).floor_().clamp_(S(0), S(255)).div_(S(255)).MoveToOuterDisposeScope();
    }

    /// <summary>PIL's <c>ImageFilter.SMOOTH</c> (3×3 kernel 1 1 1 / 1 5 1 / 1 1 1, ÷13, rounded); the border pixels
    /// are kept, as PIL keeps them.</summary>
    private static Tensor Smooth(Tensor levels)
    {
        long h = levels.shape[2], w = levels.shape[3];
        if (h < 3 || w < 3) return levels.clone();
        using var scope = NewDisposeScope();
        // (9 · mean of the 3×3 window + 4 · centre) / 13; a window sum of integers over 13 is never a tie at ½, so the
        // float rounding of the mean cannot change the rounded level.
        var window = nn.functional.avg_pool2d(levels, 3, 1).mul_(S(9));
        var inner = window.add_(levels[.., .., 1..(int)(h - 1), 1..(int)(w - 1)].mul(S(4))).div_(S(13)).add_(S(0.5)).floor_().clamp_(S(0), S(255));
        var result = levels.clone();
        result[.., .., 1..(int)(h - 1), 1..(int)(w - 1)] = inner;
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Per image-channel histograms of levels: (M·C, 256) int64, and the levels as (M·C, H·W) int64.</summary>
    private static (Tensor Histogram, Tensor Levels) Histograms(Tensor x)
    {
        long rows = x.shape[0] * x.shape[1];
        var k = Levels(x).to(ScalarType.Int64).reshape(rows, -1);
        var hist = zeros(new long[] { rows, 256 }, ScalarType.Int64, x.device).scatter_add_(1, k, ones_like(k));
        return (hist, k);
    }

    private static Tensor ApplyLut(Tensor x, Tensor lut, Tensor k) =>
        lut.gather(1, k).to(x.dtype).div_(S(255)).reshape(x.shape);

    private static Tensor AutoContrast(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (hist, k) = Histograms(x);
        var present = hist.gt(S(0));
        var idx = arange(S(256), ScalarType.Int64, x.device).unsqueeze(0);
        var lo = where(present, idx, full_like(idx, S(256))).amin(new long[] { 1 }, keepdim: true);
        var hi = where(present, idx, full_like(idx, S(-1))).amax(new long[] { 1 }, keepdim: true);
        var flat = hi.le(lo);
        var scale = full_like(lo, S(255.0), ScalarType.Float64).div(hi.sub(lo).clamp_min(S(1)).to(ScalarType.Float64));
        var offset = lo.to(ScalarType.Float64).neg().mul(scale);
        var lut = idx.to(ScalarType.Float64).mul(scale).add(offset).trunc().clamp(S(0), S(255)).to(ScalarType.Int64);
        lut = where(flat, idx.expand_as(lut), lut);
        return ApplyLut(x, lut, k).MoveToOuterDisposeScope();
    }

    private static Tensor Equalize(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (hist, k) = Histograms(x);
        var idx = arange(S(256), ScalarType.Int64, x.device).unsqueeze(0);
        var present = hist.gt(S(0));
        var last = where(present, idx, full_like(idx, S(0))).amax(new long[] { 1 }, keepdim: true);
        var total = hist.sum(1, keepdim: true);
        var step = total.sub(hist.gather(1, last)).div(S(255), rounding_mode: RoundingMode.floor);
        var identity = present.sum(1, keepdim: true).le(S(1)).logical_or(step.eq(S(0)));
        var before = hist.cumsum(1).sub(hist);
        var safeStep = step.clamp_min(S(1));
        var lut = before.add(safeStep.div(S(2), rounding_mode: RoundingMode.floor)).div(safeStep, rounding_mode: RoundingMode.floor).clamp_(S(0), S(255));
        lut = where(identity, idx.expand_as(lut), lut);
        return ApplyLut(x, lut, k).MoveToOuterDisposeScope();
    }

    /// <summary>FAA's CutoutAbs with a given centre: x0 = int(max(0, cx − v/2)), x1 = min(W, x0 + v), and PIL's
    /// rectangle fills columns x0..int(x1) inclusive (rows likewise); v &lt;= 0 changes nothing.</summary>
    private static Tensor Cutout(Tensor x, double[] sides, double[] centreX, double[] centreY)
    {
        long m = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        var bounds = new float[m * 4];
        for (int i = 0; i < m; i++)
        {
            double v = sides[i];
            if (v <= 0) { bounds[i * 4] = 1; bounds[i * 4 + 1] = 0; bounds[i * 4 + 2] = 1; bounds[i * 4 + 3] = 0; continue; }
            int x0 = (int)Math.Max(0, centreX[i] - v / 2), y0 = (int)Math.Max(0, centreY[i] - v / 2);
            int x1 = (int)Math.Min(w, x0 + v), y1 = (int)Math.Min(h, y0 + v);
            bounds[i * 4] = x0; bounds[i * 4 + 1] = x1; bounds[i * 4 + 2] = y0; bounds[i * 4 + 3] = y1;
        }
        using var scope = NewDisposeScope();
        var b = tensor(bounds, new long[] { m, 4 }, device: x.device);
        var cols = arange(S(w), ScalarType.Float32, x.device).reshape(1, 1, 1, w);
        var rows = arange(S(h), ScalarType.Float32, x.device).reshape(1, 1, h, 1);
        var inside = cols.ge(b[.., 0].reshape(m, 1, 1, 1)).logical_and(cols.le(b[.., 1].reshape(m, 1, 1, 1)))
            .logical_and(rows.ge(b[.., 2].reshape(m, 1, 1, 1))).logical_and(rows.le(b[.., 3].reshape(m, 1, 1, 1)));
        var fill = tensor(Enumerable.Range(0, (int)c).Select(i => (float)(CutoutFill[Math.Min(i, 2)] / 255)).ToArray(),
            new long[] { 1, c, 1, 1 }, dtype: x.dtype, device: x.device);
        return where(inside, fill, x).MoveToOuterDisposeScope();
    }
}
