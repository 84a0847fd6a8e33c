using System.Globalization;
using AutoVision.Data.Caching;
using AutoVision.Runner.Learning;
using AutoVision.Transfer;
using AutoVision.Transfer.Checkpoints;
using CsvHelper;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoVision.Runner.Prediction;

/// <summary>What <c>predict</c> did: rows written and rows whose image could not be read.</summary>
public sealed record PredictOutcome(string Checkpoint, int Rows, int Failed);

/// <summary>
/// The <c>predict</c> verb: class probabilities for new images from a trained run's model.
/// </summary>
/// <remarks>
/// <para>Inputs: image files and folders (every image under a folder, all levels, in ordinal path order), in the
/// order given. Each image is decoded and resized to the model's input size exactly as the learner's image caches do
/// (reduced-scale decoding of large images, the same channel rules), with the channels the model was trained on.</para>
/// <para>Output (CSV, one row per input image, in input order): <c>path</c>, <c>prediction</c> (the most probable
/// class), one probability column per class (the class names when the training data had them, else
/// <c>class_0</c>, <c>class_1</c>, …) and <c>error</c>. An image that cannot be read keeps its row, with empty
/// probabilities and the reason in <c>error</c>, so one bad file never shifts the others. A file output is written
/// under a temporary name and renamed when complete.</para>
/// </remarks>
public sealed class PredictJob(ILogger<PredictJob> log)
{
    // RFC 4180 quoting, '\n' line ends; the formula protection stays off so that paths and numbers are written as they are.
    private static readonly CsvWriterOptions CsvOptions = CsvWriterOptions.Default with { NewLine = "\n", Injection = CsvInjection.None };

    /// <summary>Images decoded and predicted together (bounds memory on large input sets).</summary>
    public const int ChunkSize = 256;

    /// <summary>Predicts every image in <paramref name="inputs"/> with the model at <paramref name="modelPath"/>;
    /// writes the CSV to <paramref name="outputPath"/> (standard output when null).</summary>
    /// <exception cref="FileNotFoundException">No model at the path, or an input that is neither a file nor a folder.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is damaged.</exception>
    /// <exception cref="ArgumentException">No input images.</exception>
    public PredictOutcome Run(string modelPath, IReadOnlyList<string> inputs, string? outputPath, string device, CancellationToken cancellation)
    {
        var paths = ExpandInputs(inputs);
        TorchRuntime.EnsureLoaded();
        var target = TorchRuntime.ResolveDevice(device);
        using var model = TrainedModel.Load(modelPath);
        model.Network.to(target);
        var m = model.Metadata;
        int channels = m.Channels == 0 ? 3 : m.Channels;   // 0: a checkpoint from before channels were recorded (RGB)
        if (m.Frames > 1)
            throw new InvalidDataException($"'{model.Path}' is a video model ({m.Frames} frames per clip); predict takes image files.");
        if (channels is not (1 or 3 or 4))
            throw new InvalidDataException($"'{model.Path}': the model was trained on {channels}-channel data; image files give 1, 3 or 4 channels.");
        var classNames = ClassColumns(m);
        // The learner's fine-tuning input: H x W as the checkpoint records it (a square of InputSize for older ones).
        var (height, width) = m.InputShape(model.Path);
        var shape = new InputShape(height, width);
        log.LogInformation(LogEvents.Predicted, "Predicting {Count} images with '{Checkpoint}' ({Classes} classes, {Size}px, {Channels} channel(s))",
            paths.Count, model.Path, m.Classes, shape, channels);

        string? temp = outputPath is null ? null : TempBeside(outputPath);
        int failed = 0;
        var memory = new CacheMemory();
        try
        {
            using (TextWriter text = temp is null ? new StreamWriter(Console.OpenStandardOutput()) : new StreamWriter(temp))
            using (var csv = CsvWriter.Create(text, CsvOptions, leaveOpen: true))
            {
                csv.WriteHeader(["path", "prediction", .. classNames, "error"]);
                for (int start = 0; start < paths.Count; start += ChunkSize)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var chunk = paths.Skip(start).Take(ChunkSize).ToArray();
                    using var cache = ImageCache.Build(new ImageFileCacheSource(chunk, channels), shape, memory, cancellation: cancellation);
                    var errors = cache.Neutralized.ToLookup(n => n.Path, n => n.Reason);
                    var probabilities = Probabilities(model, new ImageSet(cache), target);
                    for (int i = 0; i < chunk.Length; i++)
                    {
                        if (!errors.Contains(chunk[i]))
                        {
                            var p = probabilities[i];
                            csv.WriteRecord([chunk[i], classNames[ArgMax(p)], .. p.Select(v => v.ToString("R", CultureInfo.InvariantCulture)), ""]);
                            continue;
                        }
                        failed++;
                        string error = errors[chunk[i]].First();
                        csv.WriteRecord([chunk[i], "", .. classNames.Select(_ => ""), error]);
                        log.LogWarning(LogEvents.Predicted, "'{Path}' could not be read ({Error}); its row has no probabilities", chunk[i], error);
                    }
                }
                csv.Flush();
            }
            if (temp is not null) File.Move(temp, outputPath!, overwrite: true);
        }
        catch
        {
            if (temp is not null && File.Exists(temp)) File.Delete(temp);
            throw;
        }
        return new PredictOutcome(model.Path, paths.Count, failed);
    }

    /// <summary>The image files the inputs name, in order: a file as it is, a folder's images in ordinal path order.</summary>
    public static IReadOnlyList<string> ExpandInputs(IReadOnlyList<string> inputs)
    {
        var paths = new List<string>();
        foreach (var input in inputs)
        {
            string full = Path.GetFullPath(input);
            if (File.Exists(full)) paths.Add(full);
            else if (Directory.Exists(full)) paths.AddRange(ImageFileCacheSource.Under(full));
            else throw new FileNotFoundException($"Input '{input}' is neither an image file nor a folder.", full);
        }
        if (paths.Count == 0)
            throw new ArgumentException($"No images to predict: the inputs ({string.Join(", ", inputs)}) hold no files with the extensions {string.Join(" ", ImageFileCacheSource.Extensions)}.");
        return paths;
    }

    private static float[][] Probabilities(TrainedModel model, ImageSet images, Device device)
    {
        using var scope = NewDisposeScope();
        var p = model.Probabilities(images.Range(0, images.Count, device)).cpu().contiguous();
        var flat = p.data<float>().ToArray();
        int classes = (int)p.shape[1];
        return Enumerable.Range(0, images.Count).Select(k => flat.AsSpan(k * classes, classes).ToArray()).ToArray();
    }

    private static string[] ClassColumns(CheckpointMetadata m) =>
        m.ClassNames is { } names && names.Count == m.Classes && names.Distinct(StringComparer.Ordinal).Count() == names.Count
            && !names.Any(n => n is "path" or "prediction" or "error")
            ? names.ToArray()
            : Enumerable.Range(0, m.Classes).Select(c => $"class_{c}").ToArray();

    private static int ArgMax(float[] p)
    {
        int best = 0;
        for (int i = 1; i < p.Length; i++) if (p[i] > p[best]) best = i;
        return best;
    }

    private static string TempBeside(string path)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.tmp-{Guid.NewGuid():N}");
    }
}
