using TorchSharp;
using static TorchSharp.torch;
using static AutoVision.Policies.Torch.TorchScalars;

namespace AutoVision.Transfer.Nas;

/// <summary>
/// The stochastic relaxation of SNAS (Xie et al., ICLR 2019) with hard sampling: for architecture logits α and Gumbel
/// noise g, the sampled option is k = argmax(α + g) (an exact draw from softmax(α), whatever the temperature), and
/// the relaxed weights are y = softmax((α + g)/τ). Forward, the sampled option's output is multiplied by exactly 1;
/// backward, that factor carries y_k's gradient to α (straight-through), so the logits learn while only the sampled
/// option runs.
/// </summary>
public static class GumbelSoftmax
{
    /// <summary>softmax(<paramref name="logits"/>), computed stably in double precision.</summary>
    public static double[] Probabilities(IReadOnlyList<double> logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Count == 0) throw new ArgumentException("At least one logit.", nameof(logits));
        double max = logits.Max();
        var p = logits.Select(l => Math.Exp(l - max)).ToArray();
        double sum = p.Sum();
        for (int i = 0; i < p.Length; i++) p[i] /= sum;
        return p;
    }

    /// <summary>Standard Gumbel noise, −log(−log u) with u uniform in (0, 1), from <paramref name="rng"/>.</summary>
    public static double[] Noise(int count, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var g = new double[count];
        for (int i = 0; i < count; i++)
        {
            double u;
            do u = rng.NextDouble(); while (u <= 0);   // NextDouble is in [0, 1): exclude 0
            g[i] = -Math.Log(-Math.Log(u));
        }
        return g;
    }

    /// <summary>The sampled option: argmax of logits plus noise (the Gumbel-max trick).</summary>
    public static int Sample(IReadOnlyList<double> logits, IReadOnlyList<double> noise)
    {
        if (logits.Count != noise.Count) throw new ArgumentException("Logits and noise differ in length.", nameof(noise));
        int best = 0;
        for (int i = 1; i < logits.Count; i++)
            if (logits[i] + noise[i] > logits[best] + noise[best]) best = i;
        return best;
    }

    /// <summary>
    /// The straight-through factor of option <paramref name="k"/>: 1 + y_k − stopgrad(y_k) with
    /// y = softmax((<paramref name="logits"/> + <paramref name="noise"/>)/<paramref name="temperature"/>). Its value is
    /// exactly 1; its gradient is y_k's.
    /// </summary>
    public static Tensor StraightThrough(Tensor logits, IReadOnlyList<double> noise, double temperature, int k)
    {
        if (!(temperature > 0)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "A positive temperature.");
        using var scope = NewDisposeScope();
        var g = tensor(noise.Select(v => (float)v).ToArray(), device: logits.device);
        using Scalar t = temperature;   // not cached: it changes every step; disposed here, not by the finalizer
        var y = logits.add(g).div(t).softmax(0)[k];
        return y.sub(y.detach()).add(S(1.0)).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// The annealed temperature τ of the relaxation: τ(p) = initial · (final/initial)^p, an exponential decay from
/// <see cref="Initial"/> at the start of the search (p = 0) to <see cref="Final"/> at its end (p = 1), p being the share
/// of the time slice used. A high τ early spreads the gradient over all options; a low τ late makes the relaxed
/// weights nearly one-hot, so the gradient is that of the discrete network being chosen.
/// </summary>
public sealed record TemperatureSchedule
{
    public TemperatureSchedule(double initial = 1.0, double final = 0.1)
    {
        if (!(initial > 0) || double.IsInfinity(initial)) throw new ArgumentOutOfRangeException(nameof(initial), initial, "A positive finite temperature.");
        if (!(final > 0) || final > initial) throw new ArgumentOutOfRangeException(nameof(final), final, $"A positive temperature no higher than the initial {initial}.");
        Initial = initial;
        Final = final;
    }

    public double Initial { get; }

    public double Final { get; }

    /// <summary>τ at progress <paramref name="progress"/> (clamped to [0, 1]).</summary>
    public double At(double progress)
    {
        double p = double.IsNaN(progress) ? 0 : Math.Clamp(progress, 0, 1);
        return Initial * Math.Pow(Final / Initial, p);
    }
}
