namespace AutoVision.Scoring;

/// <summary>
/// Reads the ingestion's <c>key: value</c> files (<c>start.txt</c>, <c>end.txt</c>), the flat YAML subset they use:
/// one pair per line, split at the first colon, blank lines ignored. Errors name the file and the line.
/// </summary>
internal static class KeyValueText
{
    public readonly record struct Entry(string Path, int Line, string Key, string Value)
    {
        public double AsNumber()
        {
            if (NumberText.TryParse(Value, out double value)) return value;
            throw new InvalidDataException($"{Path}: line {Line}: '{Key}' must be {NumberText.Expected}, found '{Value}'.");
        }

        public int AsInteger()
        {
            if (int.TryParse(Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int value)) return value;
            throw new InvalidDataException($"{Path}: line {Line}: '{Key}' must be an integer, found '{Value}'.");
        }
    }

    public static IEnumerable<Entry> Read(string path, string expected)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found; expected {expected}.", path);
        int lineNumber = 0;
        foreach (string line in File.ReadAllLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            int colon = line.IndexOf(':');
            string key = colon < 0 ? "" : line[..colon].Trim();
            if (key.Length == 0)
            {
                throw new InvalidDataException(
                    $"{path}: line {lineNumber}: expected a 'key: value' line of {expected}, found '{line}'.");
            }
            yield return new Entry(path, lineNumber, key, line[(colon + 1)..].Trim());
        }
    }

    public static InvalidDataException Missing(string path, string key, string expected) =>
        new($"{path}: no '{key}: ...' line; expected {expected}.");
}
