using System.Runtime.ExceptionServices;
using AutoVision.Data.Profiling;

namespace AutoVision.Data.AutoDL;

/// <summary>
/// An AutoDL-format dataset directory:
/// <code>
/// &lt;datasetDir&gt;/&lt;name&gt;.data/{train,test}/metadata.textproto
/// &lt;datasetDir&gt;/&lt;name&gt;.data/{train,test}/sample*        (TFRecord files of tf.train.SequenceExample)
/// &lt;datasetDir&gt;/&lt;name&gt;.solution                      (optional: test labels)
/// </code>
/// </summary>
/// <remarks>
/// <para>Data files are those matching <c>sample*</c> (so files without a <c>.tfrecord</c> extension count).
/// Several files of one split are read one after the other in ordinal name order. The official reader instead
/// interleaved several files (<c>Dataset.interleave(TFRecordDataset, cycle_length=3)</c>); for training the order
/// does not matter. Test rows must follow the test records, and the platform always ships a single test file,
/// so a test split with several files is rejected because its row order would be ambiguous.</para>
/// <para><see cref="Open"/> validates the layout, both metadata files and that the format can be read, so that a
/// run fails before it spends any time budget.</para>
/// </remarks>
public sealed class AutoDLDataset : IDatasetSource
{
    private const string DataFilePattern = "sample*";
    private const int DecodeBatch = 256;

    private AutoDLDataset(string name, string dataDir, string? solutionPath, DataSpecification train, DataSpecification test, IReadOnlyList<string> trainFiles, IReadOnlyList<string> testFiles)
    {
        Name = name;
        DataDir = dataDir;
        SolutionPath = solutionPath;
        TrainMetadata = train;
        TestMetadata = test;
        TrainFiles = trainFiles;
        TestFiles = testFiles;
        Classes = ClassNames(train);
    }

    /// <summary>Dataset name: the <c>&lt;name&gt;.data</c> folder name without <c>.data</c>.</summary>
    public string Name { get; }

    /// <summary>Full path of the <c>&lt;name&gt;.data</c> folder.</summary>
    public string DataDir { get; }

    /// <summary><c>&lt;datasetDir&gt;/&lt;name&gt;.solution</c> if that file exists, else null.</summary>
    public string? SolutionPath { get; }

    /// <summary>Metadata of the training split (the model is built from this one).</summary>
    public DataSpecification TrainMetadata { get; }

    /// <summary>Metadata of the test split (its <c>sample_count</c> is the number of prediction rows).</summary>
    public DataSpecification TestMetadata { get; }

    /// <summary>Training data files, in the order they are read.</summary>
    public IReadOnlyList<string> TrainFiles { get; }

    /// <summary>Test data files (exactly one).</summary>
    public IReadOnlyList<string> TestFiles { get; }

    /// <summary>
    /// Class names by index from the training <c>label_to_index_map</c> when it names every index of
    /// [0, <c>output_dim</c>) exactly once; null otherwise (many datasets ship no names).
    /// </summary>
    public IReadOnlyList<string>? Classes { get; }

    /// <summary><c>output_dim</c> of the training metadata.</summary>
    public int OutputDim => TrainMetadata.OutputDim;

    /// <summary>Always false: the format does not declare it (<see cref="DatasetProfile"/> counts labels per example).</summary>
    public bool IsMultiLabel => false;

    /// <summary>Always empty: a broken record is an error, never skipped.</summary>
    public IReadOnlyList<SkippedExample> Skipped => [];

    /// <summary>Always null: the <c>.solution</c> file belongs to the scorer, and test records carry no labels to read.</summary>
    public IReadOnlyList<int[]>? ReadTestLabels() => null;

    /// <summary>Opens the dataset in <paramref name="datasetDir"/>, which must hold exactly one <c>*.data</c> folder.</summary>
    /// <exception cref="DirectoryNotFoundException"><paramref name="datasetDir"/> or a split folder does not exist.</exception>
    /// <exception cref="InvalidDataException">No or several <c>*.data</c> folders, or invalid metadata.</exception>
    /// <exception cref="FileNotFoundException">A metadata file or the data files of a split are missing.</exception>
    /// <exception cref="NotSupportedException">SPARSE format, an unsupported channel count, or several test files.</exception>
    public static AutoDLDataset Open(string datasetDir)
    {
        ArgumentNullException.ThrowIfNull(datasetDir);
        string root = Path.GetFullPath(datasetDir);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"AutoDL dataset directory not found: {root}");
        }

        string[] dataDirs = Directory.GetDirectories(root)
            .Where(d => Path.GetFileName(d).EndsWith(".data", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (dataDirs.Length != 1)
        {
            string found = dataDirs.Length == 0 ? "none" : string.Join(", ", dataDirs.Select(Path.GetFileName));
            throw new InvalidDataException($"AutoDL dataset directory '{root}' must contain exactly one '<name>.data' folder, found {dataDirs.Length}: {found}.");
        }

        string dataDir = dataDirs[0];
        string name = Path.GetFileName(dataDir)[..^".data".Length];
        string solution = Path.Combine(root, name + ".solution");

        DataSpecification train = DataSpecification.Load(Path.Combine(dataDir, "train", "metadata.textproto"));
        DataSpecification test = DataSpecification.Load(Path.Combine(dataDir, "test", "metadata.textproto"));
        CheckSupported(train, "train");
        CheckSupported(test, "test");

        IReadOnlyList<string> trainFiles = FindDataFiles(dataDir, "train");
        IReadOnlyList<string> testFiles = FindDataFiles(dataDir, "test");
        if (testFiles.Count != 1)
        {
            throw new NotSupportedException(
                $"The test split of '{dataDir}' has {testFiles.Count} data files ({string.Join(", ", testFiles.Select(Path.GetFileName))}); " +
                "only one is supported because prediction rows must follow the test record order, which is ambiguous across several files.");
        }

        return new AutoDLDataset(name, dataDir, File.Exists(solution) ? solution : null, train, test, trainFiles, testFiles);
    }

    /// <summary>Reads and decodes every training example, in file order then record order. Reads the files again on each call.</summary>
    /// <exception cref="InvalidDataException">A corrupt file, record or image; the message names the file and record index.</exception>
    public IReadOnlyList<AutoDLExample> ReadTrain() => Read(TrainFiles, new ExampleDecoder(TrainMetadata, isTest: false));

    /// <summary>
    /// Reads and decodes every test example in record order, which is the row order of the predictions and of the
    /// solution. Labels are never read from test records (<see cref="AutoDLExample.LabelIndex"/> is empty).
    /// </summary>
    /// <exception cref="InvalidDataException">A corrupt file, record or image; the message names the file and record index.</exception>
    public IReadOnlyList<AutoDLExample> ReadTest() => Read(TestFiles, new ExampleDecoder(TestMetadata, isTest: true));

    private static string[]? ClassNames(DataSpecification spec)
    {
        int n = spec.OutputDim;
        if (n <= 0 || spec.LabelToIndex.Count != n)
        {
            return null;
        }

        var names = new string?[n];
        foreach ((string name, int index) in spec.LabelToIndex)
        {
            if (index < 0 || index >= n || names[index] is not null)
            {
                return null;
            }

            names[index] = name;
        }

        return names.Select(name => name!).ToArray();
    }

    private static void CheckSupported(DataSpecification spec, string split)
    {
        MatrixSpec m = spec.Matrix;
        switch (m.Format)
        {
            case MatrixFormat.Sparse:
                throw new NotSupportedException($"The {split} split uses the SPARSE matrix format, which is not supported yet (only DENSE and COMPRESSED).");
            case MatrixFormat.Dense when m.RowCount <= 0 || m.ColCount <= 0 || spec.Channels <= 0:
                throw new InvalidDataException($"The {split} split is DENSE, which needs row_count, col_count and num_channels > 0, but its metadata gives {m.RowCount}x{m.ColCount}x{spec.Channels}.");
            case MatrixFormat.Compressed when spec.Channels is not (1 or 3 or 4):
                throw new NotSupportedException($"The {split} split asks for {spec.Channels} image channels; only 1, 3 or 4 are supported.");
        }
    }

    private static IReadOnlyList<string> FindDataFiles(string dataDir, string split)
    {
        string dir = Path.Combine(dataDir, split);
        if (!Directory.Exists(dir))
        {
            throw new DirectoryNotFoundException($"AutoDL split folder not found: {dir}");
        }

        string[] files = Directory.GetFiles(dir, DataFilePattern).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new FileNotFoundException($"No data files matching '{DataFilePattern}' in {dir}.");
        }

        return files;
    }

    private static List<AutoDLExample> Read(IReadOnlyList<string> files, ExampleDecoder decoder)
    {
        var examples = new List<AutoDLExample>();
        foreach (string file in files)
        {
            var batch = new List<byte[]>(DecodeBatch);
            long first = 0;
            foreach (byte[] record in TFRecordReader.ReadRecords(file))
            {
                batch.Add(record);
                if (batch.Count == DecodeBatch)
                {
                    DecodeBatchInOrder(batch, file, first, decoder, examples);
                    first += batch.Count;
                    batch.Clear();
                }
            }

            DecodeBatchInOrder(batch, file, first, decoder, examples);
        }

        return examples;
    }

    /// <summary>Decodes a batch in parallel; results keep record order and the first failing record (by index) is reported.</summary>
    private static void DecodeBatchInOrder(List<byte[]> batch, string file, long firstIndex, ExampleDecoder decoder, List<AutoDLExample> output)
    {
        var results = new AutoDLExample[batch.Count];
        var errors = new Exception?[batch.Count];
        Parallel.For(0, batch.Count, i =>
        {
            try
            {
                results[i] = decoder.Decode(batch[i], file, firstIndex + i);
            }
            catch (Exception ex)
            {
                errors[i] = ex;
            }
        });

        foreach (Exception? error in errors)
        {
            if (error is not null)
            {
                ExceptionDispatchInfo.Throw(error);
            }
        }

        output.AddRange(results);
    }
}
