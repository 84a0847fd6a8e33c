using TorchSharp;
using static TorchSharp.torch;
using static AutoVision.Policies.Torch.TorchScalars;

namespace AutoVision.Transfer.FineTuning;

/// <summary>
/// A linear classifier fitted on frozen features: the learner's first, cheap model (a prediction within seconds).
/// Full-batch Adam on the softmax (or, for multi-label tasks, sigmoid) cross-entropy with a little L2.
/// </summary>
public static class LinearProbe
{
    /// <param name="features">(N, D) features.</param>
    /// <param name="targets">(N, classes) 0/1 targets.</param>
    /// <param name="multiLabel">Sigmoid per class instead of a softmax over classes.</param>
    /// <returns>Weight (classes, D) and bias (classes), detached.</returns>
    public static (Tensor Weight, Tensor Bias) Fit(Tensor features, Tensor targets, bool multiLabel,
        int iterations = 300, double learningRate = 0.01, double l2 = 1e-4)
    {
        long d = features.shape[1], classes = targets.shape[1];
        using var weight = new TorchSharp.Modules.Parameter(zeros(new[] { classes, d }, dtype: float32, device: features.device));
        using var bias = new TorchSharp.Modules.Parameter(zeros(new[] { classes }, dtype: float32, device: features.device));
        using var optimizer = optim.Adam(new[] { weight, bias }, learningRate);
        for (int i = 0; i < iterations; i++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var logits = features.matmul(weight.t()) + bias;
            var loss = Loss(logits, targets, multiLabel) + weight.pow(S(2)).sum().mul(S(l2));
            loss.backward();
            optimizer.step();
        }
        var w = weight.detach().clone();
        var b = bias.detach().clone();
        return (w, b);
    }

    /// <summary>The training loss for logits and 0/1 targets: cross-entropy, or for multi-label tasks binary
    /// cross-entropy per class, with the positive examples of class c weighted by <paramref name="positiveWeight"/>[c]
    /// when given (see <see cref="PositiveWeights"/>).</summary>
    public static Tensor Loss(Tensor logits, Tensor targets, bool multiLabel, Tensor? positiveWeight = null) => multiLabel
        ? nn.functional.binary_cross_entropy_with_logits(logits, targets, pos_weights: positiveWeight)
        : nn.functional.cross_entropy(logits, targets.argmax(1));

    /// <summary>
    /// Class-balanced weights of the positive examples for multi-label training: negatives / positives per class
    /// (so that a rare label's few positives count as much as its many negatives), between 1 and
    /// <paramref name="max"/> (a label seen once must not dominate the loss); 1 for a class without positives.
    /// </summary>
    /// <param name="targets">(N, classes) 0/1 training targets.</param>
    public static Tensor PositiveWeights(Tensor targets, double max = 10)
    {
        if (targets.dim() != 2) throw new ArgumentException($"Expected (N, classes) targets; got shape [{string.Join(",", targets.shape)}].", nameof(targets));
        if (!(max >= 1)) throw new ArgumentOutOfRangeException(nameof(max), max, "At least 1.");
        using var scope = NewDisposeScope();
        var positives = targets.gt(S(0.5)).to_type(ScalarType.Float32).sum(0L);
        var seen = positives.gt(S(0)).to_type(ScalarType.Float32);
        var ratio = positives.neg().add(S(targets.shape[0])).div(positives.clamp_min(S(1))).clamp(S(1), S(max));
        return ratio.mul(seen).add(seen.neg().add(S(1))).MoveToOuterDisposeScope();
    }

    /// <summary>Probabilities from logits.</summary>
    public static Tensor Probabilities(Tensor logits, bool multiLabel) =>
        multiLabel ? logits.sigmoid() : logits.softmax(1);
}
