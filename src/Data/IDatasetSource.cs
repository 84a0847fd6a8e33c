using AutoVision.Data.AutoDL;
using AutoVision.Data.Profiling;

namespace AutoVision.Data;

/// <summary>
/// A dataset the runner can profile and learn from: a training split with labels and a test split without.
/// </summary>
/// <remarks>
/// <para>Every source hands out the same example type (<see cref="AutoDLExample"/>: a float32 (T, H, W, C) tensor in
/// [0, 1] plus label indices). Test examples never carry labels, whatever the source knows: the learner cannot see
/// them. <see cref="ReadTestLabels"/> exists only for converting a dataset (to write the <c>.solution</c> file) and
/// returns null unless the source ships its test labels as part of its own layout (image folders with
/// <c>test/&lt;class&gt;/</c>, manifests with labelled test rows).</para>
/// <para>Test rows keep their order and are never dropped: an undecodable test example is an error naming its file.</para>
/// </remarks>
public interface IDatasetSource
{
    /// <summary>Dataset name (used for output file names, e.g. <c>&lt;name&gt;.solution</c>).</summary>
    string Name { get; }

    /// <summary>Class names by index (length <see cref="OutputDim"/>), or null when the source has none.</summary>
    IReadOnlyList<string>? Classes { get; }

    /// <summary>Number of classes: columns of the label matrix and of the predictions.</summary>
    int OutputDim { get; }

    /// <summary>
    /// Whether the source declares that an example may have several labels (a manifest with label lists or 0/1
    /// columns). False when the format does not say (AutoDL records); <see cref="DatasetProfile"/> measures it.
    /// </summary>
    bool IsMultiLabel { get; }

    /// <summary>Training examples left out by the last <see cref="ReadTrain"/> call (undecodable images), with the reason.</summary>
    IReadOnlyList<SkippedExample> Skipped { get; }

    /// <summary>Reads and decodes every training example with its labels, in the source's deterministic order.</summary>
    /// <exception cref="InvalidDataException">Input that cannot be read; the message names the file (and record, and field).</exception>
    IReadOnlyList<AutoDLExample> ReadTrain();

    /// <summary>Reads and decodes every test example, in row order; their labels are always empty.</summary>
    /// <exception cref="InvalidDataException">An unreadable test example; the message names the file (and record).</exception>
    IReadOnlyList<AutoDLExample> ReadTest();

    /// <summary>
    /// The test labels as class indices per test row (row order of <see cref="ReadTest"/>), or null when the source
    /// does not ship them. Only for writing a <c>.solution</c> file when converting; learners never call it.
    /// </summary>
    IReadOnlyList<int[]>? ReadTestLabels();
}
