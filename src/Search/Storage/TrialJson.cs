using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace AutoVision.Search;

/// <summary>
/// The JSON form of a list of trials. Parameters are kept as their distribution and internal value, so they read
/// back with the same type; other values (choices, user attributes, enqueued values) tag their numbers with the type
/// (<c>{"int": 3}</c>). Non-finite doubles are written as the strings "NaN", "Infinity" and "-Infinity".
/// Read errors are <see cref="FormatException"/>s that say where in the document they are.
/// </summary>
internal static class TrialJson
{
    public const string Format = "autovision.search.trials";
    public const int Version = 1;

    public static void WriteDocument(Utf8JsonWriter w, IReadOnlyList<FrozenTrial> trials)
    {
        w.WriteStartObject();
        w.WriteString("format", Format);
        w.WriteNumber("version", Version);
        w.WriteStartArray("trials");
        foreach (var trial in trials) WriteTrial(w, trial);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static IReadOnlyList<FrozenTrial> ReadDocument(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException("the document is not a JSON object.");
        if (Required(root, "format", "$").GetString() != Format)
            throw new FormatException($"$.format is not \"{Format}\".");
        int version = Required(root, "version", "$").GetInt32();
        if (version != Version) throw new FormatException($"$.version is {version}; this reader knows version {Version}.");
        var trials = new List<FrozenTrial>();
        int index = 0;
        foreach (var element in Array(root, "trials", "$"))
        {
            string where = $"$.trials[{index}]";
            var trial = ReadTrial(element, where);
            if (trial.Number != index) throw new FormatException($"{where}.number is {trial.Number}; expected {index}.");
            trials.Add(trial);
            index++;
        }
        return trials;
    }

    internal static void WriteTrial(Utf8JsonWriter w, FrozenTrial t)
    {
        w.WriteStartObject();
        w.WriteNumber("number", t.Number);
        w.WriteString("state", t.State.ToString());
        w.WritePropertyName("value");
        WriteDouble(w, t.Value);
        w.WritePropertyName("startTime");
        WriteTime(w, t.StartTime);
        w.WritePropertyName("completeTime");
        WriteTime(w, t.CompleteTime);
        if (t.FailReason is null) w.WriteNull("failReason"); else w.WriteString("failReason", t.FailReason);

        w.WriteStartObject("params");
        foreach (var (name, distribution) in t.Distributions)
        {
            w.WriteStartObject(name);
            w.WritePropertyName("distribution");
            WriteDistribution(w, distribution);
            w.WritePropertyName("internal");
            WriteDouble(w, distribution.ToInternal(t.Params[name]));
            w.WriteEndObject();
        }
        w.WriteEndObject();

        w.WriteStartObject("intermediateValues");
        foreach (var (step, value) in t.IntermediateValues)
        {
            w.WritePropertyName(step.ToString(CultureInfo.InvariantCulture));
            WriteDouble(w, value);
        }
        w.WriteEndObject();

        WritePrimitiveMap(w, "userAttributes", t.UserAttributes);
        WritePrimitiveMap(w, "fixedParams", t.FixedParams);
        w.WriteEndObject();
    }

    internal static FrozenTrial ReadTrial(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new FormatException($"{where} is not an object.");
        string stateText = Required(e, "state", where).GetString() ?? "";
        if (!Enum.TryParse<TrialState>(stateText, out var state) || !Enum.IsDefined(state))
            throw new FormatException($"{where}.state \"{stateText}\" is not a trial state.");

        var parameters = ImmutableSortedDictionary.CreateBuilder<string, object?>(StringComparer.Ordinal);
        var distributions = ImmutableSortedDictionary.CreateBuilder<string, Distribution>(StringComparer.Ordinal);
        foreach (var p in Object(e, "params", where))
        {
            string at = $"{where}.params.{p.Name}";
            var distribution = ReadDistribution(Required(p.Value, "distribution", at), $"{at}.distribution");
            double internalValue = ReadDouble(Required(p.Value, "internal", at), $"{at}.internal")
                ?? throw new FormatException($"{at}.internal is null.");
            if (!distribution.Contains(internalValue))
                throw new FormatException($"{at}.internal {internalValue.ToString("R", CultureInfo.InvariantCulture)} is not a value of {distribution}.");
            distributions[p.Name] = distribution;
            parameters[p.Name] = distribution.ToExternal(internalValue);
        }

        var intermediate = ImmutableSortedDictionary.CreateBuilder<int, double>();
        foreach (var p in Object(e, "intermediateValues", where))
        {
            string at = $"{where}.intermediateValues.{p.Name}";
            if (!int.TryParse(p.Name, NumberStyles.None, CultureInfo.InvariantCulture, out int step))
                throw new FormatException($"{at}: the step \"{p.Name}\" is not a non-negative integer.");
            intermediate[step] = ReadDouble(p.Value, at) ?? throw new FormatException($"{at} is null.");
        }

        return new FrozenTrial
        {
            Number = Required(e, "number", where).GetInt32(),
            State = state,
            Value = ReadDouble(Required(e, "value", where), $"{where}.value"),
            StartTime = ReadTime(Required(e, "startTime", where), $"{where}.startTime"),
            CompleteTime = ReadTime(Required(e, "completeTime", where), $"{where}.completeTime"),
            FailReason = Required(e, "failReason", where).GetString(),
            Params = parameters.ToImmutable(),
            Distributions = distributions.ToImmutable(),
            IntermediateValues = intermediate.ToImmutable(),
            UserAttributes = ReadPrimitiveMap(e, "userAttributes", where),
            FixedParams = ReadPrimitiveMap(e, "fixedParams", where),
        };
    }

    private static void WriteDistribution(Utf8JsonWriter w, Distribution distribution)
    {
        w.WriteStartObject();
        switch (distribution)
        {
            case FloatDistribution f:
                w.WriteString("kind", "float");
                w.WriteNumber("low", f.Low);
                w.WriteNumber("high", f.High);
                w.WriteBoolean("log", f.Log);
                if (f.Step is { } s) w.WriteNumber("step", s); else w.WriteNull("step");
                break;
            case IntDistribution i:
                w.WriteString("kind", "int");
                w.WriteNumber("low", i.Low);
                w.WriteNumber("high", i.High);
                w.WriteBoolean("log", i.Log);
                w.WriteNumber("step", i.Step);
                break;
            case CategoricalDistribution c:
                w.WriteString("kind", "categorical");
                w.WriteStartArray("choices");
                foreach (object? choice in c.Choices) WritePrimitive(w, choice);
                w.WriteEndArray();
                break;
            default:
                throw new NotSupportedException($"{distribution.GetType().Name} cannot be stored.");
        }
        w.WriteEndObject();
    }

    private static Distribution ReadDistribution(JsonElement e, string where)
    {
        string kind = Required(e, "kind", where).GetString() ?? "";
        try
        {
            return kind switch
            {
                "float" => new FloatDistribution(
                    Required(e, "low", where).GetDouble(), Required(e, "high", where).GetDouble(),
                    Required(e, "log", where).GetBoolean(),
                    Required(e, "step", where) is { ValueKind: JsonValueKind.Null } ? null : e.GetProperty("step").GetDouble()),
                "int" => new IntDistribution(
                    Required(e, "low", where).GetInt32(), Required(e, "high", where).GetInt32(),
                    Required(e, "log", where).GetBoolean(), Required(e, "step", where).GetInt32()),
                "categorical" => new CategoricalDistribution(
                    Array(e, "choices", where).Select((c, i) => ReadPrimitive(c, $"{where}.choices[{i}]")).ToArray()),
                _ => throw new FormatException($"{where}.kind \"{kind}\" is not float, int or categorical."),
            };
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"{where}: {ex.Message}", ex);
        }
    }

    private static void WritePrimitiveMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, object?> map)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            w.WritePropertyName(key);
            WritePrimitive(w, value);
        }
        w.WriteEndObject();
    }

    private static ImmutableSortedDictionary<string, object?> ReadPrimitiveMap(JsonElement e, string name, string where)
    {
        var map = ImmutableSortedDictionary.CreateBuilder<string, object?>(StringComparer.Ordinal);
        foreach (var p in Object(e, name, where)) map[p.Name] = ReadPrimitive(p.Value, $"{where}.{name}.{p.Name}");
        return map.ToImmutable();
    }

    private static void WritePrimitive(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case bool b: w.WriteBooleanValue(b); break;
            case string s: w.WriteStringValue(s); break;
            case int i: w.WriteStartObject(); w.WriteNumber("int", i); w.WriteEndObject(); break;
            case long l: w.WriteStartObject(); w.WriteNumber("long", l); w.WriteEndObject(); break;
            case float f: w.WriteStartObject(); w.WritePropertyName("float"); WriteDouble(w, f); w.WriteEndObject(); break;
            case double d: w.WriteStartObject(); w.WritePropertyName("double"); WriteDouble(w, d); w.WriteEndObject(); break;
            default: throw new NotSupportedException($"A {value.GetType().Name} cannot be stored.");
        }
    }

    private static object? ReadPrimitive(JsonElement e, string where)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Null: return null;
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.String: return e.GetString();
            case JsonValueKind.Object:
                var props = e.EnumerateObject().ToList();
                if (props.Count == 1)
                {
                    var p = props[0];
                    string at = $"{where}.{p.Name}";
                    switch (p.Name)
                    {
                        case "int": return p.Value.GetInt32();
                        case "long": return p.Value.GetInt64();
                        case "float": return (float)(ReadDouble(p.Value, at) ?? throw new FormatException($"{at} is null."));
                        case "double": return ReadDouble(p.Value, at) ?? throw new FormatException($"{at} is null.");
                    }
                }
                break;
        }
        throw new FormatException($"{where} is not a stored value (null, bool, string, or {{\"int\"|\"long\"|\"float\"|\"double\": number}}).");
    }

    private static void WriteDouble(Utf8JsonWriter w, double? value)
    {
        if (value is not { } v) w.WriteNullValue();
        else if (double.IsFinite(v)) w.WriteNumberValue(v);
        else w.WriteStringValue(double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
    }

    private static double? ReadDouble(JsonElement e, string where) => e.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String => e.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var s => throw new FormatException($"{where} \"{s}\" is not a number."),
        },
        _ => throw new FormatException($"{where} is not a number."),
    };

    private static void WriteTime(Utf8JsonWriter w, DateTimeOffset? time)
    {
        if (time is { } t) w.WriteStringValue(t); else w.WriteNullValue();
    }

    private static DateTimeOffset? ReadTime(JsonElement e, string where) => e.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String when e.TryGetDateTimeOffset(out var t) => t,
        _ => throw new FormatException($"{where} is not a date and time."),
    };

    internal static JsonElement Required(JsonElement e, string name, string where) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value)
            ? value
            : throw new FormatException($"{where}.{name} is missing.");

    private static JsonElement.ArrayEnumerator Array(JsonElement e, string name, string where)
    {
        var value = Required(e, name, where);
        return value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : throw new FormatException($"{where}.{name} is not an array.");
    }

    private static JsonElement.ObjectEnumerator Object(JsonElement e, string name, string where)
    {
        var value = Required(e, name, where);
        return value.ValueKind == JsonValueKind.Object ? value.EnumerateObject() : throw new FormatException($"{where}.{name} is not an object.");
    }
}
