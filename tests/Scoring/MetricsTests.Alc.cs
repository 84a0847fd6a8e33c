namespace AutoVision.Scoring.Tests;

public partial class MetricsTests
{
    private const double Budget = 1200;

    // numpy's SIMD log may differ from libm's by an ulp, so ALC agrees with the scorer to about 1e-15 only.
    private const double LogTolerance = 1e-12;

    [Theory]
    // A single perfect prediction at t: ALC = 1 - ln(1 + t/60) / ln(21), ln(21) = 3.044522437723423.
    // Expected values from the scorer's get_alc in Python (numpy 1.24.2).
    [InlineData(10, 0.9493678621260133)]
    [InlineData(60, 0.772329751303047)]
    [InlineData(300, 0.4114809445885168)]
    [InlineData(600, 0.2123903430347438)]
    public void Alc_SinglePerfectPrediction_LosesTheAreaBeforeIt(double t, double expected)
    {
        double alc = Metrics.Alc([t], [1.0], Budget, 60);
        Assert.Equal(expected, alc, LogTolerance);
        Assert.Equal(Math.Round(expected, 4), Math.Round(alc, 4));
    }

    [Fact]
    public void Alc_TwoPredictions_MatchesHandComputation()
    {
        // x(10) = ln(1 + 10/60) / ln(21) = 0.15415067982725836 / 3.044522437723423 = 0.0506324...
        // x(60) = ln(2) / ln(21)         = 0.6931471805599453  / 3.044522437723423 = 0.2276702...
        // ALC = 0 * x(10) + 0.5 * (x(60) - x(10)) + 0.8 * (1 - x(60)) = 0.0885189 + 0.6178638 = 0.7063828
        double x10 = 0.15415067982725836 / 3.044522437723423;
        double x60 = 0.6931471805599453 / 3.044522437723423;
        double byHand = 0.5 * (x60 - x10) + 0.8 * (1 - x60);
        double alc = Metrics.Alc([10.0, 60.0], [0.5, 0.8], Budget, 60);
        Assert.Equal(byHand, alc, LogTolerance);
        Assert.Equal(0.7063828564539208, alc, LogTolerance);   // the scorer's get_alc
    }

    [Fact]
    public void Alc_PredictionAfterBudget_IsKeptAndMakesTheLastSegmentNegative()
    {
        // t = 1300 > T gives x > 1, so the last segment (1 - x) * 0.8 is negative; nothing is clipped, as in the scorer.
        double x10 = Metrics.TransformTime(10, Budget, 60), x1300 = Metrics.TransformTime(1300, Budget, 60);
        Assert.True(x1300 > 1);
        double alc = Metrics.Alc([10.0, 1300.0], [0.5, 0.8], Budget, 60);
        Assert.Equal(0.5 * (x1300 - x10) + 0.8 * (1 - x1300), alc, 15);
        Assert.Equal(0.4671583193770883, alc, LogTolerance);   // the scorer's get_alc
    }

    [Fact]
    public void Alc_UnsortedTimestamps_AreTakenInPredictionOrder()
    {
        // Step rule in the given order: X = [0, x(60), x(10), 1], Y = [0, 0.5, 0.8, 0.8].
        double x10 = Metrics.TransformTime(10, Budget, 60), x60 = Metrics.TransformTime(60, Budget, 60);
        double expected = 0.0 * x60 + 0.5 * (x10 - x60) + 0.8 * (1 - x10);
        Assert.Equal(expected, Metrics.Alc([60.0, 10.0], [0.5, 0.8], Budget, 60), 15);
    }

    [Fact]
    public void Alc_NoPrediction_IsZero()
    {
        Assert.Equal(0.0, Metrics.Alc([], [], Budget, 60));
    }

    [Fact]
    public void Alc_LengthMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => Metrics.Alc([1.0, 2.0], [0.5], Budget, 60));
    }

    [Fact]
    public void TransformTime_EndsOfTheBudget_AreZeroAndOne()
    {
        Assert.Equal(0.0, Metrics.TransformTime(0, Budget, 60));
        Assert.Equal(1.0, Metrics.TransformTime(Budget, Budget, 60));
        Assert.Equal(Math.Log(2) / Math.Log(21), Metrics.TransformTime(60, Budget, 60));
    }

    [Fact]
    public void DefaultT0_ChallengeBudget_IsTheOfficialSixtySeconds()
    {
        Assert.Equal(Metrics.OfficialT0, Metrics.DefaultT0(1200));
        Assert.Equal(3.0, Metrics.DefaultT0(60));
    }
}
