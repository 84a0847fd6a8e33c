using AutoVision.Transfer.FineTuning;
using AutoVision.Transfer.Nas;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Checkpoints;

/// <summary>
/// A model trained by a run, loaded back from its checkpoint for prediction or as the start of another run (a warm
/// start): the classifier with the checkpoint's weights, and what the run knew about its data.
/// </summary>
public sealed class TrainedModel : IDisposable
{
    private TrainedModel(string path, CheckpointMetadata metadata, ImageClassifier classifier, AdaptedClassifier? derived)
    {
        Path = path;
        Metadata = metadata;
        Classifier = classifier;
        Derived = derived;
    }

    /// <summary>The checkpoint file read.</summary>
    public string Path { get; }

    public CheckpointMetadata Metadata { get; }

    /// <summary>The ResNet18 classifier the checkpoint's weights belong to (or, for a derived model, are built on).</summary>
    public ImageClassifier Classifier { get; }

    /// <summary>The model the architecture search derived from <see cref="Classifier"/>, when the checkpoint holds one
    /// (null: the classifier is the model).</summary>
    public AdaptedClassifier? Derived { get; }

    /// <summary>The network that predicts, with the checkpoint's weights, in eval mode (on the CPU until moved).</summary>
    public nn.Module<Tensor, Tensor> Network => Derived is null ? Classifier : Derived;

    /// <summary>
    /// The checkpoint a path names: a <c>.ckpt</c> file itself; a checkpoint folder (its <c>best</c>, else its
    /// <c>last</c>); or a run's output folder (the same in its <c>checkpoints/</c>).
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing at the path holds a checkpoint; the message says what was looked for.</exception>
    public static string FindCheckpoint(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (File.Exists(full)) return full;
        foreach (var folder in new[] { full, System.IO.Path.Combine(full, "checkpoints") })
        {
            var store = new CheckpointStore(folder);
            if (store.Exists(CheckpointStore.BestName)) return store.PathOf(CheckpointStore.BestName);
            if (store.Exists(CheckpointStore.LastName)) return store.PathOf(CheckpointStore.LastName);
        }
        throw new FileNotFoundException(
            $"'{full}' holds no model: expected a .ckpt file, a checkpoint folder with best.ckpt or last.ckpt, or a run's output folder with checkpoints/best.ckpt or checkpoints/last.ckpt.",
            full);
    }

    /// <summary>Loads the model that <paramref name="path"/> names (see <see cref="FindCheckpoint"/>): the classifier,
    /// or the model the architecture search derived from it when the checkpoint holds one.</summary>
    /// <exception cref="FileNotFoundException">No checkpoint there.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is damaged or not a ResNet18 classifier's.</exception>
    public static TrainedModel Load(string path)
    {
        string file = FindCheckpoint(path);
        using var checkpoint = CheckpointStore.LoadFile(file);
        var metadata = checkpoint.Metadata;
        if (metadata.Classes < 1)
            throw new InvalidDataException($"'{file}': the checkpoint's metadata gives {metadata.Classes} classes; expected at least one.");
        ResNet18Backbone backbone;
        try
        {
            backbone = BackboneRegistry.Create(metadata.Backbone);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"'{file}': {ex.Message}", ex);
        }
        backbone.RescaleInput(metadata.InputScale);
        var classifier = new ImageClassifier(backbone, metadata.Classes, metadata.Channels > 0 ? metadata.Channels : 3, Math.Max(1, metadata.Frames));
        ChannelsLastWeights.Apply(classifier);   // the CPU layout the learner trains with: the same kernels, the same outputs
        AdaptedClassifier? derived = null;
        try
        {
            var architecture = ArchitectureOf(file, checkpoint, classifier);
            derived = architecture is null ? null : AdaptationSupernet.Build(classifier, architecture);
            checkpoint.State.RestoreInto(derived is null ? classifier : derived);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException)
        {
            derived?.Dispose();
            classifier.Dispose();
            throw new InvalidDataException($"'{file}' does not hold a ResNet18 classifier for {metadata.Classes} classes: {ex.Message}", ex);
        }
        classifier.eval();
        derived?.eval();
        return new TrainedModel(file, metadata, classifier, derived);
    }

    /// <summary>
    /// The searched architecture whose model <paramref name="checkpoint"/> holds: the one its metadata records, or — for
    /// a checkpoint written before the metadata recorded it — the one in the <c>nas.json</c> beside
    /// <paramref name="file"/> when the checkpoint holds more tensors than <paramref name="classifier"/> has. Null: the
    /// weights are the plain classifier's.
    /// </summary>
    /// <exception cref="InvalidDataException">The <c>nas.json</c> beside the file is not a NAS record.</exception>
    public static Architecture? ArchitectureOf(string file, Checkpoint checkpoint, ImageClassifier classifier)
    {
        if (checkpoint.Metadata.Architecture is { } recorded) return recorded;
        if (checkpoint.State.Tensors.Count == classifier.state_dict().Count) return null;
        return NasCheckpoint.Load(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file))!)?.Chosen;
    }

    /// <summary>Class probabilities (N, classes) of a batch (N,C,H,W) in [0,1]: softmax, or per-class sigmoids for a
    /// multi-label model.</summary>
    public Tensor Probabilities(Tensor images01)
    {
        using var _ = no_grad();
        using var logits = Network.call(images01);
        return LinearProbe.Probabilities(logits, Metadata.MultiLabel);
    }

    public void Dispose()
    {
        Derived?.Dispose();   // shares the classifier's backbone and head; disposing a module twice is harmless
        Classifier.Dispose();
    }
}
