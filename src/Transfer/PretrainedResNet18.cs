using System.Runtime.InteropServices;
using Onnx;
using static TorchSharp.torch;

namespace AutoVision.Transfer;

/// <summary>
/// Builds a <see cref="ResNet18Backbone"/> with the ImageNet-pretrained weights of ML.NET's DnnImageFeaturizer ResNet18
/// (<c>ResNet18.onnx</c>, a CNTK 2.6 export, opset 8), and its mean image (<c>ResNetPreprocess.onnx</c>).
/// </summary>
/// <remarks>
/// The build of every project that references AutoVision.Transfer copies both files to <c>&lt;output&gt;/models/</c>
/// from the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 (fetched with <c>PackageDownload</c>).
/// <c>ResNet18.onnx</c> itself takes input that is already BGR, 0–255 and mean-subtracted; the mean subtraction
/// (and the RGB→BGR swap) is the separate graph of <c>ResNetPreprocess.onnx</c>, whose <c>MeanImage</c> initializer
/// becomes the backbone's <c>mean_image</c> buffer.
/// </remarks>
public static class PretrainedResNet18
{
    private const string ModelsFolder = "models";
    private const string OnnxFileName = "ResNet18.onnx";
    private const string PreprocessFileName = "ResNetPreprocess.onnx";

    /// <summary><c>&lt;app base&gt;/models/ResNet18.onnx</c>.</summary>
    public static string DefaultOnnxPath { get; } = Path.Combine(AppContext.BaseDirectory, ModelsFolder, OnnxFileName);

    /// <summary><c>&lt;app base&gt;/models/ResNetPreprocess.onnx</c> (holds the 224×224 mean image).</summary>
    public static string DefaultPreprocessOnnxPath { get; } = Path.Combine(AppContext.BaseDirectory, ModelsFolder, PreprocessFileName);

    /// <summary>
    /// Loads the pretrained backbone from <paramref name="onnxPath"/> (default <see cref="DefaultOnnxPath"/>); the mean
    /// image is read from <c>ResNetPreprocess.onnx</c> in the same folder, else from <see cref="DefaultPreprocessOnnxPath"/>.
    /// </summary>
    /// <returns>A new backbone in eval mode on the CPU. Parameters keep <c>requires_grad</c> (freeze them to use it as a fixed extractor).</returns>
    /// <exception cref="FileNotFoundException">A model file is missing.</exception>
    /// <exception cref="InvalidDataException">The ONNX graph does not have the expected structure, or an initializer does not fit.</exception>
    public static ResNet18Backbone Load(string? onnxPath = null) => Load(onnxPath, null);

    /// <summary>
    /// As <see cref="Load(string?)"/>, with an explicit path for <c>ResNetPreprocess.onnx</c>.
    /// </summary>
    public static ResNet18Backbone Load(string? onnxPath, string? preprocessOnnxPath) => Load(onnxPath, preprocessOnnxPath, depth: 4);

    /// <summary>
    /// As <see cref="Load(string?)"/>, for a backbone of <paramref name="depth"/> stages: 3 takes the pretrained
    /// weights of the stem and <c>layer1</c>–<c>layer3</c> and leaves out <c>layer4</c> (every initializer of the file is
    /// still checked; those of <c>layer4</c> are not copied).
    /// </summary>
    public static ResNet18Backbone Load(string? onnxPath, string? preprocessOnnxPath, int depth)
    {
        onnxPath ??= DefaultOnnxPath;
        preprocessOnnxPath ??= ResolvePreprocessPath(onnxPath);
        TorchRuntime.EnsureLoaded();

        ModelProto network = Parse(onnxPath, "the pretrained ResNet18 network");
        ModelProto preprocess = Parse(preprocessOnnxPath, "the ResNet18 mean image");

        var model = new ResNet18Backbone(depth: depth);
        try
        {
            var loader = new WeightLoader(model);
            loader.LoadNetwork(network.Graph, onnxPath);
            loader.LoadMeanImage(preprocess.Graph, preprocessOnnxPath);
            loader.VerifyComplete(onnxPath);
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static string ResolvePreprocessPath(string onnxPath)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(onnxPath));
        string sibling = Path.Combine(dir ?? ".", PreprocessFileName);
        return File.Exists(sibling) ? sibling : DefaultPreprocessOnnxPath;
    }

    private static ModelProto Parse(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The ONNX file with {what} was not found at '{path}'. The build of any project that references " +
                "AutoVision.Transfer copies it to <output>/models/ from the NuGet package " +
                "Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1; run `dotnet build` (with NuGet reachable) to restore it.",
                path);
        }

        try
        {
            // Read-only and shared: OnnxSharp's ParseFromFile opens the file for writing too, without sharing, so that
            // two processes starting at once (a batch with several workers) failed with "being used by another process".
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            return ModelProto.Parser.ParseFrom(stream);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException ex)
        {
            throw new InvalidDataException($"'{path}' is not a readable ONNX model: {ex.Message}", ex);
        }
    }

    /// <summary>Copies ONNX initializers into a backbone's parameters and buffers, checking each one.</summary>
    private sealed class WeightLoader
    {
        private readonly Dictionary<string, Tensor> _targets = new(StringComparer.Ordinal);
        private readonly HashSet<string> _assigned = new(StringComparer.Ordinal);

        private readonly bool _truncated;

        public WeightLoader(ResNet18Backbone model)
        {
            _truncated = model.Depth < 4;
            foreach (var (name, parameter) in model.named_parameters())
            {
                _targets.Add(name, parameter);
            }

            foreach (var (name, buffer) in model.named_buffers())
            {
                // BatchNorm's step counter only matters when momentum is null; the file has nothing for it.
                if (!name.EndsWith(".num_batches_tracked", StringComparison.Ordinal))
                {
                    _targets.Add(name, buffer);
                }
            }
        }

        public void LoadNetwork(GraphProto graph, string path)
        {
            var initializers = Initializers(graph, path);
            var consumers = new Dictionary<string, List<NodeProto>>(StringComparer.Ordinal);
            foreach (var node in graph.Node)
            {
                foreach (string input in node.Input)
                {
                    if (!consumers.TryGetValue(input, out var list))
                    {
                        consumers[input] = list = [];
                    }

                    list.Add(node);
                }
            }

            // Each Conv, in graph order, with the BatchNormalization that consumes its output.
            var pairs = new List<(NodeProto Conv, NodeProto Bn)>();
            foreach (var conv in graph.Node.Where(n => n.OpType == "Conv"))
            {
                var users = consumers.GetValueOrDefault(conv.Output[0]) ?? [];
                if (users.Count != 1 || users[0].OpType != "BatchNormalization" || users[0].Input[0] != conv.Output[0])
                {
                    throw Bad(path, $"Conv node {Describe(conv)} (weight '{InputOrNone(conv, 1)}') is not followed by exactly one " +
                        $"BatchNormalization; its output feeds [{string.Join(", ", users.Select(u => u.OpType))}].");
                }

                pairs.Add((conv, users[0]));
            }

            int batchNorms = graph.Node.Count(n => n.OpType == "BatchNormalization");
            var slots = ResNet18Backbone.SlotsInOnnxOrder();
            if (pairs.Count != slots.Count || batchNorms != slots.Count)
            {
                throw Bad(path, $"expected {slots.Count} Conv nodes each followed by its own BatchNormalization " +
                    $"(the 2,2,2,3-block ResNet18), found {pairs.Count} Conv and {batchNorms} BatchNormalization nodes.");
            }

            var used = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < slots.Count; i++)
            {
                var (conv, bn) = pairs[i];
                var slot = slots[i];
                CheckConv(path, conv, slot);
                CheckBatchNorm(path, bn, slot, consumers);

                Assign(path, initializers, used, conv, 1, $"{slot.Conv}.weight");
                Assign(path, initializers, used, bn, 1, $"{slot.Bn}.weight");
                Assign(path, initializers, used, bn, 2, $"{slot.Bn}.bias");
                Assign(path, initializers, used, bn, 3, $"{slot.Bn}.running_mean");
                Assign(path, initializers, used, bn, 4, $"{slot.Bn}.running_var");
            }

            var unused = initializers.Keys.Where(k => !used.Contains(k)).Order(StringComparer.Ordinal).ToList();
            if (unused.Count > 0)
            {
                throw Bad(path, $"initializer(s) not mapped to any parameter: {string.Join(", ", unused.Take(10))}" +
                    (unused.Count > 10 ? $" and {unused.Count - 10} more" : "") + ".");
            }
        }

        public void LoadMeanImage(GraphProto graph, string path)
        {
            var initializers = Initializers(graph, path);

            // Expected: Split(RGB input) -> r,g,b; Concat(b,g,r) -> BGR; Sub(BGR, MeanImage).
            var split = graph.Node.SingleOrDefault(n => n.OpType == "Split");
            var concat = graph.Node.SingleOrDefault(n => n.OpType == "Concat");
            var sub = graph.Node.SingleOrDefault(n => n.OpType == "Sub");
            bool bgrSwap = split is not null && concat is not null && split.Output.Count == 3 && concat.Input.Count == 3 &&
                concat.Input[0] == split.Output[2] && concat.Input[1] == split.Output[1] && concat.Input[2] == split.Output[0];
            if (!bgrSwap || sub is null || sub.Input.Count != 2 || sub.Input[0] != concat!.Output[0] || !initializers.ContainsKey(sub.Input[1]))
            {
                throw Bad(path, "expected the preprocessing graph Split(RGB) -> Concat(B,G,R) -> Sub(mean image initializer).");
            }

            var used = new HashSet<string>(StringComparer.Ordinal);
            Assign(path, initializers, used, sub, 1, "mean_image");
        }

        public void VerifyComplete(string path)
        {
            var missing = _targets.Keys.Where(k => !_assigned.Contains(k)).ToList();
            if (missing.Count > 0)
            {
                throw Bad(path, $"no initializer was mapped to {string.Join(", ", missing)}.");
            }
        }

        private static Dictionary<string, TensorProto> Initializers(GraphProto graph, string path)
        {
            var result = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
            foreach (var init in graph.Initializer)
            {
                if (!result.TryAdd(init.Name, init))
                {
                    throw Bad(path, $"initializer '{init.Name}' is defined twice.");
                }
            }

            return result;
        }

        private static void CheckConv(string path, NodeProto conv, ConvBnSlot slot)
        {
            string weight = InputOrNone(conv, 1);
            string where = $"Conv node {Describe(conv)} (weight '{weight}'), mapped to {slot.Conv}";
            if (conv.Input.Count != 2)
            {
                throw Bad(path, $"{where} has {conv.Input.Count} inputs; expected input and weight only (no bias).");
            }

            long[] kernel = Ints(conv, "kernel_shape") ?? [];
            long[] strides = Ints(conv, "strides") ?? [1, 1];
            long[] dilations = Ints(conv, "dilations") ?? [1, 1];
            long group = Int(conv, "group") ?? 1;
            if (!kernel.SequenceEqual([slot.Kernel, slot.Kernel]) || !strides.SequenceEqual([slot.Stride, slot.Stride]) ||
                !dilations.SequenceEqual([1L, 1L]) || group != 1)
            {
                throw Bad(path, $"{where} has kernel [{string.Join(",", kernel)}], strides [{string.Join(",", strides)}], " +
                    $"dilations [{string.Join(",", dilations)}], group {group}; expected a {slot.Kernel}x{slot.Kernel} kernel, " +
                    $"stride {slot.Stride}, no dilation, group 1 (ONNX graph order: stem, then per block shortcut, conv1, conv2).");
            }
        }

        private static void CheckBatchNorm(string path, NodeProto bn, ConvBnSlot slot, Dictionary<string, List<NodeProto>> consumers)
        {
            string where = $"BatchNormalization node {Describe(bn)} (scale '{InputOrNone(bn, 1)}'), mapped to {slot.Bn}";
            if (bn.Input.Count != 5)
            {
                throw Bad(path, $"{where} has {bn.Input.Count} inputs; expected X, scale, B, mean, var.");
            }

            double eps = Float(bn, "epsilon") ?? 1e-5;
            if (Math.Abs(eps - ResNet18Backbone.BatchNormEps) > 1e-7)
            {
                throw Bad(path, $"{where} has epsilon {eps}; the backbone uses {ResNet18Backbone.BatchNormEps}.");
            }

            // What reads the BN output tells which role the pair has; a mismatch means the graph order assumption broke.
            var users = consumers.GetValueOrDefault(bn.Output[0]) ?? [];
            string expected = slot.Role is ConvRole.Stem or ConvRole.BlockFirst ? "Relu" : "Add";
            if (users.Count != 1 || users[0].OpType != expected)
            {
                throw Bad(path, $"{where}: its output feeds [{string.Join(", ", users.Select(u => u.OpType))}], " +
                    $"expected one {expected} for a {slot.Role} convolution.");
            }
        }

        private void Assign(string path, Dictionary<string, TensorProto> initializers, HashSet<string> used,
            NodeProto node, int inputIndex, string target)
        {
            string name = InputOrNone(node, inputIndex);
            string where = $"ONNX initializer '{name}' (input {inputIndex} of {node.OpType} node {Describe(node)}) for {target}";
            if (!initializers.TryGetValue(name, out var init))
            {
                throw Bad(path, $"{where}: no such initializer.");
            }

            if (!used.Add(name))
            {
                throw Bad(path, $"{where}: the initializer is used by more than one parameter.");
            }

            if (!_targets.TryGetValue(target, out var destination))
            {
                if (_truncated && target.StartsWith("layer4.", StringComparison.Ordinal)) return;   // checked, not copied
                throw Bad(path, $"{where}: the backbone has no parameter or buffer named {target}.");
            }

            if (!_assigned.Add(target))
            {
                throw Bad(path, $"{where}: {target} already received a tensor.");
            }

            long[] dims = [.. init.Dims];
            if (!dims.SequenceEqual(destination.shape))
            {
                throw Bad(path, $"{where} has shape [{string.Join(",", dims)}]; {target} expects [{string.Join(",", destination.shape)}].");
            }

            float[] data = ReadFloats(path, init, where, destination.numel());
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            destination.copy_(tensor(data, dims));
        }

        private static float[] ReadFloats(string path, TensorProto init, string where, long count)
        {
            if (init.DataType != (int)TensorProto.Types.DataType.Float)
            {
                throw Bad(path, $"{where} has ONNX data type {init.DataType}; expected float32 (1).");
            }

            if (init.DataLocation == TensorProto.Types.DataLocation.External)
            {
                throw Bad(path, $"{where} is stored in an external file, which is not supported.");
            }

            var data = new float[count];
            if (init.FloatData.Count == count)
            {
                init.FloatData.CopyTo(data, 0);
            }
            else if (init.FloatData.Count == 0 && init.RawData.Length == count * sizeof(float) && BitConverter.IsLittleEndian)
            {
                MemoryMarshal.Cast<byte, float>(init.RawData.Span).CopyTo(data);
            }
            else
            {
                throw Bad(path, $"{where} holds {init.FloatData.Count} float_data values and {init.RawData.Length} raw_data bytes; " +
                    $"expected {count} values.");
            }

            return data;
        }

        private static string InputOrNone(NodeProto node, int index) => index < node.Input.Count ? node.Input[index] : "(none)";

        private static string Describe(NodeProto node) =>
            string.IsNullOrEmpty(node.Name) ? $"-> '{node.Output.FirstOrDefault()}'" : $"'{node.Name}'";

        private static AttributeProto? Attribute(NodeProto node, string name) => node.Attribute.FirstOrDefault(a => a.Name == name);

        private static long[]? Ints(NodeProto node, string name) => Attribute(node, name) is { } a ? [.. a.Ints] : null;

        private static long? Int(NodeProto node, string name) => Attribute(node, name)?.I;

        private static double? Float(NodeProto node, string name) => Attribute(node, name)?.F;

        private static InvalidDataException Bad(string path, string message) =>
            new($"Cannot load the pretrained ResNet18 from '{path}': {message}");
    }
}
