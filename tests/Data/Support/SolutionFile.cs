using System.Globalization;

namespace AutoVision.Data.Tests.Support;

/// <summary>Tiny reader of a <c>.solution</c> file: whitespace-separated numbers, one row per line.</summary>
internal static class SolutionFile
{
    public static double[][] Read(string path) => File.ReadAllLines(path)
        .Where(line => !string.IsNullOrWhiteSpace(line))
        .Select(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
        .ToArray();

    public static int[] PositivesPerClass(double[][] rows) =>
        Enumerable.Range(0, rows[0].Length).Select(c => rows.Count(r => r[c] != 0)).ToArray();
}
