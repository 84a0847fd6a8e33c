using System.Globalization;
using System.Text;

namespace AutoVision.Data.AutoDL;

/// <summary>
/// Writes <c>metadata.textproto</c> in the layout of the challenge's dataset formatter (field order, two-space
/// indent, <c>label_to_index_map</c> entries with single-quoted keys, in index order here).
/// </summary>
internal static class MetadataWriter
{
    /// <summary>The text of one split's metadata; train and test differ only in <paramref name="sampleCount"/>.</summary>
    /// <param name="sampleCount">Examples in this split.</param>
    /// <param name="sequenceSize">T, or -1 when it varies.</param>
    /// <param name="outputDim">Number of classes.</param>
    /// <param name="rowCount">H, or -1 when it varies.</param>
    /// <param name="colCount">W, or -1 when it varies.</param>
    /// <param name="channels">C.</param>
    /// <param name="classes">Class names by index, or null.</param>
    public static string Text(int sampleCount, int sequenceSize, int outputDim, int rowCount, int colCount, int channels, IReadOnlyList<string>? classes)
    {
        var text = new StringBuilder();
        Line(text, "is_sequence", sequenceSize == 1 ? "false" : "true");
        Line(text, "sample_count", Number(sampleCount));
        Line(text, "sequence_size", Number(sequenceSize));
        Line(text, "output_dim", Number(outputDim));
        text.Append("matrix_spec {\n");
        Line(text, "  col_count", Number(colCount));
        Line(text, "  row_count", Number(rowCount));
        Line(text, "  num_channels", Number(channels));
        Line(text, "  is_sequence_col", "false");
        Line(text, "  is_sequence_row", "false");
        Line(text, "  has_locality_col", "true");
        Line(text, "  has_locality_row", "true");
        Line(text, "  format", "COMPRESSED");
        text.Append("}\n");
        for (int i = 0; classes is not null && i < classes.Count; i++)
        {
            text.Append("label_to_index_map {\n");
            Line(text, "  key", Quote(classes[i]));
            Line(text, "  value", Number(i));
            text.Append("}\n");
        }

        return text.Append('\n').ToString();
    }

    /// <summary>A single-quoted text-format string: backslash, quote and control characters escaped, other characters as UTF-8 text.</summary>
    internal static string Quote(string value)
    {
        var quoted = new StringBuilder("'");
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\': quoted.Append(@"\\"); break;
                case '\'': quoted.Append(@"\'"); break;
                case '\n': quoted.Append(@"\n"); break;
                case '\r': quoted.Append(@"\r"); break;
                case '\t': quoted.Append(@"\t"); break;
                default:
                    if (c < 0x20)
                    {
                        quoted.Append('\\').Append(Convert.ToString(c, 8).PadLeft(3, '0'));
                    }
                    else
                    {
                        quoted.Append(c);
                    }

                    break;
            }
        }

        return quoted.Append('\'').ToString();
    }

    private static void Line(StringBuilder text, string field, string value) => text.Append(field).Append(": ").Append(value).Append('\n');

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
