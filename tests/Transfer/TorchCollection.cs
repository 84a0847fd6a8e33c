using System.Diagnostics;
using AutoVision.Transfer;

namespace AutoVision.Transfer.Tests;

/// <summary>All tests that run libtorch share one pretrained model and run one at a time (the CPU has 2 cores).</summary>
[CollectionDefinition(Name)]
public sealed class TorchCollection : ICollectionFixture<PretrainedModelFixture>
{
    public const string Name = "Torch";
}

/// <summary>The pretrained backbone, loaded once for the whole collection.</summary>
public sealed class PretrainedModelFixture : IDisposable
{
    public PretrainedModelFixture()
    {
        TorchRuntime.EnsureLoaded();
        var watch = Stopwatch.StartNew();
        Model = PretrainedResNet18.Load();
        LoadTime = watch.Elapsed;
    }

    public ResNet18Backbone Model { get; }

    public TimeSpan LoadTime { get; }

    public void Dispose() => Model.Dispose();
}
