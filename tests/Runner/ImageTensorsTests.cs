using AutoVision.Data.AutoDL;
using AutoVision.Runner.Learning;
using AutoVision.Transfer;
using TorchSharp;

namespace AutoVision.Runner.Tests;

public class ImageTensorsTests
{
    public ImageTensorsTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void ToUint8_MiniCiaoAt64_KeepsOrderAndRange()
    {
        var test = AutoDLDataset.Open(TestPaths.MiniCiao).ReadTest();
        using var images = ImageTensors.ToUint8(test, 64, 3);
        Assert.Equal(new long[] { 18, 3, 64, 64 }, images.shape);
        Assert.Equal(torch.ScalarType.Byte, images.dtype);
        // Row 5 is test record 5: its mean brightness matches the record's own pixels (upscaling keeps the mean).
        double expected = test[5].Values.Average() * 255;
        double actual = images[5].to(torch.ScalarType.Float64).mean().item<double>();
        Assert.Equal(expected, actual, 0);
    }

    [Fact]
    public void ToUint8_SameSize_IsTheRoundedPixels()
    {
        var train = AutoDLDataset.Open(TestPaths.MiniCiao).ReadTrain();
        using var images = ImageTensors.ToUint8(train.Take(2).ToList(), 32, 3);
        var e = train[1];
        // (T,H,W,C) value at h=3, w=7, c=2 → (C,H,W) position.
        float v = e.Values[(3 * 32 + 7) * 3 + 2];
        Assert.Equal((byte)Math.Round(v * 255), images[1, 2, 3, 7].item<byte>());
    }

    [Fact]
    public void ToUint8_ChannelMismatch_NamesTheExample()
    {
        var train = AutoDLDataset.Open(TestPaths.MiniCiao).ReadTrain();
        var ex = Assert.Throws<InvalidDataException>(() => ImageTensors.ToUint8(train.Take(3).ToList(), 32, 1));
        Assert.Contains("Example 0", ex.Message);
    }
}
