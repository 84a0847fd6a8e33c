namespace AutoVision.Search;

/// <summary>
/// The values a categorical choice, an enqueued parameter or a user attribute may hold: null, bool, int, long,
/// float, double or string — what every store can write and read back with its type intact.
/// </summary>
internal static class PrimitiveValues
{
    public static bool IsSupported(object? value) =>
        value is null or bool or int or long or float or double or string;

    public static void Require(object? value, string what)
    {
        if (!IsSupported(value))
            throw new ArgumentException(
                $"{what} is a {value!.GetType().Name}; only null, bool, int, long, float, double and string are supported.");
    }

    /// <summary>Equal values, treating numbers of different types as equal when their values are.</summary>
    public static bool AreEqual(object? a, object? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a.Equals(b)) return true;
        return IsNumber(a) && IsNumber(b) && Convert.ToDouble(a) == Convert.ToDouble(b);
    }

    public static int GetHashCode(object? value) => value switch
    {
        null => 0,
        int or long or float or double => Convert.ToDouble(value).GetHashCode(),
        _ => value.GetHashCode(),
    };

    private static bool IsNumber(object value) => value is int or long or float or double;
}
