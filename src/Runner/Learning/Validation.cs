using System.Globalization;
using AutoVision.Scoring;

namespace AutoVision.Runner.Learning;

/// <summary>Keeps the best validation NAUC seen and says whether a new model should be handed in.</summary>
/// <param name="tolerance">A model whose score is within this of the best is taken too: later models have trained
/// longer, and differences this small are within the noise of a validation split of a few hundred examples.
/// Measured on the bundled sample (120 s): with no tolerance the handed-in model stayed at round 4 (validation
/// 0.9824, test NAUC 0.9627) while later rounds scored 0.9782-0.9823 on validation.</param>
public sealed class Validation(double tolerance = 0)
{
    public double Tolerance { get; } = tolerance >= 0 ? tolerance : throw new ArgumentOutOfRangeException(nameof(tolerance));

    /// <summary>The best score offered so far (null when none was measurable).</summary>
    public double? Best { get; private set; }

    /// <summary>True when <paramref name="score"/> is at least the best so far minus <see cref="Tolerance"/>, or when
    /// either cannot be measured (no validation data: the newest model is taken, as a learner without validation
    /// would). <see cref="Best"/> only ever rises.</summary>
    public bool Offer(double? score)
    {
        bool taken = score is null || Best is null || score.Value >= Best.Value - Tolerance;
        if (score is not null && (Best is null || score.Value > Best.Value)) Best = score;
        return taken;
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
