namespace AutoVision.Data.Tests.Support;

/// <summary>Writes a small AutoDL-layout dataset (metadata + TFRecord files) into a folder.</summary>
internal static class SyntheticDataset
{
    /// <summary>Creates <c>&lt;root&gt;/&lt;name&gt;.data/{train,test}</c> with the given metadata and data files.</summary>
    public static string Create(
        string root,
        string name,
        string metadata,
        IReadOnlyDictionary<string, IEnumerable<byte[]>> trainFiles,
        IReadOnlyDictionary<string, IEnumerable<byte[]>> testFiles,
        string? testMetadata = null)
    {
        string dataDir = Path.Combine(root, name + ".data");
        WriteSplit(Path.Combine(dataDir, "train"), metadata, trainFiles);
        WriteSplit(Path.Combine(dataDir, "test"), testMetadata ?? metadata, testFiles);
        return root;
    }

    /// <summary>A one-pixel DENSE record whose single value and id are <paramref name="value"/>.</summary>
    public static byte[] DenseRecord(int value, int label = 0) => new SequenceExampleBuilder()
        .ContextInt64("id", [value])
        .ContextInt64("label_index", [label])
        .ContextFloats("label_score", [1f])
        .List("0_dense_input", SequenceExampleBuilder.FloatFeature([value]))
        .Build();

    public const string DenseMetadata = "output_dim: 2 matrix_spec { row_count: 1 col_count: 1 format: DENSE }";

    private static void WriteSplit(string dir, string metadata, IReadOnlyDictionary<string, IEnumerable<byte[]>> files)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "metadata.textproto"), metadata);
        foreach ((string file, IEnumerable<byte[]> records) in files)
        {
            TfRecordWriter.Write(Path.Combine(dir, file), records);
        }
    }
}
