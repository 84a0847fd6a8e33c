using System.Collections.ObjectModel;
using AutoVision.Data.AutoDL.TextFormat;

namespace AutoVision.Data.AutoDL;

/// <summary>
/// The <c>metadata.textproto</c> of one split: protobuf text format of the proto2 message
/// <c>autodl.DataSpecification</c> (<c>data.proto</c> of the AutoDL starting kit).
/// </summary>
/// <remarks>
/// Missing fields take the proto2 defaults (<c>sequence_size</c> 1, <c>format</c> DENSE, <c>num_channels</c> -1,
/// everything else 0/false/empty). Unknown fields are skipped. For a singular field written several times the
/// last value wins, as with <c>text_format.Merge</c> used by the official reader.
/// </remarks>
public sealed class DataSpecification
{
    private static readonly IReadOnlyDictionary<string, MatrixFormat> FormatNames = new Dictionary<string, MatrixFormat>(StringComparer.Ordinal)
    {
        ["DENSE"] = MatrixFormat.Dense,
        ["SPARSE"] = MatrixFormat.Sparse,
        ["COMPRESSED"] = MatrixFormat.Compressed,
    };

    private DataSpecification(
        IReadOnlyList<MatrixSpec> matrices,
        bool isSequence,
        int outputDim,
        IReadOnlyDictionary<string, int> labelToIndex,
        IReadOnlyDictionary<string, int> featureToIndex,
        IReadOnlyDictionary<string, int> channelToIndex,
        int sequenceSize,
        int sampleCount)
    {
        Matrix = matrices[0];
        IsSequence = isSequence;
        OutputDim = outputDim;
        LabelToIndex = labelToIndex;
        FeatureToIndex = featureToIndex;
        ChannelToIndex = channelToIndex;
        SequenceSize = sequenceSize;
        SampleCount = sampleCount;
        Channels = Matrix.NumChannels != -1
            ? Matrix.NumChannels
            : Matrix.Format == MatrixFormat.Compressed ? 3 : 1;
    }

    /// <summary>The first <c>matrix_spec</c> (bundle 0, the only one the platform uses).</summary>
    public MatrixSpec Matrix { get; }

    /// <summary><c>is_sequence</c>.</summary>
    public bool IsSequence { get; }

    /// <summary><c>output_dim</c>: number of classes, i.e. columns of the prediction matrix.</summary>
    public int OutputDim { get; }

    /// <summary><c>label_to_index_map</c>: class name to column (empty when the dataset has no names).</summary>
    public IReadOnlyDictionary<string, int> LabelToIndex { get; }

    /// <summary><c>feature_to_index_map</c>.</summary>
    public IReadOnlyDictionary<string, int> FeatureToIndex { get; }

    /// <summary><c>channel_to_index_map</c> (text datasets: the vocabulary).</summary>
    public IReadOnlyDictionary<string, int> ChannelToIndex { get; }

    /// <summary><c>sequence_size</c>: number of frames T (default 1; -1 means variable).</summary>
    public int SequenceSize { get; }

    /// <summary><c>sample_count</c>: number of examples in this split (test: number of prediction rows).</summary>
    public int SampleCount { get; }

    /// <summary>
    /// Resolved channel count C: <c>num_channels</c>, or when it is -1 (absent) 3 for COMPRESSED and 1 otherwise
    /// (<c>AutoDLMetadata.get_num_channels</c>).
    /// </summary>
    public int Channels { get; }

    /// <summary>Parses protobuf text format; <paramref name="sourcePath"/> is only used in error messages.</summary>
    /// <exception cref="InvalidDataException">Syntax or type error (message names file, line and column), or no <c>matrix_spec</c>.</exception>
    public static DataSpecification Parse(string text, string sourcePath)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourcePath);
        TextMessage root = TextParser.Parse(text, sourcePath);
        var reader = new TextFieldReader(sourcePath);

        var matrices = reader.Messages(root, "matrix_spec").Select(m => ReadMatrixSpec(reader, m)).ToList();
        if (matrices.Count == 0)
        {
            throw new InvalidDataException($"{sourcePath}: expected at least one 'matrix_spec {{ ... }}' but found none.");
        }

        return new DataSpecification(
            matrices,
            isSequence: reader.Bool(root, "is_sequence", false),
            outputDim: reader.Int32(root, "output_dim", 0),
            labelToIndex: ReadOnly(reader.StringInt32Map(root, "label_to_index_map")),
            featureToIndex: ReadOnly(reader.StringInt32Map(root, "feature_to_index_map")),
            channelToIndex: ReadOnly(reader.StringInt32Map(root, "channel_to_index_map")),
            sequenceSize: reader.Int32(root, "sequence_size", 1),
            sampleCount: reader.Int32(root, "sample_count", 0));
    }

    /// <summary>Reads and parses a <c>metadata.textproto</c> file (UTF-8).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The content is not a valid data specification.</exception>
    public static DataSpecification Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Metadata file not found: {path}", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    private static MatrixSpec ReadMatrixSpec(TextFieldReader reader, TextMessage m) => new(
        RowCount: reader.Int32(m, "row_count", 0),
        ColCount: reader.Int32(m, "col_count", 0),
        Format: reader.Enum(m, "format", MatrixFormat.Dense, FormatNames),
        NumChannels: reader.Int32(m, "num_channels", -1),
        IsSequenceCol: reader.Bool(m, "is_sequence_col", false),
        IsSequenceRow: reader.Bool(m, "is_sequence_row", false),
        HasLocalityCol: reader.Bool(m, "has_locality_col", false),
        HasLocalityRow: reader.Bool(m, "has_locality_row", false));

    private static ReadOnlyDictionary<string, int> ReadOnly(IReadOnlyDictionary<string, int> map) =>
        new(map.ToDictionary(StringComparer.Ordinal));
}
