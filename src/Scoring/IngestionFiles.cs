using System.Globalization;

namespace AutoVision.Scoring;

/// <summary>
/// Writes the files the challenge's ingestion program leaves in its output folder, byte for byte:
/// <c>start.txt</c> (header, then one <c>k: t</c> line per prediction), <c>&lt;task&gt;.predict_&lt;k&gt;</c> and
/// <c>end.txt</c>. Every whole-file write goes through a temporary file and a rename.
/// </summary>
public sealed class IngestionFiles
{
    /// <summary>The name of the file that announces the start of the clock and logs prediction times.</summary>
    public const string StartFileName = "start.txt";

    /// <summary>The name of the file that marks the end of the ingestion.</summary>
    public const string EndFileName = "end.txt";

    private const string StartExpected = "the ingestion start file (ingestion_pid, task_name, time_budget, start_time, then 'k: t' lines)";
    private const string EndExpected = "the ingestion end file (ingestion_duration, ingestion_success, end_time)";

    /// <summary>Prepares to write into <paramref name="outputDir"/> (created if missing) for task <paramref name="taskName"/>.</summary>
    public IngestionFiles(string outputDir, string taskName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDir);
        ArgumentException.ThrowIfNullOrWhiteSpace(taskName);
        if (taskName.IndexOfAny(['/', '\\', '\n', '\r']) >= 0 || taskName.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Task name '{taskName}' must be a plain name without dots or path separators.", nameof(taskName));
        }
        OutputDir = outputDir;
        TaskName = taskName;
        Directory.CreateDirectory(outputDir);
    }

    public string OutputDir { get; }

    public string TaskName { get; }

    public string StartPath => Path.Combine(OutputDir, StartFileName);

    public string EndPath => Path.Combine(OutputDir, EndFileName);

    /// <summary>The path of prediction <paramref name="index"/>: <c>&lt;outputDir&gt;/&lt;task&gt;.predict_&lt;index&gt;</c>.</summary>
    public string PredictionPath(int index) => Path.Combine(OutputDir, $"{TaskName}.predict_{index.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Writes <c>start.txt</c>: <c>ingestion_pid</c>, <c>task_name</c>, <c>time_budget</c> and
    /// <c>start_time</c> (seconds since the epoch), floats as Python's <c>str(float)</c>.</summary>
    public void WriteStart(int pid, double timeBudget, double startTime)
    {
        string text =
            $"ingestion_pid: {pid.ToString(CultureInfo.InvariantCulture)}\n" +
            $"task_name: {TaskName}\n" +
            $"time_budget: {PredictionFormat.FormatTimestamp(timeBudget)}\n" +
            $"start_time: {PredictionFormat.FormatTimestamp(startTime)}\n";
        AtomicFile.WriteText(StartPath, "temp_start_file_", text);
    }

    /// <summary>
    /// Records prediction <paramref name="index"/>: first appends <c>&lt;index&gt;: &lt;timestamp&gt;</c> to
    /// <c>start.txt</c> and flushes it to disk, then writes the prediction file (temporary file and rename).
    /// This is the challenge's order: the timestamp is never later than its file.
    /// </summary>
    /// <returns>The path of the prediction file.</returns>
    public string WritePrediction(int index, double timestamp, float[,] prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        string path = AppendTimestamp(index, timestamp);
        PredictionFile.Write(path, prediction);
        return path;
    }

    /// <inheritdoc cref="WritePrediction(int, double, float[,])"/>
    public string WritePrediction(int index, double timestamp, double[,] prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        string path = AppendTimestamp(index, timestamp);
        PredictionFile.Write(path, prediction);
        return path;
    }

    /// <summary>Writes <c>end.txt</c>: <c>ingestion_duration</c> (seconds), <c>ingestion_success</c> (1 or 0) and
    /// <c>end_time</c> (seconds since the epoch).</summary>
    public void WriteEnd(double duration, bool success, double endTime)
    {
        string text =
            $"ingestion_duration: {PredictionFormat.FormatTimestamp(duration)}\n" +
            $"ingestion_success: {(success ? 1 : 0)}\n" +
            $"end_time: {PredictionFormat.FormatTimestamp(endTime)}\n";
        AtomicFile.WriteText(EndPath, "temp_end_file_", text);
    }

    /// <summary>Reads a <c>start.txt</c>. Unknown keys are ignored; a repeated key keeps its last value.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A line is not <c>key: value</c>, a value is not a number where one is
    /// needed, or <c>ingestion_pid</c>, <c>time_budget</c> or <c>start_time</c> is missing; the message names the
    /// file and the line.</exception>
    public static IngestionLog ReadStart(string path)
    {
        int? pid = null;
        string taskName = "";
        double? timeBudget = null;
        double? startTime = null;
        var timestamps = new Dictionary<int, double>();
        foreach (KeyValueText.Entry entry in KeyValueText.Read(path, StartExpected))
        {
            switch (entry.Key)
            {
                case "ingestion_pid": pid = entry.AsInteger(); break;
                case "task_name": taskName = entry.Value; break;
                case "time_budget": timeBudget = entry.AsNumber(); break;
                case "start_time": startTime = entry.AsNumber(); break;
                default:
                    if (int.TryParse(entry.Key, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                    {
                        timestamps[index] = entry.AsNumber();
                    }
                    break;
            }
        }
        return new IngestionLog(
            pid ?? throw KeyValueText.Missing(path, "ingestion_pid", StartExpected),
            taskName,
            timeBudget ?? throw KeyValueText.Missing(path, "time_budget", StartExpected),
            startTime ?? throw KeyValueText.Missing(path, "start_time", StartExpected),
            timestamps);
    }

    /// <summary>Reads an <c>end.txt</c>. <c>ingestion_success</c> is false only when it is 0, as the scorer reads it.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A line is malformed or a key is missing; the message names the file and the line.</exception>
    public static IngestionEnd ReadEnd(string path)
    {
        double? duration = null;
        int? success = null;
        double? endTime = null;
        foreach (KeyValueText.Entry entry in KeyValueText.Read(path, EndExpected))
        {
            switch (entry.Key)
            {
                case "ingestion_duration": duration = entry.AsNumber(); break;
                case "ingestion_success": success = entry.AsInteger(); break;
                case "end_time": endTime = entry.AsNumber(); break;
            }
        }
        return new IngestionEnd(
            duration ?? throw KeyValueText.Missing(path, "ingestion_duration", EndExpected),
            (success ?? throw KeyValueText.Missing(path, "ingestion_success", EndExpected)) != 0,
            endTime ?? throw KeyValueText.Missing(path, "end_time", EndExpected));
    }

    private string AppendTimestamp(int index, double timestamp)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (!File.Exists(StartPath))
        {
            throw new InvalidOperationException($"{StartPath} does not exist: call {nameof(WriteStart)} before writing predictions.");
        }
        AtomicFile.AppendDurably(StartPath, $"{index.ToString(CultureInfo.InvariantCulture)}: {PredictionFormat.FormatTimestamp(timestamp)}\n");
        return PredictionPath(index);
    }
}
