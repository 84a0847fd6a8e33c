using static TorchSharp.torch;

namespace AutoVision.Transfer.Tests;

/// <summary>Seeded synthetic RGB images in [0,1] for tests.</summary>
internal static class SyntheticImages
{
    /// <summary>
    /// Filled discs (label 0) and squares (label 1) at random positions and sizes, with random foreground and
    /// background colours and pixel noise: only the shape tells the classes apart. Labels alternate 0,1,0,1...
    /// </summary>
    public static (Tensor Images, Tensor Labels) DiscsAndSquares(int count, int side, int seed)
    {
        var rng = new Random(seed);
        var data = new float[count * 3 * side * side];
        var labels = new long[count];
        double scale = side / 64.0;
        for (int i = 0; i < count; i++)
        {
            int label = i % 2;
            labels[i] = label;
            float[] background = [(float)rng.NextDouble(), (float)rng.NextDouble(), (float)rng.NextDouble()];
            float[] foreground = [(float)rng.NextDouble(), (float)rng.NextDouble(), (float)rng.NextDouble()];
            double radius = (10 + rng.NextDouble() * 12) * scale;
            double cx = (22 + rng.NextDouble() * 20) * scale, cy = (22 + rng.NextDouble() * 20) * scale;
            for (int y = 0; y < side; y++)
            {
                for (int x = 0; x < side; x++)
                {
                    double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                    // The square's half-side is scaled so both shapes cover similar areas.
                    double extent = label == 0 ? Math.Sqrt(dx * dx + dy * dy) : Math.Max(Math.Abs(dx), Math.Abs(dy)) * 1.13;
                    float[] colour = extent <= radius ? foreground : background;
                    for (int c = 0; c < 3; c++)
                    {
                        float noise = (float)(rng.NextDouble() - 0.5) * 0.2f;
                        data[((i * 3 + c) * side + y) * side + x] = Math.Clamp(colour[c] + noise, 0f, 1f);
                    }
                }
            }
        }

        return (tensor(data, [count, 3, side, side]), tensor(labels));
    }

    /// <summary>Uniform noise in [0,1], (count,3,side,side), from a seeded generator.</summary>
    public static Tensor Noise(int count, int side, int seed)
    {
        using var generator = new TorchSharp.torch.Generator((ulong)seed);
        return rand(new long[] { count, 3, side, side }, generator: generator);
    }

    public static float[] ToArray(Tensor t) => t.contiguous().data<float>().ToArray();
}
