namespace AutoVision.Data.AutoDL;

/// <summary>Which list a <c>tf.train.Feature</c> holds (its <c>oneof kind</c>).</summary>
internal enum FeatureKind
{
    /// <summary>No list set (an empty <c>Feature</c>).</summary>
    None = 0,

    /// <summary><c>bytes_list</c> (field 1).</summary>
    Bytes = 1,

    /// <summary><c>float_list</c> (field 2).</summary>
    Float = 2,

    /// <summary><c>int64_list</c> (field 3).</summary>
    Int64 = 3,
}

/// <summary>A decoded <c>tf.train.Feature</c>: one of a bytes, float or int64 list.</summary>
internal sealed class Feature
{
    /// <summary>The list that is set; only the matching collection is filled.</summary>
    public FeatureKind Kind { get; set; }

    /// <summary>Values of a <c>bytes_list</c>.</summary>
    public List<byte[]> Bytes { get; } = [];

    /// <summary>Values of a <c>float_list</c>.</summary>
    public List<float> Floats { get; } = [];

    /// <summary>Values of an <c>int64_list</c>.</summary>
    public List<long> Int64s { get; } = [];

    /// <summary>Number of values in the list that is set.</summary>
    public int Count => Kind switch
    {
        FeatureKind.Bytes => Bytes.Count,
        FeatureKind.Float => Floats.Count,
        FeatureKind.Int64 => Int64s.Count,
        _ => 0,
    };

    /// <summary>Switches to <paramref name="kind"/>; a different kind replaces the old list (oneof semantics), the same kind appends (message merge).</summary>
    public void SetKind(FeatureKind kind)
    {
        if (Kind == kind)
        {
            return;
        }

        Bytes.Clear();
        Floats.Clear();
        Int64s.Clear();
        Kind = kind;
    }

    /// <summary>Name of the protobuf list field, for messages.</summary>
    public static string KindName(FeatureKind kind) => kind switch
    {
        FeatureKind.Bytes => "bytes_list",
        FeatureKind.Float => "float_list",
        FeatureKind.Int64 => "int64_list",
        _ => "no list",
    };
}
