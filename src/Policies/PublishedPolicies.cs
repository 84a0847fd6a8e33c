using System.Text.Json.Nodes;

namespace AutoVision.Policies;

/// <summary>
/// The published policy tables, built in (Tables/published_policies.json, an embedded resource):
/// <list type="bullet">
/// <item>Fast AutoAugment's searched policies (Lim et al., NeurIPS 2019; github.com/kakaobrain/fast-autoaugment,
/// FastAutoAugment/archive.py; copyright 2019 Kakao Brain; licence: the repository's LICENSE file, Apache License 2.0):
/// reduced CIFAR-10 (493 sub-policies), reduced ImageNet (498), reduced SVHN (497).</item>
/// <item>AutoCLINT's candidate pool (github.com/kakaobrain/autoclint, skeleton/data/augmentations.py
/// <c>autoaug_policy()</c>): 92 AutoAugment CIFAR-10 sub-policies on FAA's normalised scale.</item>
/// </list>
/// The values are copied as data, unchanged.
/// </summary>
public static class PublishedPolicies
{
    private static readonly Lazy<JsonObject> Tables = new(() =>
    {
        using var stream = typeof(PublishedPolicies).Assembly.GetManifestResourceStream("AutoVision.Policies.published_policies.json")
            ?? throw new InvalidOperationException("The embedded policy tables are missing from AutoVision.Policies.");
        return (JsonObject)JsonNode.Parse(stream)!["policies"]!;
    });

    /// <summary>The table names: fa_reduced_cifar10, fa_reduced_imagenet, fa_reduced_svhn, autoclint_candidate_pool.</summary>
    public static IEnumerable<string> Names => Tables.Value.Select(p => p.Key);

    public static Policy Get(string name) =>
        Tables.Value[name] is JsonObject table
            ? Policy.FromArray((JsonArray)table["sub_policies"]!, $"built-in table {name}")
            : throw new ArgumentException($"No built-in policy table '{name}'; expected one of {string.Join(", ", Names)}.", nameof(name));

    public static Policy FaaReducedCifar10 => Get("fa_reduced_cifar10");
    public static Policy FaaReducedImageNet => Get("fa_reduced_imagenet");
    public static Policy FaaReducedSvhn => Get("fa_reduced_svhn");
    public static Policy AutoClintCandidatePool => Get("autoclint_candidate_pool");
}
