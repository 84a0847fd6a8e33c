using AutoVision.Data.AutoDL;
using AutoVision.Data.Caching;
using AutoVision.Runner.Learning;
using AutoVision.Transfer.Checkpoints;
using static TorchSharp.torch;

namespace AutoVision.Runner.Tests;

/// <summary>A checkpointed model's probabilities computed directly, without the learner or <c>predict</c>: what they
/// must reproduce.</summary>
public static class CheckpointPrediction
{
    /// <summary>The probabilities of the model in <paramref name="folder"/> for <paramref name="dataset"/>'s test split
    /// cached at <paramref name="shape"/> (null: the input shape the checkpoint records).</summary>
    public static float[,] Of(string folder, AutoDLDataset dataset, InputShape? shape = null)
    {
        using var model = TrainedModel.Load(folder);
        var (height, width) = model.Metadata.InputShape(model.Path);
        using var cache = ImageCache.Build(AutoDLCacheSource.Test(dataset), shape ?? new InputShape(height, width), new CacheMemory());
        var images = new ImageSet(cache);
        using var scope = NewDisposeScope();
        var p = model.Probabilities(images.Range(0, images.Count, CPU)).contiguous();
        var flat = p.data<float>().ToArray();
        var result = new float[images.Count, model.Metadata.Classes];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(float));
        return result;
    }
}
