using System.Globalization;

namespace AutoVision.Runner.Tests;

/// <summary>
/// A second, deliberately different implementation of the challenge's scores, used to check what the runner
/// wrote: AUC by counting positive/negative pairs (ties count ½) instead of ranks, ALC as an explicit sum of
/// rectangles in log time.
/// </summary>
internal static class IndependentScorer
{
    public static double[][] ReadMatrix(string path) =>
        File.ReadAllLines(path).Where(l => l.Trim().Length > 0)
            .Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
                .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();

    public static double Nauc(double[][] solution, double[][] prediction)
    {
        int n = solution.Length, classes = solution[0].Length;
        var aucs = new List<double>();
        for (int c = 0; c < classes; c++)
        {
            var pos = Enumerable.Range(0, n).Where(i => solution[i][c] == 1).Select(i => prediction[i][c]).ToArray();
            var neg = Enumerable.Range(0, n).Where(i => solution[i][c] != 1).Select(i => prediction[i][c]).ToArray();
            if (pos.Length == 0 || neg.Length == 0) continue;   // the scorer drops such columns
            double wins = 0;
            foreach (var p in pos)
                foreach (var q in neg)
                    wins += p > q ? 1 : p == q ? 0.5 : 0;
            aucs.Add(wins / ((double)pos.Length * neg.Length));
        }
        return 2 * aucs.Average() - 1;
    }

    public static double Alc(IReadOnlyList<double> times, IReadOnlyList<double> scores, double budget, double t0)
    {
        double X(double t) => Math.Log(1 + t / t0) / Math.Log(1 + budget / t0);
        double area = 0;
        for (int i = 0; i < times.Count; i++)
        {
            double next = i + 1 < times.Count ? X(times[i + 1]) : 1.0;
            area += scores[i] * (next - X(times[i]));
        }
        return area;
    }

    /// <summary>The key: value lines of scores.txt / start.txt.</summary>
    public static Dictionary<string, string> ReadKeyValues(string path) =>
        File.ReadAllLines(path).Where(l => l.Contains(':'))
            .ToDictionary(l => l[..l.IndexOf(':')].Trim(), l => l[(l.IndexOf(':') + 1)..].Trim());

    public static double[] ParseList(string text) =>
        text.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
}
