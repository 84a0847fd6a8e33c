using System.Text.Json;
using System.Text.Json.Serialization;

namespace AutoVision.Transfer.Nas;

/// <summary>What a search did, for the run's output: the chosen architecture, the architecture probabilities over
/// time, the time spent. <see cref="ToJson"/> writes it.</summary>
public sealed record NasRecord
{
    /// <summary>The architecture fixed at the end (the argmax of every decision).</summary>
    public required Architecture Chosen { get; init; }

    /// <summary>The decisions searched: name → option names in logit order.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Decisions { get; init; }

    /// <summary>softmax(α) over time.</summary>
    public required IReadOnlyList<NasSnapshot> History { get; init; }

    /// <summary>Seconds the search ran (all slices).</summary>
    public double Seconds { get; init; }

    /// <summary>The search's planned length in seconds (what the temperature schedule spans).</summary>
    public double PlannedSeconds { get; init; }

    public int WeightSteps { get; init; }

    public int ArchSteps { get; init; }

    /// <summary>Steps whose loss was not finite (skipped).</summary>
    public int NonFiniteSteps { get; init; }

    /// <summary>Why the last slice ended: <c>slice</c> (its time was used), <c>cancelled</c>, <c>non-finite</c>.</summary>
    public required string StoppedBy { get; init; }

    public int Seed { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static NasRecord FromJson(string json) =>
        JsonSerializer.Deserialize<NasRecord>(json, Json) ?? throw new JsonException("The NAS record is empty (JSON null).");
}

/// <summary>The architecture distribution at one moment of the search.</summary>
/// <param name="Seconds">Search time elapsed.</param>
/// <param name="Step">Weight steps taken.</param>
/// <param name="Temperature">τ of the schedule at that moment.</param>
/// <param name="Probabilities">Decision name → softmax(α) in option order.</param>
public sealed record NasSnapshot(double Seconds, int Step, double Temperature, IReadOnlyDictionary<string, double[]> Probabilities);
