using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using AutoVision.Data.AutoDL;

namespace AutoVision.Data.Profiling;

/// <summary>
/// What a dataset is: modality, sizes, channels, value range, classes and their balance. Computed from the decoded
/// examples; test labels are never looked at (the test split only contributes its count, sizes and values).
/// </summary>
public sealed record DatasetProfile
{
    /// <summary>Dataset name.</summary>
    public required string Name { get; init; }

    /// <summary>"video" when some example has more than one frame, else "image".</summary>
    public required string Modality { get; init; }

    /// <summary>Training examples read.</summary>
    public required int TrainCount { get; init; }

    /// <summary>Test examples (prediction rows).</summary>
    public required int TestCount { get; init; }

    /// <summary>Training examples the source left out (undecodable images).</summary>
    public required int SkippedCount { get; init; }

    /// <summary>Frames per example (T) over both splits.</summary>
    public required SizeStats Frames { get; init; }

    /// <summary>Heights (H) over both splits.</summary>
    public required SizeStats Height { get; init; }

    /// <summary>Widths (W) over both splits.</summary>
    public required SizeStats Width { get; init; }

    /// <summary>Distinct channel counts, ascending (one value for every dataset the readers accept).</summary>
    public required IReadOnlyList<int> Channels { get; init; }

    /// <summary>Smallest value of any example.</summary>
    public required float ValueMin { get; init; }

    /// <summary>Largest value of any example.</summary>
    public required float ValueMax { get; init; }

    /// <summary>Number of classes.</summary>
    public required int OutputDim { get; init; }

    /// <summary>Class names by index, or null.</summary>
    public required IReadOnlyList<string>? Classes { get; init; }

    /// <summary>Labels per training example.</summary>
    public required SizeStats LabelsPerExample { get; init; }

    /// <summary>Whether the source declares several labels per example or some training example has more than one.</summary>
    public required bool IsMultiLabel { get; init; }

    /// <summary>Training examples per class (index = class).</summary>
    public required IReadOnlyList<int> ClassCounts { get; init; }

    /// <summary>Largest over smallest non-zero class count (1 when balanced; 0 when no class has an example).</summary>
    public required double ImbalanceRatio { get; init; }

    /// <summary>Indices of the classes with no training example.</summary>
    public required IReadOnlyList<int> AbsentFromTrain { get; init; }

    /// <summary>Reads both splits of <paramref name="source"/> and profiles them.</summary>
    public static DatasetProfile Compute(IDatasetSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        IReadOnlyList<AutoDLExample> train = source.ReadTrain();
        return Compute(source, train, source.ReadTest());
    }

    /// <summary>Profiles examples already read from <paramref name="source"/>.</summary>
    public static DatasetProfile Compute(IDatasetSource source, IReadOnlyList<AutoDLExample> train, IReadOnlyList<AutoDLExample> test)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        AutoDLExample[] all = [.. train, .. test];
        int[] counts = new int[source.OutputDim];
        foreach (AutoDLExample e in train)
        {
            foreach (int label in e.LabelIndex.Distinct())
            {
                if (label >= 0 && label < counts.Length)
                {
                    counts[label]++;
                }
            }
        }

        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (AutoDLExample e in all)
        {
            foreach (float v in e.Values)
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        int[] present = counts.Where(c => c > 0).ToArray();
        SizeStats labelsPer = SizeStats.Of(train.Select(e => e.LabelIndex.Distinct().Count()));
        return new DatasetProfile
        {
            Name = source.Name,
            Modality = all.Any(e => e.Frames > 1) ? "video" : "image",
            TrainCount = train.Count,
            TestCount = test.Count,
            SkippedCount = source.Skipped.Count,
            Frames = SizeStats.Of(all.Select(e => e.Frames)),
            Height = SizeStats.Of(all.Select(e => e.Height)),
            Width = SizeStats.Of(all.Select(e => e.Width)),
            Channels = all.Select(e => e.Channels).Distinct().Order().ToArray(),
            ValueMin = all.Length == 0 || float.IsInfinity(min) ? 0 : min,
            ValueMax = all.Length == 0 || float.IsInfinity(max) ? 0 : max,
            OutputDim = source.OutputDim,
            Classes = source.Classes,
            LabelsPerExample = labelsPer,
            IsMultiLabel = source.IsMultiLabel || labelsPer.Max > 1,
            ClassCounts = counts,
            ImbalanceRatio = present.Length == 0 ? 0 : (double)present.Max() / present.Min(),
            AbsentFromTrain = Enumerable.Range(0, counts.Length).Where(c => counts[c] == 0).ToArray(),
        };
    }

    /// <summary>The profile as indented JSON (camelCase names).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>The profile as a plain-text table: one line per property, then one line per class.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        void Row(string key, string value) => text.Append(key.PadRight(20)).Append(value).Append('\n');
        static string Stats(SizeStats s) => $"{s.Min} / {s.Median} / {s.Max}";
        Row("dataset", Name);
        Row("modality", Modality);
        Row("examples", $"train {TrainCount}   test {TestCount}   skipped {SkippedCount}");
        Row("frames min/med/max", Stats(Frames));
        Row("height min/med/max", Stats(Height));
        Row("width min/med/max", Stats(Width));
        Row("channels", string.Join(", ", Channels));
        Row("value range", string.Create(CultureInfo.InvariantCulture, $"{ValueMin:0.####} .. {ValueMax:0.####}"));
        Row("classes", OutputDim.ToString(CultureInfo.InvariantCulture));
        Row("labels per example", $"{Stats(LabelsPerExample)}   {(IsMultiLabel ? "multi-label" : "single-label")}");
        Row("imbalance", string.Create(CultureInfo.InvariantCulture, $"{ImbalanceRatio:0.##} (largest / smallest class)"));
        Row("absent from train", AbsentFromTrain.Count == 0 ? "none" : string.Join(", ", AbsentFromTrain.Select(ClassName)));
        text.Append('\n').Append("index".PadRight(8)).Append("class".PadRight(24)).Append("train\n");
        for (int c = 0; c < ClassCounts.Count; c++)
        {
            text.Append(c.ToString(CultureInfo.InvariantCulture).PadRight(8)).Append(ClassName(c).PadRight(24))
                .Append(ClassCounts[c].ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }

    private string ClassName(int index) => Classes is { } names && index < names.Count ? names[index] : index.ToString(CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
