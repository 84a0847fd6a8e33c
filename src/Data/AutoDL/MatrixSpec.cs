namespace AutoVision.Data.AutoDL;

/// <summary>
/// One <c>matrix_spec</c> entry of <c>metadata.textproto</c>: the shape and storage of a single frame.
/// </summary>
/// <param name="RowCount">Frame height H; -1 means variable (each example has its own).</param>
/// <param name="ColCount">Frame width W; -1 means variable.</param>
/// <param name="Format">How the values are stored in the records.</param>
/// <param name="NumChannels">The raw <c>num_channels</c> field; -1 when absent. See <see cref="DataSpecification.Channels"/> for the resolved count.</param>
/// <param name="IsSequenceCol">Whether columns form a sequence.</param>
/// <param name="IsSequenceRow">Whether rows form a sequence.</param>
/// <param name="HasLocalityCol">Whether neighbouring columns are related (images: true).</param>
/// <param name="HasLocalityRow">Whether neighbouring rows are related (images: true).</param>
public sealed record MatrixSpec(
    int RowCount,
    int ColCount,
    MatrixFormat Format,
    int NumChannels,
    bool IsSequenceCol,
    bool IsSequenceRow,
    bool HasLocalityCol,
    bool HasLocalityRow);
