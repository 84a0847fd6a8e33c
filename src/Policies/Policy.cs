using System.Text.Json;
using System.Text.Json.Nodes;
using AutoVision.Policies.Operations;
using static TorchSharp.torch;

namespace AutoVision.Policies;

/// <summary>One operation of a sub-policy: applied with <see cref="Probability"/> at <see cref="Level"/> ∈ [0, 1]
/// (FAA's normalised scale, see <see cref="FaaOperation"/>).</summary>
public sealed record PolicyOperation(string Name, double Probability, double Level)
{
    public override string ToString() => $"{Name}(p={Probability:0.###}, λ={Level:0.###})";
}

/// <summary>A sub-policy: operations applied in order, each independently with its probability.</summary>
public sealed record SubPolicy(IReadOnlyList<PolicyOperation> Operations)
{
    public SubPolicy(params PolicyOperation[] operations) : this((IReadOnlyList<PolicyOperation>)operations) { }

    /// <summary>The operation names in order, e.g. "Rotate+Color": FAA's key for removing duplicates.</summary>
    public string Key => string.Join("+", Operations.Select(o => o.Name));

    public override string ToString() => string.Join(", ", Operations);
}

/// <summary>
/// A Fast AutoAugment policy: a set of sub-policies; each image draws one uniformly, then applies its operations
/// in order, each with its probability (FAA's <c>data.py: Augmentation</c>). Mirrored operations flip the sign of
/// their value with probability ½. A clip (N, T, C, H, W) gets the same draws on every frame. All draws come from
/// the given <see cref="Random"/>.
/// </summary>
/// <remarks>JSON: <c>{"sub_policies": [[["ShearX", 0.5, 0.3], ["Color", 0.9, 0.7]], …]}</c> — the format of the
/// published FAA tables (operation name, probability, level).</remarks>
public sealed class Policy : IAugmentation
{
    public Policy(IEnumerable<SubPolicy> subPolicies)
    {
        SubPolicies = subPolicies.ToList();
        if (SubPolicies.Count == 0) throw new ArgumentException("A policy needs at least one sub-policy.", nameof(subPolicies));
        for (int s = 0; s < SubPolicies.Count; s++)
            for (int o = 0; o < SubPolicies[s].Operations.Count; o++)
            {
                var op = SubPolicies[s].Operations[o];
                if (!FaaOperations.TryGet(op.Name, out var known))
                    throw new ArgumentException($"sub-policy {s}, operation {o}: unknown operation '{op.Name}'; expected one of {string.Join(", ", FaaOperations.Names)}.");
                if (op.Probability is < 0 or > 1 || double.IsNaN(op.Probability))
                    throw new ArgumentException($"sub-policy {s}, operation {o} ({op.Name}): probability {op.Probability} is not in [0, 1].");
                if (known.UsesLevel && (op.Level is < 0 or > 1 || double.IsNaN(op.Level)))
                    throw new ArgumentException($"sub-policy {s}, operation {o} ({op.Name}): level {op.Level} is not in [0, 1].");
            }
        Steps = SubPolicies.Max(p => p.Operations.Count);
    }

    public IReadOnlyList<SubPolicy> SubPolicies { get; }

    /// <summary>Operations per sub-policy, at most.</summary>
    public int Steps { get; }

    public Tensor Apply(Tensor batch, Random rng)
    {
        if (batch.dim() is not (4 or 5)) throw new ArgumentException($"Expected a (N,C,H,W) or (N,T,C,H,W) batch, got {batch.dim()} dimensions.", nameof(batch));
        return Plan((int)batch.shape[0], batch.shape[^1], batch.shape[^2], rng).Apply(batch);
    }

    /// <summary>The random draws for <paramref name="images"/> images of the given size.</summary>
    public AugmentationPlan Plan(int images, long width, long height, Random rng)
    {
        var plan = new AugmentationPlan(images, Steps);
        for (int i = 0; i < images; i++)
        {
            var sub = SubPolicies[rng.Next(SubPolicies.Count)];
            for (int s = 0; s < sub.Operations.Count; s++)
            {
                var op = sub.Operations[s];
                if (rng.NextDouble() >= op.Probability) continue;
                var known = FaaOperations.Get(op.Name);
                double v = known.Value(op.Level);
                if (known.Mirror && rng.NextDouble() < 0.5) v = -v;
                double cx = 0.5, cy = 0.5;
                if (known.Kernel == Kernel.Cutout) { cx = rng.NextDouble(); cy = rng.NextDouble(); }
                plan.Set(s, i, known.Kernel, known.ToKernelValue(v, width, height), cx, cy);
            }
        }
        return plan;
    }

    /// <summary>The sub-policies of both, without repeating a sub-policy whose operation names (<see cref="SubPolicy.Key"/>)
    /// are already there (FAA's <c>remove_deplicates</c>, across policies).</summary>
    public static Policy Merge(IEnumerable<Policy> policies)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var merged = new List<SubPolicy>();
        foreach (var p in policies)
            foreach (var s in p.SubPolicies)
                if (seen.Add(s.Key)) merged.Add(s);
        return new Policy(merged);
    }

    public string ToJson()
    {
        var subs = new JsonArray();
        foreach (var s in SubPolicies)
        {
            var ops = new JsonArray();
            foreach (var o in s.Operations) ops.Add(new JsonArray(o.Name, o.Probability, o.Level));
            subs.Add(ops);
        }
        return new JsonObject { ["sub_policies"] = subs }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    public void Save(string path) => File.WriteAllText(path, ToJson());

    public static Policy Load(string path) => FromJson(File.ReadAllText(path), path);

    /// <summary>Reads the JSON format above; <paramref name="source"/> names the input in error messages.</summary>
    /// <exception cref="InvalidDataException">Malformed JSON or a field that is not what is expected, naming
    /// the source, the sub-policy and operation index and the field.</exception>
    public static Policy FromJson(string json, string source = "policy JSON")
    {
        JsonNode? root;
        try { root = JsonNode.Parse(json); }
        catch (JsonException e) { throw new InvalidDataException($"{source}: not valid JSON ({e.Message})", e); }
        var subs = root?["sub_policies"] as JsonArray
            ?? throw new InvalidDataException($"{source}: expected an object with an array \"sub_policies\".");
        return FromArray(subs, source);
    }

    internal static Policy FromArray(JsonArray subs, string source)
    {
        var list = new List<SubPolicy>();
        for (int s = 0; s < subs.Count; s++)
        {
            if (subs[s] is not JsonArray ops || ops.Count == 0)
                throw new InvalidDataException($"{source}: sub_policies[{s}]: expected a non-empty array of operations.");
            var parsed = new List<PolicyOperation>();
            for (int o = 0; o < ops.Count; o++)
            {
                string at = $"{source}: sub_policies[{s}][{o}]";
                if (ops[o] is not JsonArray op || op.Count != 3)
                    throw new InvalidDataException($"{at}: expected [name, probability, level].");
                string name = op[0] is JsonValue n && n.TryGetValue(out string? text) ? text
                    : throw new InvalidDataException($"{at}[0] (name): expected a string.");
                if (!FaaOperations.TryGet(name, out var known))
                    throw new InvalidDataException($"{at}[0] (name): unknown operation '{name}'; expected one of {string.Join(", ", FaaOperations.Names)}.");
                double p = Number(op[1], $"{at}[1] (probability of {name})");
                double level = Number(op[2], $"{at}[2] (level of {name})");
                if (p is < 0 or > 1) throw new InvalidDataException($"{at}[1] (probability of {name}): expected a number in [0, 1], got {p}.");
                if (known.UsesLevel && level is < 0 or > 1)
                    throw new InvalidDataException($"{at}[2] (level of {name}): expected a number in [0, 1], got {level}.");
                parsed.Add(new PolicyOperation(name, p, level));
            }
            list.Add(new SubPolicy(parsed));
        }
        if (list.Count == 0) throw new InvalidDataException($"{source}: \"sub_policies\" is empty.");
        return new Policy(list);
    }

    private static double Number(JsonNode? node, string where) =>
        node is JsonValue v && v.TryGetValue(out double d) && double.IsFinite(d) ? d
            : throw new InvalidDataException($"{where}: expected a number, got {node?.ToJsonString() ?? "null"}.");
}
