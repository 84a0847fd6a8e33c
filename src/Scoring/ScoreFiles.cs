namespace AutoVision.Scoring;

/// <summary>The files <see cref="DirectoryScorer.WriteScores"/> writes next to the predictions; combine with '|'.</summary>
[Flags]
public enum ScoreFiles
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary><c>scores.txt</c>, in the challenge scorer's format.</summary>
    Scores = 1,

    /// <summary><c>learning-curve-&lt;task&gt;.csv</c>: one row per prediction.</summary>
    LearningCurveCsv = 2,

    /// <summary><c>learning-curve-&lt;task&gt;.png</c>: the learning-curve figure, like the platform's.</summary>
    LearningCurvePng = 4,

    /// <summary><c>detailed_results.json</c>: the whole report, both ALCs and the valid columns.</summary>
    DetailedResults = 8,

    /// <summary>Every file: the default.</summary>
    All = Scores | LearningCurveCsv | LearningCurvePng | DetailedResults,
}
