using System.Globalization;
using System.Text;

namespace AutoVision.Data.AutoDL.TextFormat;

/// <summary>
/// Interprets the fields of a <see cref="TextMessage"/> against a known schema, with the rules of
/// protobuf's <c>text_format.Merge</c>: for a singular field the last occurrence wins; a missing field
/// takes the caller's (proto2) default. Every error names the file, line, column and what was expected.
/// </summary>
internal sealed class TextFieldReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string _sourcePath;

    public TextFieldReader(string sourcePath) => _sourcePath = sourcePath;

    /// <summary>Singular int32 field.</summary>
    public int Int32(TextMessage message, string name, int defaultValue)
    {
        TextField? field = Singular(message, name);
        return field is null ? defaultValue : ToInt32(field);
    }

    /// <summary>Singular bool field: <c>true/false/True/False/t/f/1/0</c>.</summary>
    public bool Bool(TextMessage message, string name, bool defaultValue)
    {
        TextField? field = Singular(message, name);
        if (field is null)
        {
            return defaultValue;
        }

        TextToken token = ScalarOf(field, "a boolean");
        return token.Text switch
        {
            "true" or "True" or "t" or "1" => true,
            "false" or "False" or "f" or "0" => false,
            _ => throw Error(token, $"expected a boolean (true/false/True/False/t/f/1/0) for '{name}' but found {token.Describe()}"),
        };
    }

    /// <summary>Singular enum field given by name or by number; <paramref name="values"/> maps names to numbers.</summary>
    public TEnum Enum<TEnum>(TextMessage message, string name, TEnum defaultValue, IReadOnlyDictionary<string, TEnum> values)
        where TEnum : struct, Enum
    {
        TextField? field = Singular(message, name);
        if (field is null)
        {
            return defaultValue;
        }

        string allowed = string.Join("/", values.Keys);
        TextToken token = ScalarOf(field, "an enum value");
        if (token.Kind == TextTokenKind.Identifier && values.TryGetValue(token.Text, out TEnum byName))
        {
            return byName;
        }

        if (token.Kind == TextTokenKind.Number)
        {
            if (TryParseInteger(token.Text, out long number))
            {
                foreach (TEnum value in values.Values)
                {
                    if (Convert.ToInt64(value, CultureInfo.InvariantCulture) == number)
                    {
                        return value;
                    }
                }
            }
        }

        throw Error(token, $"expected an enum value ({allowed} or its number) for '{name}' but found {token.Describe()}");
    }

    /// <summary>All values of a repeated message field, in source order.</summary>
    public IReadOnlyList<TextMessage> Messages(TextMessage message, string name)
    {
        var result = new List<TextMessage>();
        foreach (TextField field in message.All(name))
        {
            if (field.Message is null)
            {
                throw Error(field.Scalar!.Value, $"expected a message '{{ ... }}' for '{name}' but found {field.Scalar.Value.Describe()}");
            }

            result.Add(field.Message);
        }

        return result;
    }

    /// <summary>A <c>map&lt;string, int32&gt;</c> field: entries <c>name { key: '...' value: N }</c>; a repeated key keeps the last value.</summary>
    public IReadOnlyDictionary<string, int> StringInt32Map(TextMessage message, string name)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (TextMessage entry in Messages(message, name))
        {
            string key = String(entry, "key", string.Empty);
            int value = Int32(entry, "value", 0);
            map[key] = value;
        }

        return map;
    }

    /// <summary>Singular string field (UTF-8).</summary>
    public string String(TextMessage message, string name, string defaultValue)
    {
        TextField? field = Singular(message, name);
        if (field is null)
        {
            return defaultValue;
        }

        TextToken token = ScalarOf(field, "a quoted string");
        if (token.Kind != TextTokenKind.String)
        {
            throw Error(token, $"expected a quoted string for '{name}' but found {token.Describe()}");
        }

        try
        {
            return StrictUtf8.GetString(token.Bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error(token, $"expected valid UTF-8 in the string for '{name}'");
        }
    }

    private TextField? Singular(TextMessage message, string name)
    {
        TextField? field = message.Last(name);
        if (field is { FromList: true })
        {
            throw TextFormatErrors.At(_sourcePath, field.Line, field.Column, $"expected a single value for non-repeated field '{name}', not a list");
        }

        return field;
    }

    private TextToken ScalarOf(TextField field, string expected)
    {
        if (field.Scalar is { } token)
        {
            return token;
        }

        throw TextFormatErrors.At(_sourcePath, field.Line, field.Column, $"expected {expected} for '{field.Name}' but found a message");
    }

    private int ToInt32(TextField field)
    {
        TextToken token = ScalarOf(field, "an int32");
        if (token.Kind == TextTokenKind.Number && TryParseInteger(token.Text, out long value))
        {
            if (value is < int.MinValue or > int.MaxValue)
            {
                throw Error(token, $"expected an int32 for '{field.Name}' but {token.Text} is out of range");
            }

            return (int)value;
        }

        throw Error(token, $"expected an int32 for '{field.Name}' but found {token.Describe()}");
    }

    /// <summary>Decimal, <c>0x</c> hexadecimal or leading-zero octal integer, optionally negative.</summary>
    private static bool TryParseInteger(string text, out long value)
    {
        value = 0;
        bool negative = text.StartsWith('-');
        string digits = negative ? text[1..] : text;
        if (digits.Length == 0)
        {
            return false;
        }

        ulong magnitude;
        if (digits.Length > 2 && digits[0] == '0' && digits[1] is 'x' or 'X')
        {
            if (!ulong.TryParse(digits.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out magnitude))
            {
                return false;
            }
        }
        else if (digits.Length > 1 && digits[0] == '0')
        {
            magnitude = 0;
            foreach (char c in digits.AsSpan(1))
            {
                if (c is < '0' or > '7' || magnitude > (ulong.MaxValue >> 3))
                {
                    return false;
                }

                magnitude = (magnitude * 8) + (ulong)(c - '0');
            }
        }
        else if (!ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out magnitude))
        {
            return false;
        }

        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = unchecked(-(long)magnitude);
            return true;
        }

        if (magnitude > long.MaxValue)
        {
            return false;
        }

        value = (long)magnitude;
        return true;
    }

    private InvalidDataException Error(TextToken token, string message) =>
        TextFormatErrors.At(_sourcePath, token.Line, token.Column, message);
}
