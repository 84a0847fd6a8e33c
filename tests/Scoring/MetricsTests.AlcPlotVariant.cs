namespace AutoVision.Scoring.Tests;

// Expected values from a replica of the platform's plot_learning_curve (sorted (t, s) pairs, t > T dropped, step
// rule, t0 = 60) in Python, numpy 1.24.2; compared with LogTolerance because of numpy's SIMD log.
public partial class MetricsTests
{
    [Fact]
    public void AlcPlotVariant_IncreasingTimesWithinBudget_EqualsAlcExactly()
    {
        double plot = Metrics.AlcPlotVariant([10.0, 60.0], [0.5, 0.8], Budget, 60);
        Assert.Equal(Metrics.Alc([10.0, 60.0], [0.5, 0.8], Budget, 60), plot);
        Assert.Equal(0.7063828564539208, plot, LogTolerance);
    }

    [Fact]
    public void AlcPlotVariant_PredictionAfterBudget_IsDroppedAndTheLastKeptScoreHeld()
    {
        // The score keeps the point at t = 1300 (0.4671583193770883); the figure drops it: 0.5 * (1 - x(10)).
        double plot = Metrics.AlcPlotVariant([10.0, 1300.0], [0.5, 0.8], Budget, 60);
        Assert.Equal(0.5 * (1 - Metrics.TransformTime(10, Budget, 60)), plot, 15);
        Assert.Equal(0.47468393106300666, plot, LogTolerance);
    }

    [Fact]
    public void AlcPlotVariant_UnsortedTimestamps_AreSortedByTime()
    {
        // Sorted: (10, 0.8), (60, 0.5). The score, in prediction order, is 0.6709752342893275.
        double x10 = Metrics.TransformTime(10, Budget, 60), x60 = Metrics.TransformTime(60, Budget, 60);
        double plot = Metrics.AlcPlotVariant([60.0, 10.0], [0.5, 0.8], Budget, 60);
        Assert.Equal(0.8 * (x60 - x10) + 0.5 * (1 - x60), plot, 15);
        Assert.Equal(0.5277953643098966, plot, LogTolerance);
    }

    [Fact]
    public void AlcPlotVariant_EqualTimes_AreSortedByScore()
    {
        // Python sorts the tuples (30, 0.9), (30, 0.2) as (30, 0.2), (30, 0.9): the higher score is held to x = 1.
        // In prediction order the score is 0.2 * (1 - x(30)) = 0.17336428839648457 instead.
        double plot = Metrics.AlcPlotVariant([30.0, 30.0], [0.9, 0.2], Budget, 60);
        Assert.Equal(0.9 * (1 - Metrics.TransformTime(30, Budget, 60)), plot, 15);
        Assert.Equal(0.7801392977841806, plot, LogTolerance);
    }

    [Fact]
    public void AlcPlotVariant_NegativeScoresAndALatePrediction_MatchesThePlatformFigure()
    {
        double plot = Metrics.AlcPlotVariant([10.0, 60.0, 300.0, 1250.0], [-0.2, 0.1, 0.5, 0.8], Budget, 60);
        Assert.Equal(0.20641773080111817, plot, LogTolerance);
        Assert.Equal(0.20258309823929285, Metrics.Alc([10.0, 60.0, 300.0, 1250.0], [-0.2, 0.1, 0.5, 0.8], Budget, 60), LogTolerance);
    }

    [Theory]
    [InlineData(1300.0, 0.0)]   // nothing at or before T: the figure's curve stays at 0 (the score is -0.02)
    [InlineData(1200.0, 0.0)]   // exactly T is kept, at x = 1
    [InlineData(0.0, 0.7)]      // at the start: the whole area
    public void AlcPlotVariant_SinglePrediction_MatchesThePlatformFigure(double t, double expected)
    {
        Assert.Equal(expected, Metrics.AlcPlotVariant([t], [t == 0 ? 0.7 : 0.8], Budget, 60), 15);
    }

    [Fact]
    public void AlcPlotVariant_NoPrediction_IsZero()
    {
        Assert.Equal(0.0, Metrics.AlcPlotVariant([], [], Budget, 60));
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void AlcPlotVariant_TimestampBeforeStartOrNaN_Throws(double t)
    {
        var error = Assert.Throws<ArgumentException>(() => Metrics.AlcPlotVariant([10.0, t], [0.5, 0.8], Budget, 60));
        Assert.Contains("Timestamp 1", error.Message);
    }

    [Fact]
    public void AlcPlotVariant_LengthMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => Metrics.AlcPlotVariant([1.0, 2.0], [0.5], Budget, 60));
    }
}
