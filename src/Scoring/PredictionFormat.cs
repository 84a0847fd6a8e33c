using System.Globalization;
using System.Text;

namespace AutoVision.Scoring;

/// <summary>
/// Number formats of the challenge's output files: prediction values as Python's <c>'{0:g}'</c>
/// (6 significant digits) and timestamps, durations and scores as Python's <c>str(float)</c>.
/// </summary>
public static class PredictionFormat
{
    /// <summary>
    /// Formats a prediction value exactly as Python's <c>'{0:g}'.format(v)</c>: 6 significant digits, trailing
    /// zeros removed, exponent form (<c>1e-05</c>, <c>1.5e+06</c>) below 1e-4 and from 1e6, and <c>nan</c>,
    /// <c>inf</c>, <c>-inf</c>. Negative zero gives <c>-0</c>.
    /// </summary>
    public static string FormatValue(double v)
    {
        Span<char> buffer = stackalloc char[32];
        int length = FormatValue(v, buffer);
        return new string(buffer[..length]);
    }

    /// <summary>Writes <see cref="FormatValue(double)"/> of <paramref name="v"/> into <paramref name="destination"/>
    /// (32 characters are always enough) and returns the number of characters written.</summary>
    internal static int FormatValue(double v, Span<char> destination)
    {
        if (double.IsNaN(v)) return Copy("nan", destination);
        if (double.IsPositiveInfinity(v)) return Copy("inf", destination);
        if (double.IsNegativeInfinity(v)) return Copy("-inf", destination);
        // .NET's G6 equals Python's 'g' apart from the case of the exponent letter.
        if (!v.TryFormat(destination, out int written, "G6", CultureInfo.InvariantCulture))
            throw new ArgumentException("The destination is too small for a G6 value.", nameof(destination));
        for (int i = 0; i < written; i++)
        {
            if (destination[i] == 'E') destination[i] = 'e';
        }
        return written;
    }

    /// <summary>
    /// Formats a float exactly as Python 3's <c>str(t)</c> (= <c>repr(t)</c>): the shortest digits that read back
    /// to the same double; positional with at least one decimal (<c>1200.0</c>, <c>0.0001</c>) when the decimal
    /// exponent is in [-4, 16), otherwise exponent form (<c>1e-05</c>, <c>1.5e+16</c>); <c>nan</c>, <c>inf</c>,
    /// <c>-inf</c>; <c>-0.0</c> for negative zero.
    /// </summary>
    public static string FormatTimestamp(double t)
    {
        if (double.IsNaN(t)) return "nan";
        if (double.IsPositiveInfinity(t)) return "inf";
        if (double.IsNegativeInfinity(t)) return "-inf";
        bool negative = double.IsNegative(t);
        if (t == 0) return negative ? "-0.0" : "0.0";

        // .NET's "R" gives the same shortest round-trip digits as Python; only the layout differs.
        (string digits, int pointPosition) = ShortestDigits(Math.Abs(t));
        var text = new StringBuilder(32);
        if (negative) text.Append('-');
        if (pointPosition <= -4 || pointPosition > 16)
        {
            // Value = 0.d1d2... x 10^pointPosition = d1.d2... x 10^(pointPosition - 1).
            int exponent = pointPosition - 1;
            text.Append(digits[0]);
            if (digits.Length > 1) text.Append('.').Append(digits, 1, digits.Length - 1);
            text.Append('e').Append(exponent < 0 ? '-' : '+');
            text.Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (pointPosition <= 0)
        {
            text.Append("0.").Append('0', -pointPosition).Append(digits);
        }
        else if (pointPosition < digits.Length)
        {
            text.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
        }
        else
        {
            text.Append(digits).Append('0', pointPosition - digits.Length).Append(".0");
        }
        return text.ToString();
    }

    /// <summary>Formats a list of floats as Python's <c>repr(list)</c>: <c>[0.1, 0.25]</c>, <c>[]</c> when empty.</summary>
    public static string FormatList(IEnumerable<double> values) =>
        "[" + string.Join(", ", values.Select(FormatTimestamp)) + "]";

    /// <summary>
    /// The significant digits (no leading or trailing zeros) of a positive finite double's shortest round-trip
    /// form, and the position of the decimal point: value = 0.digits x 10^pointPosition.
    /// </summary>
    private static (string Digits, int PointPosition) ShortestDigits(double positive)
    {
        string r = positive.ToString("R", CultureInfo.InvariantCulture);
        int e = r.IndexOfAny(['E', 'e']);
        string mantissa = e < 0 ? r : r[..e];
        int exponent = e < 0 ? 0 : int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.');
        int integerDigits = dot < 0 ? mantissa.Length : dot;
        string all = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        int leadingZeros = 0;
        while (leadingZeros < all.Length - 1 && all[leadingZeros] == '0') leadingZeros++;
        string digits = all[leadingZeros..].TrimEnd('0');
        return (digits, integerDigits - leadingZeros + exponent);
    }

    private static int Copy(string text, Span<char> destination)
    {
        text.AsSpan().CopyTo(destination);
        return text.Length;
    }
}
