using TorchSharp;
using static TorchSharp.torch;

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
            var loss = Loss(logits, targets, multiLabel) + l2 * weight.pow(2).sum();
            loss.backward();
            optimizer.step();
        }
        var w = weight.detach().clone();
        var b = bias.detach().clone();
        return (w, b);
    }

    /// <summary>The training loss for logits and 0/1 targets.</summary>
    public static Tensor Loss(Tensor logits, Tensor targets, bool multiLabel) => multiLabel
        ? nn.functional.binary_cross_entropy_with_logits(logits, targets)
        : nn.functional.cross_entropy(logits, targets.argmax(1));

    /// <summary>Probabilities from logits.</summary>
    public static Tensor Probabilities(Tensor logits, bool multiLabel) =>
        multiLabel ? logits.sigmoid() : logits.softmax(1);
}
