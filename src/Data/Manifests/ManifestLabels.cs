using System.Collections.Frozen;

namespace AutoVision.Data.Manifests;

/// <summary>Turns the label fields of a manifest row into class indices.</summary>
internal sealed class ManifestLabels
{
    /// <summary>Separator of several class names in one label field.</summary>
    public const char ListSeparator = '|';

    private readonly string[] _classes;
    private readonly FrozenDictionary<string, int> _index;

    public ManifestLabels(string[] classes)
    {
        _classes = classes;
        _index = classes.Select((name, i) => (name, i)).ToFrozenDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
    }

    /// <summary>The class list: the given one, else the training 0/1 column names, else every label name in ordinal order.</summary>
    /// <exception cref="InvalidDataException">The 0/1 columns of the two manifests differ, a given list has a repeat, or no class at all.</exception>
    public static string[] Classes(
        IReadOnlyList<string>? given,
        ManifestTable trainTable, ManifestLayout trainLayout, IReadOnlyList<ManifestRow> trainRows,
        ManifestTable testTable, ManifestLayout testLayout, IReadOnlyList<ManifestRow> testRows)
    {
        string[] names;
        if (given is not null)
        {
            names = [.. given];
        }
        else if (trainLayout.IsIndicator)
        {
            names = trainLayout.ClassColumns.Select(c => trainTable.Headers[c].Trim()).ToArray();
        }
        else
        {
            names = Names(trainLayout, trainRows).Concat(testLayout.LabelColumn >= 0 ? Names(testLayout, testRows) : [])
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        }

        string? repeat = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (repeat is not null)
        {
            throw new InvalidDataException($"CSV manifest '{trainTable.Path}': class '{repeat}' appears twice in the class list.");
        }

        if (names.Length == 0)
        {
            throw new InvalidDataException($"CSV manifest '{trainTable.Path}': no classes (no label names and no class columns).");
        }

        if (testLayout.IsIndicator)
        {
            string[] testNames = testLayout.ClassColumns.Select(c => testTable.Headers[c].Trim()).ToArray();
            if (!testNames.SequenceEqual(names, StringComparer.Ordinal))
            {
                throw new InvalidDataException(
                    $"CSV manifest '{testTable.Path}', line 1: expected the class columns '{string.Join(",", names)}' but found '{string.Join(",", testNames)}'.");
            }
        }

        return names;
    }

    /// <summary>Class indices of <paramref name="row"/>, ascending and without repeats; empty when it has no labels.</summary>
    /// <exception cref="InvalidDataException">An unknown class name or a value other than 0/1; the message names file, line and column.</exception>
    public int[] Parse(ManifestTable table, ManifestLayout layout, ManifestRow row)
    {
        var indices = new SortedSet<int>();
        if (layout.IsIndicator)
        {
            foreach (int column in layout.ClassColumns)
            {
                string value = row.Fields[column].Trim();
                if (value == "1")
                {
                    indices.Add(_index[table.Headers[column].Trim()]);
                }
                else if (value != "0")
                {
                    throw new InvalidDataException($"{table.Where(row, column)}: expected 0 or 1 but found '{value}'.");
                }
            }
        }
        else if (layout.LabelColumn >= 0)
        {
            foreach (string name in Split(row.Fields[layout.LabelColumn]))
            {
                if (!_index.TryGetValue(name, out int index))
                {
                    throw new InvalidDataException($"{table.Where(row, layout.LabelColumn)}: class '{name}' is not in the class list ({Describe(_classes)}).");
                }

                indices.Add(index);
            }
        }

        return [.. indices];
    }

    private static IEnumerable<string> Names(ManifestLayout layout, IReadOnlyList<ManifestRow> rows) =>
        rows.SelectMany(r => Split(r.Fields[layout.LabelColumn]));

    private static IEnumerable<string> Split(string field) =>
        field.Split(ListSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static string Describe(string[] classes) => classes.Length <= 20
        ? string.Join(", ", classes.Select(c => $"'{c}'"))
        : string.Join(", ", classes.Take(20).Select(c => $"'{c}'")) + $", … {classes.Length} in all";
}
