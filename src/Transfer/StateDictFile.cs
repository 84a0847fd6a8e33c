using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace AutoVision.Transfer;

/// <summary>
/// User-supplied backbone weights as a PyTorch state dict: a file <c>torch.save(model.state_dict(), path)</c> wrote
/// (<c>.pt</c>, <c>.pth</c>, <c>.bin</c>; read with TorchSharp.PyBridge's unpickler, which reads tensors only and runs no
/// code) or a <c>.safetensors</c> file. Names follow torchvision's ResNet (<c>conv1.weight</c>, <c>bn1.running_mean</c>,
/// <c>layer1.0.conv1.weight</c>, <c>layer2.0.downsample.0.weight</c>, …); a <c>module.</c> prefix (DataParallel) or
/// <c>backbone.</c> prefix is dropped, the classifier (<c>fc.*</c>) and BatchNorm step counters are ignored.
/// </summary>
public static class StateDictFile
{
    /// <summary>File name endings read as state dicts.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".pt", ".pth", ".bin", ".safetensors"];

    /// <summary>Whether <paramref name="path"/> names a state-dict file (by its ending).</summary>
    public static bool IsStateDict(string? path) =>
        path is not null && Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads every tensor of the file, by name (the caller disposes them).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a state dict of tensors; the message names the file.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The backbone weights file '{path}' does not exist.", path);
        try
        {
            if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
                return Safetensors.LoadStateDict(path);
            var table = PyTorchUnpickler.UnpickleStateDict(path);
            var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (DictionaryEntry e in table)
            {
                if (e.Key is string name && e.Value is Tensor t) result[name] = t;
                else throw new InvalidDataException($"entry '{e.Key}' is a {e.Value?.GetType().Name ?? "null"}, not a tensor");
            }
            return result;
        }
        catch (Exception ex) when (ex is not InvalidDataException and not FileNotFoundException)
        {
            throw new InvalidDataException($"'{path}' is not a readable PyTorch state dict or safetensors file: {ex.Message}", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"'{path}' is not a state dict of tensors: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Copies the weights in <paramref name="path"/> into <paramref name="backbone"/>: every parameter and BatchNorm
    /// statistic the backbone has must be there with the same shape. Returns how many tensors were copied.
    /// </summary>
    /// <exception cref="InvalidDataException">A tensor is missing or has another shape; the message names the file,
    /// the tensors and the shapes.</exception>
    public static int LoadInto(ResNet18Backbone backbone, string path)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        var read = Read(path);
        try
        {
            var byName = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (name, t) in read) byName[Strip(name)] = t;
            var targets = backbone.state_dict()
                .Where(e => e.Key != "mean_image" && !e.Key.EndsWith(".num_batches_tracked", StringComparison.Ordinal))
                .ToList();
            var missing = targets.Where(e => !byName.ContainsKey(e.Key)).Select(e => e.Key).ToList();
            if (missing.Count > 0)
                throw new InvalidDataException(
                    $"'{path}' lacks {missing.Count} tensor(s) of the backbone: {string.Join(", ", missing.Take(8))}{(missing.Count > 8 ? ", …" : "")} " +
                    $"(it holds {string.Join(", ", byName.Keys.Take(5))}{(byName.Count > 5 ? ", …" : "")}); expected torchvision ResNet names with stages of [{string.Join(", ", backbone.Blocks)}] blocks.");
            using var _ = no_grad();
            foreach (var (name, target) in targets)
            {
                var source = byName[name];
                if (!source.shape.SequenceEqual(target.shape))
                    throw new InvalidDataException(
                        $"'{path}': tensor '{name}' is [{string.Join(", ", source.shape)}]; the backbone expects [{string.Join(", ", target.shape)}].");
                target.copy_(source.to_type(target.dtype));
            }
            return targets.Count;
        }
        finally
        {
            foreach (var t in read.Values) t.Dispose();
        }
    }

    private static string Strip(string name)
    {
        foreach (var prefix in new[] { "module.", "backbone." })
            if (name.StartsWith(prefix, StringComparison.Ordinal)) return Strip(name[prefix.Length..]);
        return name;
    }
}
