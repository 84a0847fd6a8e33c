namespace AutoVision.Runner.Learning;

/// <summary>
/// How a model's test prediction is made: plain, or averaged with its horizontally flipped input (test-time
/// augmentation), and perhaps averaged with the prediction handed in before (a running ensemble of the models that
/// were best in turn). <see cref="Validation"/> holds the validation probabilities made the same way, so that the
/// next model can be blended with this one on equal terms.
/// </summary>
internal sealed record TestTimeRecipe(bool Flip, float[,]? BlendWith, float[,] Validation)
{
    public string Describe() => (Flip, BlendWith is not null) switch
    {
        (false, false) => "plain",
        (true, false) => "flip TTA",
        (false, true) => "blended with the previous prediction",
        (true, true) => "flip TTA, blended with the previous prediction",
    };
}

/// <summary>
/// Chooses, on the validation split, whether flip TTA and blending with the previous prediction help a model.
/// A variant is taken only when it raises validation NAUC by at least <see cref="MinGain"/> over the simpler one:
/// flipping hurts data whose meaning depends on direction (digits, letters), and a gain smaller than this is noise on
/// a validation split of a few hundred examples.
/// </summary>
internal static class TestTimeChoice
{
    public const double MinGain = 0.001;

    /// <summary>The best variant and its validation NAUC (null when not measurable).</summary>
    /// <param name="plain">Validation probabilities of the model.</param>
    /// <param name="flipped">Validation probabilities of the model on flipped input (null: TTA not tried).</param>
    /// <param name="handed">The validation probabilities and test prediction handed in before (null: none to blend with).</param>
    /// <param name="nauc">Validation NAUC of a probability matrix.</param>
    public static (TestTimeRecipe Recipe, double? Score) Choose(float[,] plain, float[,]? flipped,
        (float[,] Validation, float[,] Test)? handed, Func<float[,], double?> nauc)
    {
        var best = new TestTimeRecipe(false, null, plain);
        double? bestScore = nauc(plain);
        if (bestScore is null) return (best, null);
        if (flipped is not null)
        {
            var tta = Average(plain, flipped);
            if (nauc(tta) is double s && s >= bestScore.Value + MinGain) (best, bestScore) = (new TestTimeRecipe(true, null, tta), s);
        }
        if (handed is { } h && SameShape(h.Validation, best.Validation))
        {
            var blended = Average(best.Validation, h.Validation);
            if (nauc(blended) is double s && s >= bestScore.Value + MinGain)
                (best, bestScore) = (new TestTimeRecipe(best.Flip, h.Test, blended), s);
        }
        return (best, bestScore);
    }

    /// <summary>The element-wise mean of two probability matrices of the same shape.</summary>
    public static float[,] Average(float[,] a, float[,] b)
    {
        if (!SameShape(a, b)) throw new ArgumentException($"Cannot average a {a.GetLength(0)}x{a.GetLength(1)} matrix with a {b.GetLength(0)}x{b.GetLength(1)} one.");
        var result = new float[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++)
                result[i, j] = 0.5f * (a[i, j] + b[i, j]);
        return result;
    }

    private static bool SameShape(float[,] a, float[,] b) => a.GetLength(0) == b.GetLength(0) && a.GetLength(1) == b.GetLength(1);
}
