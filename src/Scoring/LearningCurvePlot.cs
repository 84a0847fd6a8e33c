using System.Globalization;
using ScottPlot;

namespace AutoVision.Scoring;

/// <summary>
/// The learning-curve figure (<c>learning-curve-&lt;task&gt;.png</c>), drawn like the challenge platform's
/// (<c>plot_learning_curve</c> of the scorer): the NAUC of each prediction as a step curve ("post" steps) against
/// transformed time, starting at (0, 0), with a marker on each point, the area under it filled in cyan, a dashed line
/// holding the last score to x = 1 with that score written there, and a legend <c>ALC=0.xxxx</c> giving the
/// figure's own ALC (<see cref="ScoreReport.AlcPlotVariant"/>: points sorted by time, those after T left out, as the
/// platform drew them). x runs from 0 to 1; y from 0 to 1 (from -1 when a NAUC is negative), with the platform's
/// 0.01 margin below so that a zero score stays visible. The title names the task, the x label gives the time
/// transform with T and t0, and a second axis on top marks real seconds (10, 60, 300, 600, 1200, then every 1800 s,
/// up to T, and T itself). All text uses the embedded font (<see cref="PlotFont"/>). 700 x 707 pixels, the platform's size.
/// </summary>
internal static class LearningCurvePlot
{
    public const int Width = 700;
    public const int Height = 707;

    private static readonly Color LineColor = Color.FromHex("#1f77b4");
    private static readonly Color AreaColor = Color.FromHex("#00ffff");
    private static readonly double[] SecondTicks = [10, 60, 300, 600, 1200];

    /// <summary>The PNG bytes of the figure for <paramref name="report"/>.</summary>
    public static byte[] RenderPng(ScoreReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        PlotFont.EnsureRegistered();
        (double[] times, double[] scores) = Metrics.PlotVariantPoints(report.Timestamps, report.Nauc, report.TimeBudget);

        // The drawn curve: (0, 0), then each kept prediction; a point whose score is not finite cannot be drawn.
        var xs = new List<double> { 0.0 };
        var ys = new List<double> { 0.0 };
        for (int i = 0; i < times.Length; i++)
        {
            if (!double.IsFinite(scores[i])) continue;
            xs.Add(Metrics.TransformTime(times[i], report.TimeBudget, report.T0));
            ys.Add(scores[i]);
        }
        double last = ys[^1];

        using var plot = new Plot();
        var area = plot.Add.Polygon(StepArea(xs, ys, last));
        area.FillColor = AreaColor;
        area.LineWidth = 0;

        var curve = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), LineColor);
        curve.ConnectStyle = ConnectStyle.StepHorizontal;
        curve.LineWidth = 1.5f;
        curve.MarkerSize = 6;
        curve.MarkerShape = MarkerShape.FilledCircle;
        curve.LegendText = "ALC=" + Fixed4(report.AlcPlotVariant);

        var hold = plot.Add.Scatter(new[] { xs[^1], 1.0 }, new[] { last, last }, LineColor);
        hold.LinePattern = LinePattern.Dashed;
        hold.LineWidth = 1;
        hold.MarkerSize = 0;

        bool negative = report.Nauc.Any(v => v < 0);
        double bottom = negative ? -1.01 : -0.01;
        var finalScore = plot.Add.Text(Fixed4(last), 1.0, last);
        // Above the line, or below it where the top of the frame would cut it.
        finalScore.LabelAlignment = last > (bottom + 1) / 2 ? Alignment.UpperRight : Alignment.LowerRight;
        finalScore.LabelFontSize = 12;
        finalScore.LabelFontColor = Colors.Black;

        plot.Axes.SetLimits(0, 1, bottom, 1);
        plot.Title($"Learning curve for task: {report.TaskName}");
        plot.XLabel(
            "Transformed time: t\u0303 = log(1 + t/t0) / log(1 + T/t0)  " +
            $"(T = {Number(report.TimeBudget)}, t0 = {Number(report.T0)})");
        plot.YLabel("score (2 * AUC - 1)");
        AddSecondsAxis(plot, report);

        plot.ShowLegend(Alignment.LowerRight);
        plot.Font.Set(PlotFont.Name);
        plot.Legend.FontName = PlotFont.Name;
        finalScore.LabelFontName = PlotFont.Name;
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>The outline of the area under the step curve: along each step, then back along y = 0.</summary>
    private static Coordinates[] StepArea(List<double> xs, List<double> ys, double last)
    {
        var outline = new List<Coordinates> { new(0, 0) };
        for (int i = 0; i < xs.Count; i++)
        {
            double nextX = i + 1 < xs.Count ? xs[i + 1] : 1.0;
            outline.Add(new Coordinates(xs[i], ys[i]));
            outline.Add(new Coordinates(nextX, ys[i]));
        }
        outline.Add(new Coordinates(1, last));
        outline.Add(new Coordinates(1, 0));
        return outline.ToArray();
    }

    private static void AddSecondsAxis(Plot plot, ScoreReport report)
    {
        double budget = report.TimeBudget;
        var seconds = SecondTicks.Where(t => t <= budget).ToList();
        if (double.IsFinite(budget))
        {
            for (double t = 1800; t <= budget; t += 1800) seconds.Add(t);
            if (budget > 0 && !seconds.Contains(budget)) seconds.Add(budget);
        }
        double[] positions = seconds.Select(t => Metrics.TransformTime(t, budget, report.T0)).ToArray();
        string[] labels = seconds.Select(Number).ToArray();
        plot.Axes.Top.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
        plot.Axes.SetLimitsX(0, 1, plot.Axes.Top);
    }

    /// <summary>Python's <c>'{:.4f}'</c>: round half to even on the exact value, <c>nan</c>, <c>inf</c>.</summary>
    internal static string Fixed4(double v) => v switch
    {
        double.NaN => "nan",
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ => v.ToString("F4", CultureInfo.InvariantCulture),
    };

    /// <summary>A whole number without decimals (1200), any other as Python's <c>str(float)</c> (4.5).</summary>
    private static string Number(double v) =>
        double.IsFinite(v) && v == Math.Floor(v) && Math.Abs(v) < 1e15
            ? v.ToString("0", CultureInfo.InvariantCulture)
            : PredictionFormat.FormatTimestamp(v);
}
