using System.Text;

namespace AutoVision.Data.AutoDL;

/// <summary>What <see cref="AutoDLWriter.Write"/> wrote.</summary>
/// <param name="DatasetDir">The folder holding <c>&lt;name&gt;.data</c> (open it with <see cref="AutoDLDataset.Open"/>).</param>
/// <param name="SolutionPath">The <c>.solution</c> file, or null when the source has no test labels.</param>
/// <param name="TrainCount">Training records written.</param>
/// <param name="TestCount">Test records written.</param>
/// <param name="Skipped">Training examples the source left out (undecodable images).</param>
public sealed record AutoDLWriteResult(string DatasetDir, string? SolutionPath, int TrainCount, int TestCount, IReadOnlyList<SkippedExample> Skipped);

/// <summary>
/// Writes any <see cref="IDatasetSource"/> in the AutoDL format, as the challenge's dataset formatter did:
/// <code>
/// &lt;outputDir&gt;/&lt;name&gt;.data/train/sample-&lt;name&gt;-train.tfrecord + metadata.textproto
/// &lt;outputDir&gt;/&lt;name&gt;.data/test/sample-&lt;name&gt;-test.tfrecord  + metadata.textproto
/// &lt;outputDir&gt;/&lt;name&gt;.solution   (only when the source has test labels)
/// </code>
/// </summary>
/// <remarks>
/// <para>Records: TFRecord framing with masked CRC32C; each a <c>SequenceExample</c> with context <c>id</c>,
/// <c>label_index</c>, <c>label_score</c> and one PNG per frame in <c>0_compressed</c>. Test records come first in
/// id order 0..n_test−1 and have empty label lists; training ids start at n_test, in the source's order.</para>
/// <para>Metadata: COMPRESSED, <c>row_count</c>/<c>col_count</c> the common H/W of every example of both splits or
/// -1 when they vary, <c>sequence_size</c> the common T or -1, <c>num_channels</c> the common C (an error if it
/// varies), <c>output_dim</c>, class names in <c>label_to_index_map</c> when known, and each split's
/// <c>sample_count</c>. Solution: one row per test example, 1 at each label and 0 elsewhere, written like
/// <c>np.savetxt(fmt='%.0f')</c> (space-separated, '\n').</para>
/// <para>Every file is written under a temporary name and renamed; an existing <c>&lt;name&gt;.data</c> is never overwritten.</para>
/// </remarks>
public static class AutoDLWriter
{
    /// <summary>Reads <paramref name="source"/> and writes it into <paramref name="outputDir"/> under <paramref name="name"/> (default: the source's name).</summary>
    /// <exception cref="IOException"><c>&lt;name&gt;.data</c> already exists in <paramref name="outputDir"/>.</exception>
    /// <exception cref="InvalidDataException">The examples mix channel counts, or a test label is outside the classes.</exception>
    public static AutoDLWriteResult Write(IDatasetSource source, string outputDir, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(outputDir);
        name ??= source.Name;
        string root = Path.GetFullPath(outputDir);
        string dataDir = Path.Combine(root, name + ".data");
        if (Directory.Exists(dataDir))
        {
            throw new IOException($"AutoDL output '{dataDir}' already exists; choose an empty output folder.");
        }

        IReadOnlyList<AutoDLExample> train = source.ReadTrain();
        IReadOnlyList<AutoDLExample> test = source.ReadTest();
        IReadOnlyList<int[]>? testLabels = source.ReadTestLabels();
        AutoDLExample[] all = [.. test, .. train];
        int channels = Common(all, e => e.Channels) ?? throw new InvalidDataException($"Dataset '{source.Name}': examples have different channel counts ({string.Join(", ", all.Select(e => e.Channels).Distinct())}); AutoDL metadata holds one num_channels.");
        int rows = Common(all, e => e.Height) ?? -1, cols = Common(all, e => e.Width) ?? -1, frames = Common(all, e => e.Frames) ?? -1;

        WriteSplit(Path.Combine(dataDir, "test"), $"sample-{name}-test.tfrecord", test, firstId: 0, isTest: true,
            MetadataWriter.Text(test.Count, frames, source.OutputDim, rows, cols, channels, source.Classes));
        WriteSplit(Path.Combine(dataDir, "train"), $"sample-{name}-train.tfrecord", train, firstId: test.Count, isTest: false,
            MetadataWriter.Text(train.Count, frames, source.OutputDim, rows, cols, channels, source.Classes));

        string? solution = null;
        if (testLabels is not null)
        {
            solution = Path.Combine(root, name + ".solution");
            WriteAtomically(solution, stream => WriteSolution(stream, testLabels, source.OutputDim, source.Name));
        }

        return new AutoDLWriteResult(root, solution, train.Count, test.Count, source.Skipped);
    }

    private static void WriteSplit(string dir, string fileName, IReadOnlyList<AutoDLExample> examples, long firstId, bool isTest, string metadata)
    {
        Directory.CreateDirectory(dir);
        WriteAtomically(Path.Combine(dir, fileName), stream =>
        {
            var records = new byte[examples.Count][];
            Parallel.For(0, examples.Count, i =>
            {
                AutoDLExample e = examples[i];
                byte[][] pngs = Enumerable.Range(0, e.Frames).Select(t => PngFrameEncoder.Encode(e, t)).ToArray();
                records[i] = isTest
                    ? SequenceExampleWriter.Compressed(firstId + i, [], [], pngs)
                    : SequenceExampleWriter.Compressed(firstId + i, e.LabelIndex, e.LabelScore, pngs);
            });
            foreach (byte[] record in records)
            {
                TFRecordWriter.WriteRecord(stream, record);
            }
        });
        WriteAtomically(Path.Combine(dir, "metadata.textproto"), stream => stream.Write(Encoding.UTF8.GetBytes(metadata)));
    }

    private static void WriteSolution(Stream stream, IReadOnlyList<int[]> labels, int outputDim, string dataset)
    {
        var text = new StringBuilder();
        for (int row = 0; row < labels.Count; row++)
        {
            var line = new char[outputDim];
            Array.Fill(line, '0');
            foreach (int index in labels[row])
            {
                if (index < 0 || index >= outputDim)
                {
                    throw new InvalidDataException($"Dataset '{dataset}', test row {row}: label index {index} is outside [0, output_dim={outputDim}).");
                }

                line[index] = '1';
            }

            text.AppendJoin(' ', line).Append('\n');
        }

        stream.Write(Encoding.ASCII.GetBytes(text.ToString()));
    }

    private static int? Common(IReadOnlyList<AutoDLExample> examples, Func<AutoDLExample, int> value)
    {
        int[] distinct = examples.Select(value).Distinct().Take(2).ToArray();
        return distinct.Length == 1 ? distinct[0] : null;
    }

    private static void WriteAtomically(string path, Action<Stream> write)
    {
        string temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
