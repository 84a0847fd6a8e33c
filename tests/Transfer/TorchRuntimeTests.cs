using AutoVision.Transfer;
using TorchSharp;

namespace AutoVision.Transfer.Tests;

[Collection(TorchCollection.Name)]
public sealed class TorchRuntimeTests
{
    [Fact]
    public void EnsureLoaded_IsIdempotentAndThreadSafe()
    {
        Parallel.For(0, 8, _ => TorchRuntime.EnsureLoaded());
        TorchRuntime.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        Assert.Equal(4f, torch.ones(2, 2).sum().item<float>());
    }

    [Fact]
    public void SuccessfulLoad_LeavesNoFallbackCopyOfLibTorch()
    {
        TorchRuntime.EnsureLoaded();
        string torchSharpDir = Path.GetDirectoryName(typeof(torch).Assembly.Location)!;
        Assert.False(Directory.Exists(Path.Combine(torchSharpDir, "cpu")));
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData(" CPU ")]
    public void ResolveDevice_Cpu(string spec)
    {
        var device = TorchRuntime.ResolveDevice(spec);
        Assert.Equal(DeviceType.CPU, device.type);
    }

    [Fact]
    public void ResolveDevice_Auto_IsCpuWithoutCuda()
    {
        Assert.False(torch.cuda.is_available());
        Assert.Equal(DeviceType.CPU, TorchRuntime.ResolveDevice("auto").type);
    }

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:0")]
    public void ResolveDevice_Cuda_WithoutCuda_ThrowsAClearError(string spec)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => TorchRuntime.ResolveDevice(spec));
        Assert.Contains("CUDA is not available", ex.Message);
        Assert.Contains(spec, ex.Message);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("")]
    [InlineData("cuda:x")]
    public void ResolveDevice_UnknownName_ThrowsArgumentException(string spec)
    {
        Assert.Throws<ArgumentException>(() => TorchRuntime.ResolveDevice(spec));
    }
}
