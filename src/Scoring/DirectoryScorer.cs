using System.Globalization;

namespace AutoVision.Scoring;

/// <summary>
/// Scores a finished (or killed) run from its files, as the challenge's scorer (v20191219) did: the solution
/// folder holds one <c>&lt;task&gt;.solution</c>; the prediction folder holds <c>start.txt</c>,
/// <c>&lt;task&gt;.predict_&lt;k&gt;</c> files and possibly <c>end.txt</c>.
/// </summary>
public sealed class DirectoryScorer
{
    /// <summary>The name of the challenge's score file, which <see cref="WriteScores"/> writes.</summary>
    public const string ScoresFileName = "scores.txt";

    /// <summary>The name of the JSON file with the whole report (<see cref="ScoreFiles.DetailedResults"/>).</summary>
    public const string DetailedResultsFileName = "detailed_results.json";

    /// <summary>The scorer version written into <see cref="DetailedResultsFileName"/>: the challenge scorer whose
    /// results this one reproduces.</summary>
    public const string ScorerVersion = "v20191219-compatible";

    private DirectoryScorer()
    {
    }

    /// <summary>
    /// Scores every prediction in <paramref name="predictionDir"/>. Prediction files are sorted by the integer
    /// after their last '_' and the i-th file is paired with timestamp <c>i</c> of <c>start.txt</c>; relative
    /// times are those timestamps minus <c>start_time</c>. NAUC is computed for every prediction, accuracy too for
    /// a multiclass task, and the ALC with T = <c>time_budget</c> and t0 = <paramref name="t0"/> or
    /// <see cref="Metrics.DefaultT0"/> of the budget. Without predictions the ALC is 0.
    /// </summary>
    /// <remarks>
    /// Edge cases: without any prediction file the report has no prediction and ALC 0 (see <see cref="WriteScores"/>
    /// for what is written then). NaN and infinite values in a prediction are scored as the challenge's scorer scored
    /// them: infinities are ordinary values for the ranks, NaNs take the last ranks in numpy's sort order
    /// (<see cref="Metrics.TiedRank"/>), and the accuracy of a prediction holding any NaN or infinity is NaN (that row's
    /// norm is not finite, and 0 * NaN is NaN in the sum), which <c>scores.txt</c> writes as <c>nan</c>.
    /// </remarks>
    /// <exception cref="DirectoryNotFoundException">A folder does not exist.</exception>
    /// <exception cref="FileNotFoundException"><c>start.txt</c> is missing.</exception>
    /// <exception cref="InvalidDataException">Not exactly one solution file; a malformed file (the message gives the
    /// line and column); <c>start.txt</c> without <c>ingestion_pid</c>, <c>time_budget</c> or <c>start_time</c> (the
    /// message names the key); a prediction timestamp before <c>start_time</c> or NaN; a prediction file name without
    /// an integer suffix; fewer timestamps than prediction files; a prediction whose shape differs from the
    /// solution's (the message gives both shapes). The message names the folder or file.</exception>
    /// <exception cref="InvalidOperationException">There are predictions but no label column of the solution holds
    /// both classes, so NAUC is undefined; the challenge's scorer crashed on such a solution, this one says so and
    /// names the solution file.</exception>
    public static ScoreReport Score(string solutionDir, string predictionDir, double? t0 = null)
    {
        string solutionPath = FindSolution(solutionDir);
        string taskName = Path.GetFileName(solutionPath).Split('.')[0];
        double[,] solution = SolutionFile.Read(solutionPath);

        RequireFolder(predictionDir, "prediction");
        string startPath = Path.Combine(predictionDir, IngestionFiles.StartFileName);
        IngestionLog log = IngestionFiles.ReadStart(startPath);
        IReadOnlyList<string> predictionPaths = FindPredictions(predictionDir, taskName);
        IReadOnlyList<double> timestamps = log.ConsecutiveTimestamps();
        if (timestamps.Count < predictionPaths.Count)
        {
            throw new InvalidDataException(
                $"{startPath}: has timestamps for {timestamps.Count} predictions but there are {predictionPaths.Count} prediction files; " +
                $"expected a line '{timestamps.Count}: <time>' for {predictionPaths[timestamps.Count]}.");
        }
        int[] validColumns = Metrics.ValidColumns(solution);
        if (predictionPaths.Count > 0 && validColumns.Length == 0)
        {
            throw new InvalidOperationException(
                $"{solutionPath}: none of the {solution.GetLength(1)} label columns has both a positive and a negative example " +
                "(each column's sum is 0 or the number of test examples), so NAUC is undefined and the run cannot be scored; " +
                "the challenge's scorer (v20191219) crashed on such a solution instead of giving a score.");
        }
        for (int i = 0; i < predictionPaths.Count; i++)
        {
            double t = timestamps[i] - log.StartTime;
            if (double.IsNaN(t) || t < 0)
            {
                throw new InvalidDataException(
                    $"{startPath}: prediction {i} is timestamped {PredictionFormat.FormatTimestamp(timestamps[i])}, " +
                    $"{(double.IsNaN(t) ? "which is not a time" : "before start_time")} ({PredictionFormat.FormatTimestamp(log.StartTime)}); " +
                    "the challenge's scorer could not draw such a learning curve.");
            }
        }

        bool multiclass = Metrics.IsMulticlass(solution);
        var relative = new List<double>(predictionPaths.Count);
        var nauc = new List<double>(predictionPaths.Count);
        var accuracy = multiclass ? new List<double>(predictionPaths.Count) : null;
        for (int i = 0; i < predictionPaths.Count; i++)
        {
            double[,] prediction = PredictionFile.Read(predictionPaths[i]);
            if (prediction.GetLength(0) != solution.GetLength(0) || prediction.GetLength(1) != solution.GetLength(1))
            {
                throw new InvalidDataException(
                    $"{predictionPaths[i]}: the prediction has shape {Metrics.Shape(prediction)}; expected the solution's shape {Metrics.Shape(solution)} ({solutionPath}).");
            }
            relative.Add(timestamps[i] - log.StartTime);
            nauc.Add(Metrics.Nauc(solution, prediction));
            accuracy?.Add(Metrics.Accuracy(solution, prediction));
        }

        double usedT0 = t0 ?? Metrics.DefaultT0(log.TimeBudget);
        double alc = Metrics.Alc(relative, nauc, log.TimeBudget, usedT0);
        double duration = relative.Count > 0 ? relative[^1] : 0.0;
        return new ScoreReport(taskName, log.TimeBudget, usedT0, relative, nauc, accuracy, alc, duration)
        {
            ValidColumns = validColumns,
        };
    }

    /// <summary>
    /// Writes the score files into <paramref name="predictionDir"/>, each under a temporary name then renamed, in
    /// this order: <c>scores.txt</c> in the challenge scorer's format (<c>score</c>, <c>Duration</c>,
    /// <c>timestamps</c>, <c>nauc_scores</c> and, for a multiclass task, <c>accuracy</c>),
    /// <c>detailed_results.json</c>, <c>learning-curve-&lt;task&gt;.csv</c> and <c>learning-curve-&lt;task&gt;.png</c>
    /// (see <see cref="ScoreFiles"/>); <paramref name="files"/> chooses which, all by default. As in the challenge, a
    /// run without predictions gets score files (with <c>score: 0</c>) only when its <c>end.txt</c> reports
    /// <c>ingestion_success: 0</c>; otherwise nothing is written (a run that succeeded with no prediction, or was
    /// killed before its first one, has no score file).
    /// </summary>
    /// <remarks>An error while drawing the figure (the last file) leaves the files before it written.</remarks>
    public static void WriteScores(string predictionDir, ScoreReport report, ScoreFiles files = ScoreFiles.All)
    {
        ArgumentNullException.ThrowIfNull(report);
        RequireFolder(predictionDir, "prediction");
        if (report.Timestamps.Count == 0)
        {
            string endPath = Path.Combine(predictionDir, IngestionFiles.EndFileName);
            if (!File.Exists(endPath) || IngestionFiles.ReadEnd(endPath).Success) return;
        }
        if (files.HasFlag(ScoreFiles.Scores))
        {
            AtomicFile.WriteText(Path.Combine(predictionDir, ScoresFileName), "temp_scores_file_", ScoresText.Format(report));
        }
        if (files.HasFlag(ScoreFiles.DetailedResults))
        {
            AtomicFile.WriteStream(
                Path.Combine(predictionDir, DetailedResultsFileName), "temp_detailed_results_", stream => DetailedResultsJson.Write(stream, report));
        }
        if (files.HasFlag(ScoreFiles.LearningCurveCsv))
        {
            AtomicFile.Write(
                Path.Combine(predictionDir, LearningCurveFileName(report.TaskName, ".csv")), "temp_learning_curve_", writer => LearningCurveCsv.Write(writer, report));
        }
        if (files.HasFlag(ScoreFiles.LearningCurvePng))
        {
            AtomicFile.WriteBytes(
                Path.Combine(predictionDir, LearningCurveFileName(report.TaskName, ".png")), "temp_learning_curve_", LearningCurvePlot.RenderPng(report));
        }
    }

    /// <summary>The name of a learning-curve file of task <paramref name="taskName"/>: <c>learning-curve-&lt;task&gt;</c>
    /// followed by <paramref name="extension"/> (".png", as the challenge's figure, or ".csv").</summary>
    public static string LearningCurveFileName(string taskName, string extension) => $"learning-curve-{taskName}{extension}";

    private static string FindSolution(string solutionDir)
    {
        RequireFolder(solutionDir, "solution");
        string[] solutions = Directory.EnumerateFiles(solutionDir)
            .Where(path => IsVisibleWithSuffix(Path.GetFileName(path), ".solution"))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (solutions.Length != 1)
        {
            string found = solutions.Length == 0 ? "none" : string.Join(", ", solutions.Select(Path.GetFileName));
            throw new InvalidDataException(
                $"{solutionDir}: expected exactly one '<task>.solution' file, found {solutions.Length} ({found}).");
        }
        return solutions[0];
    }

    private static IReadOnlyList<string> FindPredictions(string predictionDir, string taskName)
    {
        string prefix = taskName + ".predict_";
        var found = new List<(int Order, string Path)>();
        foreach (string path in Directory.EnumerateFiles(predictionDir))
        {
            string name = Path.GetFileName(path);
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            string suffix = name[(name.LastIndexOf('_') + 1)..];
            if (!int.TryParse(suffix, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int order))
            {
                throw new InvalidDataException(
                    $"{path}: a prediction file name must end with '_<integer>' (like {prefix}0), found '{suffix}'.");
            }
            found.Add((order, path));
        }
        return found.OrderBy(p => p.Order).ThenBy(p => p.Path, StringComparer.Ordinal).Select(p => p.Path).ToArray();
    }

    private static bool IsVisibleWithSuffix(string name, string suffix) =>
        !name.StartsWith('.') && name.EndsWith(suffix, StringComparison.Ordinal);

    private static void RequireFolder(string path, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"{path}: {what} folder not found.");
    }
}
