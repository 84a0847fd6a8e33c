namespace AutoVision.Scoring.Tests;

public class DirectoryScorerTests
{
    private const double StartTime = 1557269921.7939095;

    // Six examples, two classes present, the third never: multiclass, column 2 dropped from NAUC.
    private const string Solution = "1 0 0\n0 1 0\n1 0 0\n0 1 0\n1 0 0\n0 1 0\n";

    // NAUC 1/9 by hand: per column, positives' tied ranks sum to 11, (11 - 6) / 9 = 5/9, 2 * 5/9 - 1 = 1/9.
    private static readonly float[,] Weak =
    {
        { 0.6f, 0.4f, 0.1f }, { 0.5f, 0.5f, 0.1f }, { 0.4f, 0.6f, 0.1f },
        { 0.3f, 0.7f, 0.1f }, { 0.5f, 0.5f, 0.1f }, { 0.6f, 0.4f, 0.1f },
    };

    // Perfect ranking: NAUC 1.
    private static readonly float[,] Perfect =
    {
        { 0.9f, 0.1f, 0f }, { 0.2f, 0.8f, 0f }, { 0.7f, 0.3f, 0f },
        { 0.4f, 0.6f, 0f }, { 0.6f, 0.4f, 0f }, { 0.1f, 0.9f, 0f },
    };

    [Fact]
    public void Score_TwoPredictions_GivesTheScorersNaucAccuracyAndAlc()
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("mini.solution", Solution);
        WriteRun(predictionDir, (10, Weak), (60, Perfect));

        ScoreReport report = DirectoryScorer.Score(solutionDir.Path, predictionDir.Path);

        // Expected values from a line-by-line replica of the challenge scorer in Python (numpy 1.24.2).
        Assert.Equal("mini", report.TaskName);
        Assert.Equal(1200.0, report.TimeBudget);
        Assert.Equal(60.0, report.T0);
        Assert.Equal([10.0, 60.0], report.Timestamps);
        Assert.Equal([0.11111111111111116, 1.0], report.Nauc);
        Assert.Equal([0.4696969696969691, 0.7499999999999991], report.Accuracy!);
        // ALC = 1/9 * (x(60) - x(10)) + 1 * (1 - x(60)) with x(t) = ln(1 + t/60) / ln(21).
        double x10 = Math.Log(1 + 10 / 60.0) / Math.Log(21), x60 = Math.Log(2) / Math.Log(21);
        Assert.Equal((1.0 / 9) * (x60 - x10) + (1 - x60), report.Alc, 1e-12);
        Assert.Equal(0.7920006525055988, report.Alc, 1e-12);
        Assert.Equal(60.0, report.Duration);
    }

    [Fact]
    public void WriteScores_TwoPredictions_WritesTheChallengeFormat()
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("mini.solution", Solution);
        WriteRun(predictionDir, (10, Weak), (60, Perfect));
        ScoreReport report = DirectoryScorer.Score(solutionDir.Path, predictionDir.Path);

        DirectoryScorer.WriteScores(predictionDir.Path, report);

        Assert.Equal(
            $"score: {PredictionFormat.FormatTimestamp(report.Alc)}\n" +
            "Duration: 60.0\n" +
            "timestamps: [10.0, 60.0]\n" +
            "nauc_scores: [0.11111111111111116, 1.0]\n" +
            "accuracy: [0.4696969696969691, 0.7499999999999991]\n",
            File.ReadAllText(predictionDir.File("scores.txt")));
        Assert.DoesNotContain(predictionDir.FileNames(), name => name.StartsWith("temp_", StringComparison.Ordinal));
    }

    [Fact]
    public void WriteScores_BinaryTask_HasNoAccuracyLine()
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("bin.solution", "1\n0\n0\n1\n");
        WriteRun(predictionDir, "bin", (30, new float[,] { { 0.9f }, { 0.1f }, { 0.2f }, { 0.8f } }));
        ScoreReport report = DirectoryScorer.Score(solutionDir.Path, predictionDir.Path);

        DirectoryScorer.WriteScores(predictionDir.Path, report);

        Assert.Null(report.Accuracy);
        string[] lines = File.ReadAllLines(predictionDir.File("scores.txt"));
        Assert.Equal(["Duration: 30.0", "timestamps: [30.0]", "nauc_scores: [1.0]"], lines[1..]);
    }

    [Fact]
    public void Score_FileSuffixes_AreSortedAsIntegersAndPairedWithTimestampsInOrder()
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("mini.solution", Solution);
        var files = new IngestionFiles(predictionDir.Path, "mini");
        files.WriteStart(1, 1200, StartTime);
        files.WritePrediction(0, StartTime + 10, Weak);
        files.WritePrediction(1, StartTime + 60, Perfect);
        // Rename so that text order (_10 before _2) differs from integer order (_2 before _10).
        File.Move(files.PredictionPath(0), predictionDir.File("mini.predict_2"));
        File.Move(files.PredictionPath(1), predictionDir.File("mini.predict_10"));

        ScoreReport report = DirectoryScorer.Score(solutionDir.Path, predictionDir.Path);

        Assert.Equal([0.11111111111111116, 1.0], report.Nauc);
    }

    [Fact]
    public void Score_TimestampWithoutItsFileYet_IsIgnored()
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("mini.solution", Solution);
        var files = WriteRun(predictionDir, (10, Weak));
        File.AppendAllText(files.StartPath, "1: 1557269981.7939095\n");   // the file of prediction 1 is being written

        ScoreReport report = DirectoryScorer.Score(solutionDir.Path, predictionDir.Path);

        Assert.Equal([10.0], report.Timestamps);
        Assert.Equal(0.11111111111111116 * (1 - Metrics.TransformTime(10, 1200, 60)), report.Alc, 15);
    }

    [Fact]
    public void Score_FileWithoutTimestamp_ErrorNamesStartFileAndPrediction()
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("mini.solution", Solution);
        WriteRun(predictionDir, (10, Weak));
        PredictionFile.Write(predictionDir.File("mini.predict_1"), Perfect);

        var error = Assert.Throws<InvalidDataException>(() => DirectoryScorer.Score(solutionDir.Path, predictionDir.Path));

        Assert.Contains(predictionDir.File("start.txt"), error.Message);
        Assert.Contains("mini.predict_1", error.Message);
    }

    [Fact]
    public void Score_NoPrediction_AlcIsZero()
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("mini.solution", Solution);
        WriteRun(predictionDir);

        ScoreReport report = DirectoryScorer.Score(solutionDir.Path, predictionDir.Path);

        Assert.Equal(0.0, report.Alc);
        Assert.Equal(0.0, report.Duration);
        Assert.Empty(report.Timestamps);
        Assert.Empty(report.Nauc);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WriteScores_NoPredictionAndNoFailure_WritesNothing(bool successfulEnd)
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("mini.solution", Solution);
        IngestionFiles files = WriteRun(predictionDir);
        if (successfulEnd) files.WriteEnd(3.5, success: true, StartTime + 3.5);
        ScoreReport report = DirectoryScorer.Score(solutionDir.Path, predictionDir.Path);

        DirectoryScorer.WriteScores(predictionDir.Path, report);

        Assert.False(File.Exists(predictionDir.File("scores.txt")));
        Assert.Equal(successfulEnd ? ["end.txt", "start.txt"] : ["start.txt"], predictionDir.FileNames());
    }

    [Fact]
    public void WriteScores_NoPredictionAndFailedIngestion_WritesScoreZero()
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("mini.solution", Solution);
        IngestionFiles files = WriteRun(predictionDir);
        files.WriteEnd(3.5, success: false, StartTime + 3.5);
        ScoreReport report = DirectoryScorer.Score(solutionDir.Path, predictionDir.Path);

        DirectoryScorer.WriteScores(predictionDir.Path, report);

        Assert.Equal("score: 0\nDuration: 0\ntimestamps: []\nnauc_scores: []\n", File.ReadAllText(predictionDir.File("scores.txt")));
        Assert.Equal("index,time,transformed_time,nauc,accuracy\n", File.ReadAllText(predictionDir.File("learning-curve-mini.csv")));
        Assert.Equal(
            ["detailed_results.json", "end.txt", "learning-curve-mini.csv", "learning-curve-mini.png", "scores.txt", "start.txt"],
            predictionDir.FileNames());
    }

    [Fact]
    public void Score_GivenT0_IsUsedForTheAlc()
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("mini.solution", Solution);
        WriteRun(predictionDir, (60, Perfect));

        ScoreReport report = DirectoryScorer.Score(solutionDir.Path, predictionDir.Path, t0: 1200);

        Assert.Equal(1200.0, report.T0);
        Assert.Equal(1 - Math.Log(1.05) / Math.Log(2), report.Alc, 15);
    }

    [Fact]
    public void Score_TempFilesAndOtherTasks_AreIgnored()
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("mini.solution", Solution);
        WriteRun(predictionDir, (10, Weak));
        predictionDir.Write("temp_prediction_file_0123", "half a fi");
        predictionDir.Write("other.predict_0", "1\n");
        predictionDir.Write("minimal.predict_0", "1\n");

        ScoreReport report = DirectoryScorer.Score(solutionDir.Path, predictionDir.Path);

        Assert.Equal([0.11111111111111116], report.Nauc);
    }

    [Fact]
    public void Score_PredictionOfWrongShape_ErrorNamesTheFile()
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("mini.solution", Solution);
        WriteRun(predictionDir, (10, new float[,] { { 1f, 0f }, { 0f, 1f } }));

        var error = Assert.Throws<InvalidDataException>(() => DirectoryScorer.Score(solutionDir.Path, predictionDir.Path));

        Assert.Contains(predictionDir.File("mini.predict_0"), error.Message);
        Assert.Contains("(2, 2)", error.Message);
        Assert.Contains("(6, 3)", error.Message);
    }

    [Fact]
    public void Score_BadPredictionSuffix_ErrorNamesTheFile()
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("mini.solution", Solution);
        WriteRun(predictionDir, (10, Weak));
        predictionDir.Write("mini.predict_last", "1\n");

        var error = Assert.Throws<InvalidDataException>(() => DirectoryScorer.Score(solutionDir.Path, predictionDir.Path));

        Assert.Contains(predictionDir.File("mini.predict_last"), error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Score_NotExactlyOneSolution_ErrorNamesTheFolder(int count)
    {
        string[] names = Enumerable.Range(0, count).Select(i => $"task{i}.solution").ToArray();
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        foreach (string name in names) solutionDir.Write(name, Solution);
        WriteRun(predictionDir);

        var error = Assert.Throws<InvalidDataException>(() => DirectoryScorer.Score(solutionDir.Path, predictionDir.Path));

        Assert.Contains(solutionDir.Path, error.Message);
        Assert.Contains($"found {names.Length}", error.Message);
    }

    [Fact]
    public void Score_TaskName_IsTheSolutionNameUpToItsFirstDot()
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("mini.v2.solution", Solution);
        WriteRun(predictionDir, (10, Weak));

        Assert.Equal("mini", DirectoryScorer.Score(solutionDir.Path, predictionDir.Path).TaskName);
    }

    [Fact]
    public void Score_MissingStartFile_ThrowsFileNotFoundNamingIt()
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("mini.solution", Solution);

        var error = Assert.Throws<FileNotFoundException>(() => DirectoryScorer.Score(solutionDir.Path, predictionDir.Path));

        Assert.Contains(predictionDir.File("start.txt"), error.Message);
    }

    [Fact]
    public void WriteScores_Default_WritesTheScoresTheCurveAndTheDetailedResults()
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("mini.solution", Solution);
        WriteRun(predictionDir, (10, Weak), (60, Perfect));
        ScoreReport report = DirectoryScorer.Score(solutionDir.Path, predictionDir.Path);

        DirectoryScorer.WriteScores(predictionDir.Path, report);

        Assert.Equal(
            ["detailed_results.json", "learning-curve-mini.csv", "learning-curve-mini.png", "mini.predict_0", "mini.predict_1", "scores.txt", "start.txt"],
            predictionDir.FileNames());
        // Transformed times ln(1 + t/60) / ln(21) printed by Python 3.11 (math.log).
        Assert.Equal(
            "index,time,transformed_time,nauc,accuracy\n" +
            "0,10.0,0.050632137873986675,0.11111111111111116,0.4696969696969691\n" +
            "1,60.0,0.227670248696953,1.0,0.7499999999999991\n",
            File.ReadAllText(predictionDir.File("learning-curve-mini.csv")));
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(predictionDir.File("detailed_results.json")));
        System.Text.Json.JsonElement root = json.RootElement;
        Assert.Equal("v20191219-compatible", root.GetProperty("scorer_version").GetString());
        Assert.Equal("mini", root.GetProperty("task").GetString());
        Assert.Equal(1200.0, root.GetProperty("time_budget").GetDouble());
        Assert.Equal(60.0, root.GetProperty("t0").GetDouble());
        Assert.Equal(report.Alc, root.GetProperty("alc").GetDouble());
        Assert.Equal(report.Alc, root.GetProperty("alc_plot_variant").GetDouble());
        Assert.Equal([0, 1], root.GetProperty("valid_columns").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([0.11111111111111116, 1.0], root.GetProperty("predictions").EnumerateArray().Select(e => e.GetProperty("nauc").GetDouble()));
        Assert.Equal("\u0089PNG", System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(predictionDir.File("learning-curve-mini.png"))[..4]));
    }

    [Theory]
    [InlineData(ScoreFiles.Scores, new[] { "scores.txt" })]
    [InlineData(ScoreFiles.None, new string[0])]
    [InlineData(ScoreFiles.LearningCurveCsv | ScoreFiles.DetailedResults, new[] { "detailed_results.json", "learning-curve-mini.csv" })]
    public void WriteScores_ChosenFiles_WritesOnlyThose(ScoreFiles files, string[] expected)
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("mini.solution", Solution);
        WriteRun(predictionDir, (10, Weak));
        ScoreReport report = DirectoryScorer.Score(solutionDir.Path, predictionDir.Path);

        DirectoryScorer.WriteScores(predictionDir.Path, report, files);

        Assert.Equal(expected.Concat(["mini.predict_0", "start.txt"]).Order(StringComparer.Ordinal), predictionDir.FileNames());
    }

    [Fact]
    public void Score_PredictionAfterBudget_AlcKeepsItAndThePlotVariantDropsIt()
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("mini.solution", Solution);
        WriteRun(predictionDir, (10, Weak), (1300, Perfect));

        ScoreReport report = DirectoryScorer.Score(solutionDir.Path, predictionDir.Path);

        double x10 = Metrics.TransformTime(10, 1200, 60), x1300 = Metrics.TransformTime(1300, 1200, 60);
        Assert.Equal(0.11111111111111116 * (x1300 - x10) + 1.0 * (1 - x1300), report.Alc, 15);
        Assert.Equal(0.11111111111111116 * (1 - x10), report.AlcPlotVariant, 15);
    }

    [Fact]
    public void Score_ValidColumns_AreTheColumnsWithBothClasses()
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("mini.solution", Solution);
        WriteRun(predictionDir, (10, Weak));

        Assert.Equal([0, 1], DirectoryScorer.Score(solutionDir.Path, predictionDir.Path).ValidColumns);
    }

    [Fact]
    public void Score_NoValidColumn_ErrorNamesTheSolutionAndSaysTheChallengeScorerCrashed()
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        // Every example is of class 0: column 0 is all positive, the others all negative.
        string solution = solutionDir.Write("mini.solution", "1 0 0\n1 0 0\n1 0 0\n1 0 0\n1 0 0\n1 0 0\n");
        WriteRun(predictionDir, (10, Weak));

        var error = Assert.Throws<InvalidOperationException>(() => DirectoryScorer.Score(solutionDir.Path, predictionDir.Path));

        Assert.Contains(solution, error.Message);
        Assert.Contains("none of the 3 label columns has both a positive and a negative example", error.Message);
        Assert.Contains("the challenge's scorer (v20191219) crashed", error.Message);
    }

    [Fact]
    public void Score_NoValidColumnAndNoPrediction_AlcIsZero()
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("mini.solution", "1 0\n1 0\n");
        WriteRun(predictionDir);

        ScoreReport report = DirectoryScorer.Score(solutionDir.Path, predictionDir.Path);

        Assert.Equal(0.0, report.Alc);
        Assert.Empty(report.ValidColumns);
    }

    [Fact]
    public void Score_NaNAndInfinityInPrediction_MatchesTheChallengeScorerBitForBit()
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("mini.solution",
            "1 0 0\n1 0 0\n0 1 0\n1 0 0\n0 1 0\n0 1 0\n0 1 0\n1 0 0\n0 1 0\n1 0 0\n" +
            "1 0 0\n1 0 0\n0 1 0\n1 0 0\n0 1 0\n0 1 0\n0 1 0\n1 0 0\n0 1 0\n1 0 0\n");
        IngestionFiles files = WriteRun(predictionDir);
        File.AppendAllText(files.StartPath, "0: 1557269931.7939095\n");
        // 20 rows: above 16 values numpy's argsort reorders the NaNs, which take the last ranks one each.
        predictionDir.Write("mini.predict_0",
            "nan 0.1 0.25\n0.9 nan 0.25\nnan 0.6 0.25\ninf -inf 0.25\n0.1 nan 0.25\nnan 0.4 0.25\n0.5 nan 0.25\n" +
            "nan 0.5 0.25\n-inf inf 0.25\n0.5 nan 0.25\nnan 0.5 0.25\n0.3 nan 0.25\nnan 0.2 0.25\n0.7 nan 0.25\n" +
            "inf 0.9 0.25\nnan 0.3 0.25\n0.2 nan 0.25\nnan 0.7 0.25\n0.8 nan 0.25\nnan inf 0.25\n");

        ScoreReport report = DirectoryScorer.Score(solutionDir.Path, predictionDir.Path);

        // The scorer's autodl_auc and accuracy on the same files (np.loadtxt, numpy 1.24.2). Keeping the NaNs in
        // input order instead would give 0.17500000000000004. Every row holds a NaN or an infinity, so accuracy is NaN.
        Assert.Equal([0.11499999999999999], report.Nauc);
        Assert.True(double.IsNaN(report.Accuracy![0]));
        DirectoryScorer.WriteScores(predictionDir.Path, report, ScoreFiles.All);
        Assert.Contains("nauc_scores: [0.11499999999999999]\naccuracy: [nan]\n", File.ReadAllText(predictionDir.File("scores.txt")));
    }

    [Theory]
    [InlineData("ingestion_pid")]
    [InlineData("time_budget")]
    [InlineData("start_time")]
    public void Score_StartFileWithoutKey_ErrorNamesTheKeyAndTheFile(string key)
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("mini.solution", Solution);
        IngestionFiles files = WriteRun(predictionDir, (10, Weak));
        string[] lines = File.ReadAllLines(files.StartPath).Where(line => !line.StartsWith(key + ":", StringComparison.Ordinal)).ToArray();
        File.WriteAllText(files.StartPath, string.Join("\n", lines) + "\n");

        var error = Assert.Throws<InvalidDataException>(() => DirectoryScorer.Score(solutionDir.Path, predictionDir.Path));

        Assert.Contains(files.StartPath, error.Message);
        Assert.Contains($"no '{key}: ...' line", error.Message);
    }

    [Fact]
    public void Score_TimestampBeforeStartTime_ErrorNamesTheStartFileAndThePrediction()
    {
        using var solutionDir = new TempFolder();
        using var predictionDir = new TempFolder();
        solutionDir.Write("mini.solution", Solution);
        IngestionFiles files = WriteRun(predictionDir, (10, Weak), (-5, Perfect));

        var error = Assert.Throws<InvalidDataException>(() => DirectoryScorer.Score(solutionDir.Path, predictionDir.Path));

        Assert.Contains(files.StartPath, error.Message);
        Assert.Contains("prediction 1 is timestamped", error.Message);
        Assert.Contains("before start_time", error.Message);
    }

    private static IngestionFiles WriteRun(TempFolder folder, params (double Seconds, float[,] Prediction)[] predictions) =>
        WriteRun(folder, "mini", predictions);

    private static IngestionFiles WriteRun(TempFolder folder, string task, params (double Seconds, float[,] Prediction)[] predictions)
    {
        var files = new IngestionFiles(folder.Path, task);
        files.WriteStart(4242, 1200, StartTime);
        for (int k = 0; k < predictions.Length; k++)
        {
            files.WritePrediction(k, StartTime + predictions[k].Seconds, predictions[k].Prediction);
        }
        return files;
    }
}
