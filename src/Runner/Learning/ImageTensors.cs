using AutoVision.Data.Caching;
using AutoVision.Data.Loading;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoVision.Runner.Learning;

/// <summary>
/// Float tensors for the network from the uint8 image caches: (N, C, H, W) in [0, 1], pixel values
/// <c>(float)u8 · (float)(1/255)</c> as the challenge's reader produced them.
/// </summary>
public static class ImageTensors
{
    /// <summary>
    /// The fine-tuning input side: 64 px, whatever the image size, on a CPU budget. Small images are upscaled to
    /// it: at 32 px the pretrained network ends on a 1×1 map and is so sensitive to translation that a 4-pixel
    /// shift (the usual augmentation) raised the training loss of a fitted head from 0.05 to 2.1 on the bundled
    /// sample, and fine-tuning diverged; at 64 px it rose only to 0.6, and fine-tuning converged. Larger images
    /// are reduced to it, as AutoCLINT did with its 64 px cap.
    /// </summary>
    public const int DefaultInputSize = 64;

    /// <summary>A loader's batch as a (N, C, H, W) float tensor on <paramref name="device"/> (a copy: the batch may be disposed after).</summary>
    public static Tensor FromBatch(AutoVision.Data.Loading.Batch batch, ImageCache cache, Device device) =>
        FromFloats(batch.Pixels, batch.Rows.Length, cache).to(device);

    internal static Tensor FromFloats(float[] pixels, int count, ImageCache cache) =>
        tensor(pixels, new long[] { count, cache.Channels, cache.Height, cache.Width });
}

/// <summary>One split's images at one input shape, as the learner reads them for inference and probing.</summary>
public sealed class ImageSet
{
    public ImageSet(ImageCache cache) => Cache = cache;

    /// <summary>The cache behind the set.</summary>
    public ImageCache Cache { get; }

    /// <summary>Rows.</summary>
    public int Count => Cache.Count;

    /// <summary>Rows <paramref name="rows"/> as a (N, C, H, W) float tensor on <paramref name="device"/>.</summary>
    public Tensor Batch(ReadOnlySpan<long> rows, Device device)
    {
        var index = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++) index[i] = checked((int)rows[i]);
        return ImageTensors.FromFloats(Cache.Floats(index), index.Length, Cache).to(device);
    }

    /// <summary>Rows start … start + count − 1 as a (N, C, H, W) float tensor on <paramref name="device"/>.</summary>
    public Tensor Range(long start, long count, Device device)
    {
        var index = new int[count];
        for (int i = 0; i < count; i++) index[i] = checked((int)(start + i));
        return ImageTensors.FromFloats(Cache.Floats(index), index.Length, Cache).to(device);
    }
}
