namespace AutoVision.Scoring.Tests;

public partial class MetricsTests
{
    [Fact]
    public void IsMulticlass_OneHotRows_IsTrue()
    {
        Assert.True(Metrics.IsMulticlass(new double[,] { { 0, 1, 0 }, { 1, 0, 0 } }));
    }

    [Fact]
    public void IsMulticlass_RowWithoutLabelOrTwoLabels_IsFalse()
    {
        Assert.False(Metrics.IsMulticlass(SmallSolution));
        Assert.False(Metrics.IsMulticlass(new double[,] { { 1, 1, 0 } }));
        Assert.False(Metrics.IsMulticlass(new double[,] { { 0.5, 0.5 } }));
        Assert.False(Metrics.IsMulticlass(new double[,] { { double.NaN, 1 } }));
    }

    [Fact]
    public void Accuracy_SmallTask_MatchesHandComputationAndTheScorer()
    {
        // Each prediction row is divided by its L1 norm; the true-class shares are
        // 0.9/1.2, 0.4/1.1, 0.4/0.8, 0.8/1.2 and 0 (row 4 has no label); their sum over 5 rows:
        double byHand = (0.9 / 1.2 + 0.4 / 1.1 + 0.4 / 0.8 + 0.8 / 1.2) / 5;
        double accuracy = Metrics.Accuracy(SmallSolution, SmallPrediction);
        Assert.Equal(byHand, accuracy, 14);
        Assert.Equal(0.4560606060606056, accuracy);   // the scorer's accuracy(), numpy 1.24.2
    }

    [Fact]
    public void Accuracy_LargeTask_MatchesNumpyPairwiseSumBitForBit()
    {
        // 15,000 products: numpy sums them in two buffers of pairwise sums. A plain running sum gives
        // 0.2815785693504959 instead.
        (double[,] solution, double[,] prediction) = Synthetic.Task(3000, 5);
        Assert.Equal(0.2815785693504919, Metrics.Accuracy(solution, prediction));
    }

    [Fact]
    public void Accuracy_ShapeMismatch_ErrorGivesBothShapes()
    {
        var error = Assert.Throws<ArgumentException>(() => Metrics.Accuracy(SmallSolution, new double[4, 3]));
        Assert.Contains("(4, 3)", error.Message);
        Assert.Contains("(5, 3)", error.Message);
    }
}
