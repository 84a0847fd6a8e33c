using AutoVision.Runner.Learning;

namespace AutoVision.Runner.Tests;

/// <summary>Choosing flip TTA and blending on validation. The score function here reads one cell, so each case can
/// say exactly which variant should win.</summary>
public class TestTimeChoiceTests
{
    private static double? Score(float[,] p) => p[0, 0];

    private static float[,] M(float first) => new float[,] { { first, 1 - first }, { 0.5f, 0.5f } };

    [Fact]
    public void Choose_FlipRaisesTheScore_TakesTheAverageOfPlainAndFlipped()
    {
        var (recipe, score) = TestTimeChoice.Choose(M(0.5f), M(0.9f), null, Score);

        Assert.True(recipe.Flip);
        Assert.Null(recipe.BlendWith);
        Assert.Equal(0.7, score!.Value, 5);
        Assert.Equal(0.7f, recipe.Validation[0, 0], 5);
    }

    [Fact]
    public void Choose_FlipGainsLessThanTheMinimum_StaysPlain()
    {
        var (recipe, score) = TestTimeChoice.Choose(M(0.5f), M(0.5f + (float)TestTimeChoice.MinGain), null, Score);

        Assert.False(recipe.Flip);
        Assert.Equal(0.5, score!.Value, 5);
    }

    [Fact]
    public void Choose_FlipLowersTheScore_StaysPlain()
    {
        var (recipe, _) = TestTimeChoice.Choose(M(0.6f), M(0.2f), null, Score);
        Assert.False(recipe.Flip);
    }

    [Fact]
    public void Choose_BlendRaisesTheScore_BlendsWithTheHandedInPrediction()
    {
        var handedTest = new float[,] { { 0.25f, 0.75f } };
        var (recipe, score) = TestTimeChoice.Choose(M(0.5f), null, (M(0.9f), handedTest), Score);

        Assert.False(recipe.Flip);
        Assert.Same(handedTest, recipe.BlendWith);
        Assert.Equal(0.7, score!.Value, 5);
    }

    [Fact]
    public void Choose_BlendLowersTheScore_KeepsTheModelAlone()
    {
        var (recipe, score) = TestTimeChoice.Choose(M(0.5f), M(0.9f), (M(0.1f), new float[1, 2]), Score);

        Assert.True(recipe.Flip);
        Assert.Null(recipe.BlendWith);
        Assert.Equal(0.7, score!.Value, 5);
    }

    [Fact]
    public void Choose_HandedInValidationOfAnotherShape_IsNotBlended()
    {
        var (recipe, _) = TestTimeChoice.Choose(M(0.5f), null, (new float[,] { { 1f, 0f } }, new float[1, 2]), Score);
        Assert.Null(recipe.BlendWith);
    }

    [Fact]
    public void Choose_ScoreNotMeasurable_PlainWithNoScore()
    {
        var (recipe, score) = TestTimeChoice.Choose(M(0.5f), M(0.9f), null, _ => null);
        Assert.False(recipe.Flip);
        Assert.Null(score);
    }

    [Fact]
    public void Average_DifferentShapes_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => TestTimeChoice.Average(new float[2, 3], new float[3, 2]));
        Assert.Contains("2x3", ex.Message);
    }
}
