using AutoVision.Transfer.Nas;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Tests.Nas;

[Collection(TorchCollection.Name)]
public sealed class GumbelSoftmaxTests
{
    [Theory]
    [InlineData(new[] { 0.0, 0.0, 0.0, 0.0 })]
    [InlineData(new[] { 1.5, -2.0, 0.3 })]
    [InlineData(new[] { 800.0, 799.0, -800.0 })]   // would overflow exp() without the max shift
    public void Probabilities_AnyLogits_PositiveAndSumToOne(double[] logits)
    {
        var p = GumbelSoftmax.Probabilities(logits);
        Assert.Equal(logits.Length, p.Length);
        Assert.All(p, v => Assert.True(v >= 0 && double.IsFinite(v)));
        Assert.Equal(1.0, p.Sum(), 12);
        // Order is kept: a larger logit never gets a smaller probability.
        for (int i = 0; i < p.Length; i++)
            for (int j = 0; j < p.Length; j++)
                if (logits[i] > logits[j]) Assert.True(p[i] >= p[j]);
    }

    [Fact]
    public void Probabilities_KnownLogits_MatchSoftmax()
    {
        var p = GumbelSoftmax.Probabilities([Math.Log(1), Math.Log(2), Math.Log(5)]);
        Assert.Equal(0.125, p[0], 12);
        Assert.Equal(0.25, p[1], 12);
        Assert.Equal(0.625, p[2], 12);
    }

    [Fact]
    public void Sample_SeededDraws_FrequenciesFollowSoftmax()
    {
        double[] logits = [1.0, 0.0, -0.5, 2.0];
        var p = GumbelSoftmax.Probabilities(logits);
        var rng = new Random(7);
        const int draws = 4000;
        var counts = new int[logits.Length];
        for (int i = 0; i < draws; i++) counts[GumbelSoftmax.Sample(logits, GumbelSoftmax.Noise(logits.Length, rng))]++;
        double chi2 = Enumerable.Range(0, logits.Length).Sum(k => Math.Pow(counts[k] - draws * p[k], 2) / (draws * p[k]));
        // 16.27 is the 0.999 quantile of chi-square with 3 degrees of freedom: a correct sampler exceeds it once in 1000 seeds.
        Assert.True(chi2 < 16.27, $"chi-square {chi2:F2}; counts {string.Join(",", counts)}; expected {string.Join(",", p.Select(v => (v * draws).ToString("F0")))}");
        // And a wrong distribution (uniform) is rejected by the same bound on the same draws.
        double chi2Uniform = counts.Sum(c => Math.Pow(c - draws / 4.0, 2) / (draws / 4.0));
        Assert.True(chi2Uniform > 16.27, $"uniform chi-square {chi2Uniform:F2}");
    }

    [Fact]
    public void Sample_SameSeed_SameDraws()
    {
        double[] logits = [0.2, 0.1, 0.0];
        var a = new Random(3);
        var b = new Random(3);
        for (int i = 0; i < 50; i++)
            Assert.Equal(GumbelSoftmax.Sample(logits, GumbelSoftmax.Noise(3, a)), GumbelSoftmax.Sample(logits, GumbelSoftmax.Noise(3, b)));
    }

    [Fact]
    public void TemperatureSchedule_Progress_DecaysExponentiallyFromInitialToFinal()
    {
        var schedule = new TemperatureSchedule(initial: 2.0, final: 0.2);
        Assert.Equal(2.0, schedule.At(0), 12);
        Assert.Equal(0.2, schedule.At(1), 12);
        Assert.Equal(2.0 * Math.Sqrt(0.1), schedule.At(0.5), 12);   // geometric mean half-way
        Assert.Equal(2.0, schedule.At(-1), 12);                      // clamped
        Assert.Equal(0.2, schedule.At(3), 12);
        double previous = double.PositiveInfinity;
        for (int i = 0; i <= 20; i++)
        {
            double t = schedule.At(i / 20.0);
            Assert.True(t < previous);
            previous = t;
        }
    }

    [Theory]
    [InlineData(0.0, 0.1)]
    [InlineData(1.0, 0.0)]
    [InlineData(1.0, 2.0)]
    public void TemperatureSchedule_BadTemperatures_Throw(double initial, double final) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TemperatureSchedule(initial, final));

    [Fact]
    public void StraightThrough_ValueIsExactlyOne_GradientIsThatOfTheRelaxedWeight()
    {
        using var scope = NewDisposeScope();
        var logits = new Parameter(tensor(new float[] { 0.5f, -0.2f, 1.0f }));
        double[] noise = [0.3, 1.1, -0.4];
        const double tau = 0.7;
        const int k = 1;
        var factor = GumbelSoftmax.StraightThrough(logits, noise, tau, k);
        Assert.Equal(1.0f, factor.item<float>());
        factor.backward();
        var grad = logits.grad!.data<float>().ToArray();
        // d y_k / d α_j = y_k (δ_kj − y_j) / τ with y = softmax((α + g)/τ).
        var y = GumbelSoftmax.Probabilities(new[] { 0.5 + 0.3, -0.2 + 1.1, 1.0 - 0.4 }.Select(v => v / tau).ToArray());
        for (int j = 0; j < 3; j++)
            Assert.Equal(y[k] * ((j == k ? 1 : 0) - y[j]) / tau, grad[j], 5);
    }
}
