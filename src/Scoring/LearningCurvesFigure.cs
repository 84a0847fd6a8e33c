using ScottPlot;

namespace AutoVision.Scoring;

/// <summary>
/// Several learning curves in one figure (a batch's leaderboard): each report's NAUC as a step curve against its own
/// transformed time (so runs with different budgets share the x axis 0..1), drawn as the single-run figure draws its
/// curve (<see cref="LearningCurvePlot"/>: the platform's points, starting at (0, 0), held to x = 1), labelled with
/// the given name and the run's ALC. Text uses the embedded font (<see cref="PlotFont"/>).
/// </summary>
public static class LearningCurvesFigure
{
    public const int Width = 900;
    public const int Height = 700;

    /// <summary>The PNG bytes of the figure; <paramref name="curves"/> pairs a label with a scored run.</summary>
    public static byte[] RenderPng(IReadOnlyList<(string Label, ScoreReport Report)> curves, string title)
    {
        ArgumentNullException.ThrowIfNull(curves);
        PlotFont.EnsureRegistered();
        using var plot = new Plot();
        bool negative = false;
        foreach (var (label, report) in curves)
        {
            (double[] times, double[] scores) = Metrics.PlotVariantPoints(report.Timestamps, report.Nauc, report.TimeBudget);
            var xs = new List<double> { 0.0 };
            var ys = new List<double> { 0.0 };
            for (int i = 0; i < times.Length; i++)
            {
                if (!double.IsFinite(scores[i])) continue;
                xs.Add(Metrics.TransformTime(times[i], report.TimeBudget, report.T0));
                ys.Add(scores[i]);
            }
            xs.Add(1.0);
            ys.Add(ys[^1]);
            negative |= ys.Any(v => v < 0);
            var curve = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
            curve.ConnectStyle = ConnectStyle.StepHorizontal;
            curve.LineWidth = 1.5f;
            curve.MarkerSize = 4;
            curve.LegendText = $"{label}: ALC={LearningCurvePlot.Fixed4(report.Alc)}";
        }
        plot.Axes.SetLimits(0, 1, negative ? -1.01 : -0.01, 1);
        plot.Title(title);
        plot.XLabel("Transformed time: t\u0303 = log(1 + t/t0) / log(1 + T/t0), each run with its own T and t0");
        plot.YLabel("score (2 * AUC - 1)");
        plot.ShowLegend(Alignment.LowerRight);
        plot.Font.Set(PlotFont.Name);
        plot.Legend.FontName = PlotFont.Name;
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
