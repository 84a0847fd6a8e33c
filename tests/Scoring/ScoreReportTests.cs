namespace AutoVision.Scoring.Tests;

public class ScoreReportTests
{
    [Fact]
    public void AlcPlotVariant_PredictionAfterBudget_IsTheFiguresAlc()
    {
        double[] times = [10.0, 1300.0], nauc = [0.5, 0.8];
        var report = new ScoreReport("t", 1200, 60, times, nauc, null, Metrics.Alc(times, nauc, 1200, 60), 1300);
        Assert.Equal(Metrics.AlcPlotVariant(times, nauc, 1200, 60), report.AlcPlotVariant);
        Assert.NotEqual(report.Alc, report.AlcPlotVariant);
    }

    [Fact]
    public void AlcPlotVariant_NoPrediction_IsZero()
    {
        Assert.Equal(0.0, new ScoreReport("t", 1200, 60, [], [], null, 0, 0).AlcPlotVariant);
    }

    [Fact]
    public void Constructor_NegativeTimestamp_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ScoreReport("t", 1200, 60, [-1.0], [0.5], null, 0.5, -1));
    }

    [Fact]
    public void ValidColumns_NotGiven_IsEmpty()
    {
        Assert.Empty(new ScoreReport("t", 1200, 60, [], [], null, 0, 0).ValidColumns);
    }

    [Fact]
    public void TransformedTimestamps_Points_AreTheLogScaledTimes()
    {
        var report = new ScoreReport("t", 1200, 60, [0.0, 60.0, 1200.0, 1300.0], [0.1, 0.2, 0.3, 0.4], null, 0, 1300);
        IReadOnlyList<double> x = report.TransformedTimestamps();
        Assert.Equal([0.0, Math.Log(2) / Math.Log(21), 1.0, Metrics.TransformTime(1300, 1200, 60)], x);
        Assert.True(x[3] > 1);
    }
}
