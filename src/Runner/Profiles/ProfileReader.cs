using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using AutoVision.Runner.Learning;

namespace AutoVision.Runner.Profiles;

/// <summary>
/// Reads an entry's <c>profile.json</c>. Every error names the file, the field and what was expected; unknown
/// fields are refused (a misspelt setting would otherwise be silently ignored).
/// </summary>
/// <remarks>
/// Layout: <c>format</c> (1), <c>description</c> (text), <c>seed</c> (integer), <c>device</c>
/// (<c>auto</c> | <c>cpu</c> | <c>cuda</c> | <c>cuda:N</c>), <c>learner</c> (the <see cref="LearnerOptions"/> values
/// in camelCase, each optional: a missing one keeps its default) and, for testing the platform,
/// <c>diagnostic</c> (<see cref="DiagnosticOptions"/>). Comments and trailing commas are accepted.
/// </remarks>
public static partial class ProfileReader
{
    private const string Expected = "an entry profile (a JSON object with format, seed, device, learner)";

    private static readonly string[] TopLevelFields = ["format", "description", "seed", "device", "learner", "diagnostic"];
    private static readonly string[] DiagnosticFields =
        ["constructionSeconds", "trainSeconds", "stallAfterPredictions", "crashAfterPredictions", "maxPredictions"];

    /// <summary>The settable <see cref="LearnerOptions"/> properties by JSON name, seed and device excepted (they are top-level).</summary>
    private static readonly IReadOnlyDictionary<string, PropertyInfo> LearnerFields = typeof(LearnerOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite && p.Name is not (nameof(LearnerOptions.Seed) or nameof(LearnerOptions.Device)))
        .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), StringComparer.Ordinal);

    /// <summary>The JSON names of the learner settings a profile may give, in declaration order.</summary>
    public static IReadOnlyCollection<string> LearnerFieldNames => LearnerFields.Keys.ToArray();

    /// <summary>Loads and checks a profile.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Not JSON, an unknown field, or a value of the wrong type or range;
    /// the message names the file and the field.</exception>
    public static EntryProfile Load(string path)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"{full}: profile not found; expected {Expected}.", full);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(full),
                new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{full}: not valid JSON ({ex.Message}); expected {Expected}.", ex);
        }
        using (document)
        {
            return Parse(full, document.RootElement);
        }
    }

    private static EntryProfile Parse(string file, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw Error(file, "(root)", Expected, root);
        CheckKnown(file, "", root, TopLevelFields);

        if (root.TryGetProperty("format", out var f)) Integer(file, "format", f, CurrentFormatOnly);
        string? description = root.TryGetProperty("description", out var d) ? NullableString(file, "description", d) : null;
        var learner = root.TryGetProperty("learner", out var l) ? Learner(file, l) : new LearnerOptions();
        if (root.TryGetProperty("seed", out var s))
            learner = learner with { Seed = Integer(file, "seed", s, (_ => true, "an integer")) };
        if (root.TryGetProperty("device", out var dev))
            learner = learner with { Device = Device(file, dev) };
        var diagnostic = root.TryGetProperty("diagnostic", out var diag) && diag.ValueKind != JsonValueKind.Null ? Diagnostic(file, diag) : null;
        return new EntryProfile { Description = description, Learner = learner, Diagnostic = diagnostic };
    }

    private static readonly (Func<long, bool> Ok, string Expected) CurrentFormatOnly =
        (v => v == EntryProfile.CurrentFormat, $"{EntryProfile.CurrentFormat} (the only profile format this runner reads)");

    private static LearnerOptions Learner(string file, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Error(file, "learner", "an object of learner settings", element);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name is "seed" or "device")
                throw new InvalidDataException($"{file}: field 'learner.{property.Name}': give '{property.Name}' at the top level of the profile, not inside 'learner'.");
        }
        CheckKnown(file, "learner.", element, LearnerFields.Keys);
        var options = new LearnerOptions();
        foreach (var property in element.EnumerateObject())
        {
            var target = LearnerFields[property.Name];
            string field = "learner." + property.Name;
            object? value = target.PropertyType switch
            {
                var t when t == typeof(int) => Integer(file, field, property.Value, IntegerRule(property.Name)),
                var t when t == typeof(double) => Number(file, field, property.Value, NumberRule(property.Name)),
                var t when t == typeof(bool) => Boolean(file, field, property.Value),
                var t when t == typeof(string) && property.Name == "weightsPath" => WeightsPath(file, field, property.Value),
                var t when t == typeof(string) && property.Name == "nas" => NasMode(file, field, property.Value),
                var t when t == typeof(string) && property.Name == "keepAspect" => KeepAspect(file, field, property.Value),
                var t when t == typeof(string) => NullableString(file, field, property.Value),
                var t => throw new InvalidDataException($"{file}: field '{field}': settings of type {t.Name} cannot be given in a profile."),
            };
            // A fresh instance that nothing else holds yet: setting its init-only properties here is safe.
            target.SetValue(options, value);
        }
        return options;
    }

    private static (Func<long, bool> Ok, string Expected) IntegerRule(string name) => name switch
    {
        "maxValidation" => (v => v >= 0, "an integer >= 0"),
        _ => (v => v >= 1, "a positive integer"),
    };

    private static (Func<double, bool> Ok, string Expected) NumberRule(string name) => name switch
    {
        "validationFraction" => (v => v is >= 0 and < 1, "a number in [0, 1)"),
        "weightDecay" => (v => v >= 0, "a number >= 0"),
        _ => (v => v > 0, "a positive number"),
    };

    private static DiagnosticOptions Diagnostic(string file, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Error(file, "diagnostic", "an object of diagnostic settings", element);
        CheckKnown(file, "diagnostic.", element, DiagnosticFields);
        (Func<double, bool>, string) seconds = (v => v >= 0, "a number of seconds >= 0");
        (Func<long, bool>, string) count = (v => v >= 0, "an integer >= 0");
        int? Count(string name) => element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? Integer(file, "diagnostic." + name, v, count) : null;
        double Seconds(string name) => element.TryGetProperty(name, out var v) ? Number(file, "diagnostic." + name, v, seconds) : 0;
        int? max = Count("maxPredictions");
        if (max == 0) throw new InvalidDataException($"{file}: field 'diagnostic.maxPredictions': expected a positive integer, found 0.");
        return new DiagnosticOptions
        {
            ConstructionSeconds = Seconds("constructionSeconds"),
            TrainSeconds = Seconds("trainSeconds"),
            StallAfterPredictions = Count("stallAfterPredictions"),
            CrashAfterPredictions = Count("crashAfterPredictions"),
            MaxPredictions = max,
        };
    }

    private static void CheckKnown(string file, string prefix, JsonElement element, IEnumerable<string> known)
    {
        var names = known.ToHashSet(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (names.Contains(property.Name)) continue;
            string? hint = names.FirstOrDefault(n => string.Equals(n, property.Name, StringComparison.OrdinalIgnoreCase));
            throw new InvalidDataException(
                $"{file}: unknown field '{prefix}{property.Name}'" + (hint is null ? "" : $" (did you mean '{prefix}{hint}'?)") +
                $"; expected one of: {string.Join(", ", names)}.");
        }
    }

    private static int Integer(string file, string field, JsonElement value, (Func<long, bool> Ok, string Expected) rule)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int i) && rule.Ok(i)) return i;
        throw Error(file, field, rule.Expected, value);
    }

    private static double Number(string file, string field, JsonElement value, (Func<double, bool> Ok, string Expected) rule)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double d) && double.IsFinite(d) && rule.Ok(d)) return d;
        throw Error(file, field, rule.Expected, value);
    }

    private static bool Boolean(string file, string field, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Error(file, field, "true or false", value),
    };

    private static string NasMode(string file, string field, JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is "off" or "on" or "auto"
            ? value.GetString()!
            : throw Error(file, field, "\"off\", \"on\" or \"auto\"", value);

    private static string KeepAspect(string file, string field, JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is { } name && InputShapeRule.Names.Contains(name)
            ? name
            : throw Error(file, field, "one of " + string.Join(", ", InputShapeRule.Names.Select(n => $"\"{n}\"")), value);

    private static string? NullableString(string file, string field, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => throw Error(file, field, "a string", value),
    };

    private static string Device(string file, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } s && DevicePattern().IsMatch(s)) return s;
        throw Error(file, "device", "\"auto\", \"cpu\", \"cuda\" or \"cuda:N\"", value);
    }

    /// <summary>A weights file, relative to the profile's folder; null keeps the weights shipped with the program.</summary>
    private static string? WeightsPath(string file, string field, JsonElement value)
    {
        string? path = NullableString(file, field, value);
        if (path is null) return null;
        string full = Path.GetFullPath(path, Path.GetDirectoryName(file)!);
        if (!File.Exists(full))
            throw new InvalidDataException($"{file}: field '{field}': expected null or an ONNX weights file (relative to the profile's folder), but '{full}' does not exist.");
        return full;
    }

    private static InvalidDataException Error(string file, string field, string expected, JsonElement found) =>
        new($"{file}: field '{field}': expected {expected}, found {Describe(found)}.");

    private static string Describe(JsonElement value)
    {
        string raw = value.GetRawText();
        if (raw.Length > 60) raw = raw[..57] + "...";
        return value.ValueKind switch
        {
            JsonValueKind.Null => "null",
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            _ => raw,
        };
    }

    [GeneratedRegex("^(auto|cpu|cuda|cuda:[0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex DevicePattern();

    /// <summary>Formats a profile's learner settings for a log line.</summary>
    internal static string Describe(LearnerOptions o) => string.Create(CultureInfo.InvariantCulture,
        $"seed {o.Seed}, device {o.Device}, probe {o.ProbeInputSize}px, fine-tuning {o.InputSize}px, batch {o.BatchSize}, lr {o.LearningRate}");
}
