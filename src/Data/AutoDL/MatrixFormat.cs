namespace AutoVision.Data.AutoDL;

/// <summary>
/// Storage format of one matrix bundle (<c>MatrixSpec.Format</c> in <c>data.proto</c>).
/// The numeric values are the protobuf enum numbers.
/// </summary>
public enum MatrixFormat
{
    /// <summary>Raw float32 values in the <c>0_dense_input</c> feature list.</summary>
    Dense = 0,

    /// <summary>Coordinate lists in the <c>0_sparse_*</c> feature lists.</summary>
    Sparse = 1,

    /// <summary>One encoded image (PNG or JPEG) per time step in the <c>0_compressed</c> feature list.</summary>
    Compressed = 2,
}
