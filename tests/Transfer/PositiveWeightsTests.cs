using AutoVision.Transfer.FineTuning;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Tests;

/// <summary>Class-balanced binary cross-entropy for multi-label training.</summary>
public class PositiveWeightsTests
{
    [Fact]
    public void PositiveWeights_NegativesOverPositives_ClampedToOneAndTheMaximum()
    {
        TorchRuntime.EnsureLoaded();
        // 8 examples: class 0 positive in 2 (6/2 = 3), class 1 in 6 (2/6 -> 1), class 2 never (1), class 3 once (7 -> 5).
        var t = new float[8, 4];
        t[0, 0] = t[1, 0] = 1;
        for (int i = 0; i < 6; i++) t[i, 1] = 1;
        t[7, 3] = 1;
        using var targets = tensor(t.Cast<float>().ToArray(), new long[] { 8, 4 });

        Assert.Equal(new long[] { 8, 4 }, targets.shape);
        using var w = LinearProbe.PositiveWeights(targets, max: 5);
        Assert.Equal(new long[] { 4 }, w.shape);

        Assert.Equal([3f, 1f, 1f, 5f], w.data<float>().ToArray());
    }

    [Fact]
    public void Loss_MultiLabelWithWeights_WeighsThePositiveTerms()
    {
        TorchRuntime.EnsureLoaded();
        using var logits = tensor(new float[] { 0.3f, -1.2f }, new long[] { 1, 2 });
        using var targets = tensor(new float[] { 1f, 0f }, new long[] { 1, 2 });
        using var weights = tensor(new float[] { 4f, 4f });

        float weighted = LinearProbe.Loss(logits, targets, multiLabel: true, weights).item<float>();

        // mean over the two terms: class 0 positive, weighted 4x; class 1 negative, unweighted.
        double expected = (4 * Math.Log(1 + Math.Exp(-0.3)) + Math.Log(1 + Math.Exp(-1.2))) / 2;
        Assert.Equal(expected, weighted, 5);
    }
}
