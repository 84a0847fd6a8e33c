using System.Diagnostics;
using System.Text.RegularExpressions;
using AutoVision.Data;
using AutoVision.Data.AutoDL;
using AutoVision.Data.Images;
using Microsoft.Extensions.Logging;

namespace AutoVision.Runner;

/// <summary>
/// Lets every verb that runs the AutoDL loop take any dataset layout: an AutoDL folder is used as it is; image
/// folders or a CSV manifest are first written in the AutoDL format (with the solution when the test labels are
/// known) into <c>&lt;output&gt;/dataset/</c>, before the clock starts, as the challenge's data was formatted before
/// its runs.
/// </summary>
public static partial class DatasetConversion
{
    public const string ConvertedFolder = "dataset";

    /// <summary>Larger side of images converted for a run.</summary>
    public const int RunMaxSide = 256;

    /// <summary>The AutoDL folder to run on: <paramref name="datasetPath"/> itself, or its conversion under <paramref name="outputDir"/>.</summary>
    public static string ToAutoDL(string datasetPath, string outputDir, ILogger log)
    {
        var format = DatasetSources.Detect(datasetPath);
        if (format == DatasetFormat.AutoDL) return datasetPath;
        var target = Path.Combine(outputDir, ConvertedFolder);
        if (Directory.Exists(target) && Directory.EnumerateDirectories(target, "*.data").Any())
            throw new IOException($"The output folder '{outputDir}' already holds a converted dataset from an earlier run; choose a new or empty folder.");
        var sw = Stopwatch.StartNew();
        // The learner trains at 64 px at most: images are decoded at reduced scale, 256 px on the larger side.
        var source = DatasetSources.Open(datasetPath, new ImageSourceOptions { MaxSide = RunMaxSide });
        var written = AutoDLWriter.Write(source, target, TaskName(source.Name));
        log.LogInformation(LogEvents.DatasetOpened,
            "Converted {Format} dataset '{Path}' to the AutoDL format in {Seconds:F1} s (outside the budget): {Train} train, {Test} test, {Skipped} unreadable training images skipped{Solution}",
            format, datasetPath, sw.Elapsed.TotalSeconds, written.TrainCount, written.TestCount, written.Skipped.Count,
            written.SolutionPath is null ? "; no test labels, so the run is not scored" : "");
        return written.DatasetDir;
    }

    /// <summary>A task name the output files accept: letters, digits, '_' and '-' only.</summary>
    public static string TaskName(string name)
    {
        var clean = Unsafe().Replace(name, "_").Trim('_');
        return clean.Length == 0 ? "dataset" : clean;
    }

    [GeneratedRegex("[^A-Za-z0-9_-]+")]
    private static partial Regex Unsafe();
}
