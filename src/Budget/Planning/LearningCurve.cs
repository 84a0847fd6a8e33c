namespace AutoVision.Budget;

/// <summary>
/// The scores the caller's predictions reached (e.g. validation NAUC), and a deliberately simple extrapolation:
/// the score is taken as locally linear in the ALC's transformed time x, with the slope fitted by least squares
/// over the last few points, never below zero, and the score never above <see cref="Ceiling"/>.
/// </summary>
public sealed class LearningCurve
{
    private readonly List<(TimeSpan At, double Score)> _points = new();

    /// <param name="scale">The ALC time axis the slope is measured on.</param>
    /// <param name="fitWindow">How many recent points the slope is fitted over (at least 2).</param>
    /// <param name="ceiling">The best score possible (NAUC: 1).</param>
    public LearningCurve(AlcTimeScale scale, int fitWindow = 4, double ceiling = 1.0)
    {
        if (fitWindow < 2) throw new ArgumentOutOfRangeException(nameof(fitWindow), fitWindow, "A slope needs two points.");
        Scale = scale;
        FitWindow = fitWindow;
        Ceiling = ceiling;
    }

    public AlcTimeScale Scale { get; }
    public int FitWindow { get; }
    public double Ceiling { get; }

    public int Count => _points.Count;

    /// <summary>The latest point, or null before any.</summary>
    public (TimeSpan At, double Score)? Latest => _points.Count == 0 ? null : _points[^1];

    /// <summary>The best score so far, or null before any.</summary>
    public double? Best => _points.Count == 0 ? null : _points.Max(p => p.Score);

    /// <summary>Records that the prediction made at <paramref name="at"/> (elapsed) scored <paramref name="score"/>.</summary>
    public void Add(TimeSpan at, double score)
    {
        if (double.IsNaN(score)) throw new ArgumentOutOfRangeException(nameof(score), "A score cannot be NaN.");
        if (_points.Count > 0 && at < _points[^1].At)
            throw new ArgumentOutOfRangeException(nameof(at), at, "Points are added in time order.");
        _points.Add((at, score));
    }

    /// <summary>Fitted score gain per unit of transformed time (≥ 0), or null with fewer than two points.</summary>
    public double? Slope
    {
        get
        {
            if (_points.Count < 2) return null;
            var recent = _points.Skip(Math.Max(0, _points.Count - FitWindow)).ToArray();
            double mx = recent.Average(p => Scale.Transform(p.At)), my = recent.Average(p => p.Score);
            double sxx = 0, sxy = 0;
            foreach (var (at, score) in recent)
            {
                double dx = Scale.Transform(at) - mx;
                sxx += dx * dx;
                sxy += dx * (score - my);
            }
            return sxx <= 1e-12 ? 0 : Math.Max(0, sxy / sxx);
        }
    }

    /// <summary>Extrapolated score at elapsed time <paramref name="at"/> (the best so far before two points exist).</summary>
    public double? Extrapolate(TimeSpan at)
    {
        if (Best is not { } best || Latest is not { } latest) return null;
        var slope = Slope ?? 0;
        var s = best + slope * Math.Max(0, Scale.Transform(at) - Scale.Transform(latest.At));
        return Math.Min(Ceiling, s);
    }
}
