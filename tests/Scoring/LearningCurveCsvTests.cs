namespace AutoVision.Scoring.Tests;

public class LearningCurveCsvTests
{
    // Transformed times ln(1 + t/60) / ln(21) printed by Python 3.11 (math.log); numbers as str(float).
    [Fact]
    public void Write_MulticlassReport_OneRowPerPredictionWithAccuracy()
    {
        var report = new ScoreReport("t", 1200, 60, [1e-05, 60.0, 1300.0], [-0.5, 1.0, -0.0], [double.NaN, 0.75, 1.0 / 3], 0, 1300);

        Assert.Equal(
            "index,time,transformed_time,nauc,accuracy\n" +
            "0,1e-05,5.474311857123397e-08,-0.5,nan\n" +
            "1,60.0,0.227670248696953,1.0,0.75\n" +
            "2,1300.0,1.0250853722863946,-0.0,0.3333333333333333\n",
            Write(report));
    }

    [Fact]
    public void Write_NotMulticlass_HasNoAccuracyColumn()
    {
        var report = new ScoreReport("t", 1200, 60, [10.0], [double.PositiveInfinity], null, 0, 10);
        Assert.Equal("index,time,transformed_time,nauc\n0,10.0,0.050632137873986675,inf\n", Write(report));
    }

    [Fact]
    public void Write_NoPrediction_IsTheHeaderOnly()
    {
        var report = new ScoreReport("t", 1200, 60, [], [], [], 0, 0);
        Assert.Equal("index,time,transformed_time,nauc,accuracy\n", Write(report));
    }

    private static string Write(ScoreReport report)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        LearningCurveCsv.Write(writer, report);
        return writer.ToString();
    }
}
