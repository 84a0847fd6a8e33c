using SkiaSharp;

namespace AutoVision.Scoring.Tests;

public class LearningCurvePlotTests
{
    private static readonly ScoreReport Report = new(
        "fashion_mnist", 120, 6, [1.46, 9.8, 60.2, 113.57], [0.9425, 0.9534, 0.9684, 0.9821], null, 0.89, 113.57);

    [Fact]
    public void RenderPng_Report_IsAPngOfThePlatformsSize()
    {
        using SKBitmap image = Decode(LearningCurvePlot.RenderPng(Report));
        Assert.Equal(LearningCurvePlot.Width, image.Width);
        Assert.Equal(LearningCurvePlot.Height, image.Height);
    }

    [Fact]
    public void RenderPng_TaskName_IsDrawnInTheTitle()
    {
        // Two reports that differ only in the task name differ only in the title's pixels. Without a usable font
        // ScottPlot draws no text at all and both figures would be identical: this is what fails on a machine with no
        // installed font if the embedded one is not used.
        using SKBitmap a = Decode(LearningCurvePlot.RenderPng(Report with { TaskName = "a" }));
        using SKBitmap b = Decode(LearningCurvePlot.RenderPng(Report with { TaskName = "fashion_mnist_WWW" }));
        int differing = 0, lowest = 0;
        for (int y = 0; y < a.Height; y++)
        {
            for (int x = 0; x < a.Width; x++)
            {
                if (a.GetPixel(x, y) == b.GetPixel(x, y)) continue;
                differing++;
                lowest = Math.Max(lowest, y);
            }
        }
        Assert.True(differing > 300, $"only {differing} pixels differ: the title is not drawn");
        Assert.True(lowest < 35, $"pixels differ down to row {lowest}, below the title");
    }

    [Fact]
    public void RenderPng_CurveArea_IsFilledInCyan()
    {
        using SKBitmap image = Decode(LearningCurvePlot.RenderPng(Report));
        // Halfway across, halfway up the plot: under a curve that is above 0.94 everywhere after x = 0.2.
        Assert.Equal(new SKColor(0, 255, 255), image.GetPixel(image.Width / 2, image.Height / 2));
    }

    [Fact]
    public void RenderPng_NoPredictionNaNScoreAndNegativeScores_StillRender()
    {
        Decode(LearningCurvePlot.RenderPng(new ScoreReport("none", 1200, 60, [], [], null, 0, 0))).Dispose();
        Decode(LearningCurvePlot.RenderPng(new ScoreReport("nan", 1200, 60, [10.0, 20.0], [double.NaN, 0.5], null, double.NaN, 20))).Dispose();
        Decode(LearningCurvePlot.RenderPng(new ScoreReport("neg", 1200, 60, [10.0, 2000.0], [-1.0, 0.5], null, 0, 2000))).Dispose();
    }

    [Theory]
    // Expected strings printed by Python 3.11: '{:.4f}'.format(v); ties on the exact binary value go to even.
    [InlineData(0.8915535791907424, "0.8916")]
    [InlineData(0.03125, "0.0312")]
    [InlineData(0.09375, "0.0938")]
    [InlineData(0.99995, "1.0000")]
    [InlineData(0.00025, "0.0003")]
    [InlineData(-0.0, "-0.0000")]
    [InlineData(-1e-300, "-0.0000")]
    [InlineData(double.NaN, "nan")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void Fixed4_Value_MatchesPythonFixedPoint(double value, string expected)
    {
        Assert.Equal(expected, LearningCurvePlot.Fixed4(value));
    }

    private static SKBitmap Decode(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        return SKBitmap.Decode(png) ?? throw new InvalidDataException("not a decodable PNG");
    }
}
