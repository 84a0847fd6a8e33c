using System.Globalization;

namespace AutoVision.Scoring;

/// <summary>Reads one number the way Python's <c>float()</c> reads the challenge's files: decimal or exponent
/// notation, and <c>nan</c> / <c>inf</c> / <c>infinity</c> in any case with an optional sign.</summary>
internal static class NumberText
{
    public const string Expected = "a number (like 1, 0.25, 1e-05, nan or inf)";

    public static bool TryParse(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        if (text.IsEmpty) return false;
        bool negative = text[0] == '-';
        ReadOnlySpan<char> body = text[0] is '-' or '+' ? text[1..] : text;
        if (body.IsEmpty) return false;
        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        // Only plain decimal syntax from here on: no other spelling of the special values, no group separators.
        if (!char.IsAsciiDigit(body[0]) && body[0] != '.') return false;
        const NumberStyles style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        return double.TryParse(text, style, CultureInfo.InvariantCulture, out value);
    }
}
