using AutoVision.Data.AutoDL;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoVision.Runner.Learning;

/// <summary>
/// Turns AutoDL examples ((T,H,W,C) floats in [0,1]) into one (N,C,S,S) uint8 tensor at the network's input
/// size, in example order: resized once, kept compact, converted to float per batch.
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

    /// <summary>Resizes every example to size×size (bilinear, antialiased when shrinking) and stacks them as uint8.
    /// A sequence (T &gt; 1) contributes its middle frame.</summary>
    public static Tensor ToUint8(IReadOnlyList<AutoDLExample> examples, int size, int channels)
    {
        if (examples.Count == 0) return zeros(new long[] { 0, channels, size, size }, ScalarType.Byte);
        var result = empty(new long[] { examples.Count, channels, size, size }, ScalarType.Byte);
        for (int i = 0; i < examples.Count; i++)
        {
            using var scope = NewDisposeScope();
            var e = examples[i];
            if (e.Channels != channels)
                throw new InvalidDataException($"Example {i} has {e.Channels} channels; the dataset's metadata says {channels}.");
            int frame = e.Frames / 2;
            long frameSize = (long)e.Height * e.Width * e.Channels;
            var values = e.Values.AsSpan((int)(frame * frameSize), (int)frameSize).ToArray();
            var image = tensor(values, new long[] { 1, e.Height, e.Width, e.Channels }).permute(0, 3, 1, 2);
            if (e.Height != size || e.Width != size)
                image = nn.functional.interpolate(image, new long[] { size, size }, mode: InterpolationMode.Bilinear,
                    align_corners: false, antialias: e.Height > size || e.Width > size);
            result[i].copy_((image[0] * 255.0).round().clamp(0, 255).to(ScalarType.Byte));
        }
        return result;
    }

    /// <summary>Rows <paramref name="index"/> of a uint8 image tensor as float in [0,1] on <paramref name="device"/>.</summary>
    public static Tensor Batch(Tensor images, Tensor index, Device device) =>
        images.index_select(0, index).to(device).to(ScalarType.Float32).div_(255.0);
}
