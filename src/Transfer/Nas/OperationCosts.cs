using TorchSharp;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Nas;

/// <summary>The measured cost of one part of the network, in milliseconds per image.</summary>
/// <param name="Decision">Block name, <c>head</c>, <c>prefix</c> or <c>network</c>.</param>
/// <param name="Option">What was timed: <c>Keep</c> (the pretrained block), <c>+Adapter</c> / <c>+SqueezeExcite</c> /
/// <c>+Mlp</c> (the added module alone, on the block's output or the pooled features), <c>Linear</c>, or a path.</param>
/// <param name="InferenceMs">Forward pass, eval mode, no gradients.</param>
/// <param name="TrainMs">Forward and backward pass (weight gradients).</param>
/// <param name="InferenceMedianMs">Median of the repeats (the cost fields hold the minimum).</param>
/// <param name="TrainMedianMs">Median of the repeats.</param>
public sealed record OperationCost(string Decision, string Option, double InferenceMs, double TrainMs, double InferenceMedianMs, double TrainMedianMs);

/// <summary>
/// Measures what each option of a supernet's space costs on this machine: every searched block's pretrained block
/// (what keep costs and skip saves) and each added module (what adapter, squeeze-and-excitation and the MLP branch add),
/// each on its real input (the output of the network before it, for a random batch); the stem and the stages before
/// the search, common to every architecture, as <c>prefix</c>. The parts are timed interleaved, repeat after repeat,
/// and the minimum over the repeats is reported (with the median): on a shared CPU the minimum is the estimate least
/// inflated by other processes. Used by the cost benchmark (bench/nas) to choose and document the space.
/// </summary>
public static class OperationCosts
{
    public static IReadOnlyList<OperationCost> Measure(AdaptationSupernet supernet, int side, int batch, int repeats, int seed = 1,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        if (side < 32 || batch < 1 || repeats < 1) throw new ArgumentOutOfRangeException(nameof(side), "A side of at least 32, a batch and repeats of at least 1.");
        var space = supernet.Space;
        var device = supernet.ArchitectureParameters()[0].device;
        using var scope = NewDisposeScope();
        var images = rand(new long[] { batch, 3, side, side }, generator: new Generator((ulong)seed), device: device);
        supernet.eval();   // frozen BatchNorm statistics, as fine-tuning runs by default

        var parts = new List<(string Decision, string Option, Func<Tensor> Run)>
        {
            ("prefix", "stem and earlier stages", () => supernet.Trunk.Prefix(supernet.Backbone.Preprocess(images))),
        };
        Tensor x;
        using (no_grad()) x = supernet.Trunk.Prefix(supernet.Backbone.Preprocess(images));
        for (int d = 0; d < space.Blocks.Count; d++)
        {
            var input = x;
            var block = supernet.Trunk.Searched[d];
            Tensor output;
            using (no_grad()) output = block.call(input);
            parts.Add((space.Blocks[d].Name, "Keep", () => block.call(input)));
            for (int o = 0; o < space.Blocks[d].Options.Count; o++)
                if (supernet.Extra(d, o) is { } extra)
                    parts.Add((space.Blocks[d].Name, "+" + space.Blocks[d].Options[o], () => extra.call(output)));
            x = output;
        }
        Tensor features;
        using (no_grad()) features = supernet.Trunk.Pool(x);
        parts.Add((AdaptationSpace.HeadName, "Linear", () => supernet.Head(HeadOp.Linear, features)));
        if (space.HeadOptions.Contains(HeadOp.Mlp))
            parts.Add((AdaptationSpace.HeadName, "+Mlp", () => supernet.Mlp!.call(features)));

        var costs = Time(parts, batch, repeats, time ?? TimeProvider.System);
        supernet.zero_grad();
        return costs;
    }

    /// <summary>Whole networks, images in and logits out, each given by option indices per decision; timed interleaved.</summary>
    public static IReadOnlyList<OperationCost> MeasurePaths(AdaptationSupernet supernet, IReadOnlyList<IReadOnlyList<int>> paths, int side, int batch,
        int repeats, int seed = 1, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        var device = supernet.ArchitectureParameters()[0].device;
        using var scope = NewDisposeScope();
        var images = rand(new long[] { batch, 3, side, side }, generator: new Generator((ulong)seed), device: device);
        supernet.eval();
        var parts = paths.Select(p =>
        {
            var path = new SampledPath(p, null);
            return ("network", Architecture.FromIndices(supernet.Space, p).ToString(), (Func<Tensor>)(() => supernet.Forward(images, path)));
        }).ToList();
        var costs = Time(parts, batch, repeats, time ?? TimeProvider.System);
        supernet.zero_grad();
        return costs;
    }

    private static List<OperationCost> Time(List<(string Decision, string Option, Func<Tensor> Run)> parts, int batch, int repeats, TimeProvider time)
    {
        var inference = parts.Select(_ => new List<double>()).ToArray();
        var train = parts.Select(_ => new List<double>()).ToArray();
        for (int r = -2; r < repeats; r++)   // two warm-up rounds
        {
            for (int i = 0; i < parts.Count; i++)
            {
                using var scope = NewDisposeScope();
                long t0 = time.GetTimestamp();
                using (no_grad()) parts[i].Run();
                var forward = time.GetElapsedTime(t0);
                t0 = time.GetTimestamp();
                parts[i].Run().sum().backward();
                var step = time.GetElapsedTime(t0);
                if (r < 0) continue;
                inference[i].Add(forward.TotalMilliseconds / batch);
                train[i].Add(step.TotalMilliseconds / batch);
            }
        }
        return parts.Select((p, i) => new OperationCost(p.Decision, p.Option, inference[i].Min(), train[i].Min(), Median(inference[i]), Median(train[i]))).ToList();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
