namespace AutoVision.Scoring.Tests;

public partial class MetricsTests
{
    // Rows are examples; column 2 has no positive, so it is dropped.
    private static readonly double[,] SmallSolution =
    {
        { 1, 0, 0 },
        { 0, 1, 0 },
        { 1, 0, 0 },
        { 0, 1, 0 },
        { 0, 0, 0 },
    };

    private static readonly double[,] SmallPrediction =
    {
        { 0.9, 0.2, 0.1 },
        { 0.4, 0.4, 0.3 },
        { 0.4, 0.1, 0.3 },
        { 0.1, 0.8, 0.3 },
        { 0.4, 0.3, 0.3 },
    };

    [Fact]
    public void ValidColumns_ColumnWithoutPositive_IsDropped()
    {
        Assert.Equal([0, 1], Metrics.ValidColumns(SmallSolution));
    }

    [Fact]
    public void ValidColumns_AllPositiveColumn_IsDropped()
    {
        Assert.Equal([1], Metrics.ValidColumns(new double[,] { { 1, 1, 0 }, { 1, 0, 0 } }));
    }

    [Fact]
    public void ValidColumns_SumWithinRelativeToleranceOfN_IsDropped()
    {
        // isclose(sum, n) is |sum - n| <= 1e-8 + 1e-5 * n: with n = 200,000 a column one short of n counts as full, one three short does not.
        const int n = 200_000;
        var solution = new double[n, 2];
        for (int i = 1; i < n; i++) solution[i, 0] = 1;
        for (int i = 3; i < n; i++) solution[i, 1] = 1;
        Assert.Equal([1], Metrics.ValidColumns(solution));
    }

    [Fact]
    public void Nauc_TiesAndDroppedColumn_MatchesHandComputation()
    {
        // Column 0: prediction 0.1 | 0.4 0.4 0.4 | 0.9 -> ranks 1 | 3 3 3 | 5; positives are rows 0 (rank 5) and 2 (rank 3):
        //   AUC = (5 + 3 - 2*3/2) / (3 * 2) = 5/6.
        // Column 1: ranks of 0.2 0.4 0.1 0.8 0.3 are 2 4 1 5 3; positives rows 1 and 3: (4 + 5 - 3) / 6 = 1.
        // Column 2 is dropped. Running mean (5/6 + 1)/2 = 11/12; NAUC = 2 * 11/12 - 1 = 5/6.
        double nauc = Metrics.Nauc(SmallSolution, SmallPrediction);
        Assert.Equal(5.0 / 6.0, nauc, 14);
        // Bit for bit what the challenge scorer's autodl_auc returns (run in Python, numpy 1.24.2).
        Assert.Equal(0.8333333333333335, nauc);
    }

    [Fact]
    public void Nauc_ConstantPrediction_IsZero()
    {
        var constant = new double[5, 3];
        for (int i = 0; i < 5; i++) for (int j = 0; j < 3; j++) constant[i, j] = 0.25;
        Assert.Equal(0.0, Metrics.Nauc(SmallSolution, constant));
    }

    [Fact]
    public void Nauc_PerfectAndReversedPrediction_AreOneAndMinusOne()
    {
        var solution = new double[,] { { 1 }, { 0 }, { 0 }, { 1 } };
        Assert.Equal(1.0, Metrics.Nauc(solution, new double[,] { { 0.9 }, { 0.1 }, { 0.2 }, { 0.8 } }));
        Assert.Equal(-1.0, Metrics.Nauc(solution, new double[,] { { 0.1 }, { 0.9 }, { 0.8 }, { 0.2 } }));
    }

    [Fact]
    public void Nauc_MultiLabelRows_ScoresEachClassOnItsOwn()
    {
        // Rows 0 and 1 carry two labels each. Class 0: both positives (0.9, 0.6) above both negatives -> AUC 1.
        // Class 1: positives 0.8, 0.7 against negatives 0.1, 0.9 -> 2 of 4 pairs won -> AUC 0.5. Mean 0.75 -> NAUC 0.5.
        var solution = new double[,] { { 1, 1 }, { 0, 1 }, { 1, 0 }, { 0, 0 } };
        var prediction = new double[,] { { 0.9, 0.8 }, { 0.2, 0.7 }, { 0.6, 0.1 }, { 0.3, 0.9 } };
        Assert.Equal(0.5, Metrics.Nauc(solution, prediction));
        Assert.False(Metrics.IsMulticlass(solution));
    }

    [Fact]
    public void Nauc_LargeTiedTask_MatchesTheChallengeScorerBitForBit()
    {
        // 3000 x 5 with ties everywhere and an empty last column; value from the scorer's autodl_auc in Python.
        (double[,] solution, double[,] prediction) = Synthetic.Task(3000, 5);
        Assert.Equal(0.447740148148148, Metrics.Nauc(solution, prediction));
    }

    [Fact]
    public void Nauc_NoValidColumn_ThrowsInvalidOperation()
    {
        var solution = new double[,] { { 1, 0 }, { 1, 0 } };
        var error = Assert.Throws<InvalidOperationException>(() => Metrics.Nauc(solution, new double[2, 2]));
        Assert.Contains("both a positive and a negative", error.Message);
    }

    [Fact]
    public void Nauc_ShapeMismatch_ErrorGivesBothShapes()
    {
        var error = Assert.Throws<ArgumentException>(() => Metrics.Nauc(SmallSolution, new double[5, 2]));
        Assert.Contains("(5, 2)", error.Message);
        Assert.Contains("(5, 3)", error.Message);
    }
}
