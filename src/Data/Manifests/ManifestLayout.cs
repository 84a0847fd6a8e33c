namespace AutoVision.Data.Manifests;

/// <summary>
/// Where things are in a manifest's header: the path, the optional split, and the labels either as one name-list
/// column or as one 0/1 column per class.
/// </summary>
internal sealed record ManifestLayout(int PathColumn, int SplitColumn, int LabelColumn, int[] ClassColumns)
{
    /// <summary>Header names of the path, split and label-name columns.</summary>
    public const string PathName = "path", SplitName = "split", LabelName = "label";

    /// <summary>Whether labels are 0/1 columns (multi-label by construction).</summary>
    public bool IsIndicator => ClassColumns.Length > 0;

    /// <summary>Whether the manifest carries labels at all.</summary>
    public bool HasLabels => LabelColumn >= 0 || IsIndicator;

    /// <summary>Finds the columns of <paramref name="table"/>: every column other than path, split and label is a class column.</summary>
    /// <exception cref="InvalidDataException">No path column, or both a label column and class columns.</exception>
    public static ManifestLayout Of(ManifestTable table)
    {
        int path = table.Column(PathName);
        if (path < 0)
        {
            throw new InvalidDataException($"CSV manifest '{table.Path}', line 1: expected a '{PathName}' column but the header is '{string.Join(",", table.Headers)}'.");
        }

        int split = table.Column(SplitName);
        int label = table.Column(LabelName);
        int[] classes = Enumerable.Range(0, table.Headers.Length).Where(i => i != path && i != split && i != label).ToArray();
        if (label >= 0 && classes.Length > 0)
        {
            throw new InvalidDataException(
                $"CSV manifest '{table.Path}', line 1, column '{table.Headers[classes[0]]}': expected either a '{LabelName}' column (names, several separated by '|') or one 0/1 column per class, not both.");
        }

        return new ManifestLayout(path, split, label, classes);
    }
}
