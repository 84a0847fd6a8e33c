namespace AutoVision.Scoring;

/// <summary>
/// Reads a whitespace-separated matrix of numbers, one row per line, like <c>np.loadtxt</c>: any run of spaces or
/// tabs separates values, leading and trailing whitespace and blank lines are ignored, and every row must have
/// the same number of values. Errors name the file, the line, the column and what was expected.
/// </summary>
internal static class MatrixText
{
    public static double[,] Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found; expected a matrix of numbers.", path);
        var rows = new List<double[]>();
        var row = new List<double>();
        int columns = -1;
        int firstLine = 0;
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            row.Clear();
            ParseLine(path, line, lineNumber, row);
            if (row.Count == 0) continue;
            if (columns < 0)
            {
                columns = row.Count;
                firstLine = lineNumber;
            }
            else if (row.Count != columns)
            {
                throw new InvalidDataException(
                    $"{path}: line {lineNumber} has {row.Count} values; expected {columns} like line {firstLine} (rows must all have the same length).");
            }
            rows.Add(row.ToArray());
        }
        if (columns < 0) throw new InvalidDataException($"{path}: the file holds no numbers; expected a matrix with one row per line.");

        var matrix = new double[rows.Count, columns];
        for (int i = 0; i < rows.Count; i++)
        {
            for (int j = 0; j < columns; j++) matrix[i, j] = rows[i][j];
        }
        return matrix;
    }

    private static void ParseLine(string path, string line, int lineNumber, List<double> row)
    {
        int position = 0;
        while (true)
        {
            while (position < line.Length && IsSeparator(line[position])) position++;
            if (position >= line.Length) return;
            int start = position;
            while (position < line.Length && !IsSeparator(line[position])) position++;
            ReadOnlySpan<char> token = line.AsSpan(start, position - start);
            if (!NumberText.TryParse(token, out double value))
            {
                throw new InvalidDataException(
                    $"{path}: line {lineNumber}, column {start + 1} (value {row.Count + 1}): expected {NumberText.Expected}, found '{token}'.");
            }
            row.Add(value);
        }
    }

    private static bool IsSeparator(char c) => c is ' ' or '\t' or '\r' or '\v' or '\f';
}
