using System.Globalization;
using AutoVision.Scoring;

namespace AutoVision.Runner.Learning;

/// <summary>Keeps the best validation NAUC seen and says whether a new model beats it.</summary>
public sealed class Validation
{
    /// <summary>The best score offered so far (null when none was measurable).</summary>
    public double? Best { get; private set; }

    /// <summary>True when <paramref name="score"/> is at least the best so far, or when either cannot be measured
    /// (no validation data: the newest model is taken, as a learner without validation would).</summary>
    public bool Offer(double? score)
    {
        bool better = score is null || Best is null || score.Value >= Best.Value;
        if (better && score is not null) Best = score;
        return better;
    }

    /// <summary>The challenge's NAUC of probabilities on the validation rows; null when no class has both
    /// positive and negative validation examples.</summary>
    public double? Nauc(double[,] solution, float[,] prediction)
    {
        var p = new double[prediction.GetLength(0), prediction.GetLength(1)];
        for (int i = 0; i < p.GetLength(0); i++)
            for (int j = 0; j < p.GetLength(1); j++)
                p[i, j] = prediction[i, j];
        return Metrics.ValidColumns(solution).Length == 0 ? null : Metrics.Nauc(solution, p);
    }

    /// <summary>Takes up the best score of an earlier session (a resumed run).</summary>
    public void Restore(double? best) => Best = best;

    public static string Format(double? v) => v is null ? "n/a" : v.Value.ToString("F4", CultureInfo.InvariantCulture);
}
