using System.Text.Json;
using System.Text.Json.Serialization;
using AutoVision.Runner.Learning;
using AutoVision.Runner.Profiles;

namespace AutoVision.Runner;

/// <summary>
/// <c>run.json</c> in the output folder: what the run was given (dataset, budget, learner settings) and how it
/// stands, so that <c>resume --output DIR</c> can continue it. Written when the run starts and when it ends
/// (temporary file and rename).
/// </summary>
public sealed record RunRecord
{
    public const string FileName = "run.json";

    /// <summary>The dataset folder, as a full path.</summary>
    public required string DatasetDir { get; init; }

    public required double BudgetSeconds { get; init; }

    public double? T0 { get; init; }

    public bool ScoreAfterwards { get; init; } = true;

    public required LearnerOptions Learner { get; init; }

    /// <summary>Set when the run used the diagnostic learner.</summary>
    public DiagnosticOptions? Diagnostic { get; init; }

    /// <summary>running | interrupted | finished | failed. A killed run stays "running".</summary>
    public string State { get; init; } = States.Running;

    /// <summary>How many times the run was resumed.</summary>
    public int Resumes { get; init; }

    public static class States
    {
        public const string Running = "running";
        public const string Interrupted = "interrupted";
        public const string Finished = "finished";
        public const string Failed = "failed";
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string PathIn(string outputDir) => Path.Combine(outputDir, FileName);

    /// <summary>Writes the record into <paramref name="outputDir"/> (temporary file, flush, rename).</summary>
    public void Write(string outputDir)
    {
        string target = PathIn(outputDir);
        string temp = Path.Combine(outputDir, "temp_run_" + Guid.NewGuid().ToString("N"));
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, this, Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, target, overwrite: true);
    }

    /// <exception cref="FileNotFoundException">The folder has no run.json (not a folder a run wrote).</exception>
    /// <exception cref="InvalidDataException">The file cannot be read; the message names it.</exception>
    public static RunRecord Read(string outputDir)
    {
        string path = PathIn(outputDir);
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{outputDir}' has no {FileName}: it is not an output folder that 'run' wrote.", path);
        try
        {
            return JsonSerializer.Deserialize<RunRecord>(File.ReadAllBytes(path), Json)
                ?? throw new InvalidDataException($"'{path}' holds null.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"'{path}' is not a run record: {ex.Message}", ex);
        }
    }
}
