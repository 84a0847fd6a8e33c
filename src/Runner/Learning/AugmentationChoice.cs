using AutoVision.Policies;

namespace AutoVision.Runner.Learning;

/// <summary>
/// The fine-tuning augmentation named by <see cref="LearnerOptions.Augmentation"/>. Every policy runs before
/// flip-and-shift (FAA inserts its policy ahead of the default crop and flip):
/// <list type="bullet">
/// <item><c>none</c>: no augmentation (the default, <see cref="Default"/>).</item>
/// <item><c>flip</c>: flip-and-shift only.</item>
/// <item><c>faa-cifar10</c>, <c>faa-imagenet</c>, <c>faa-svhn</c>: Fast AutoAugment's published reduced-dataset policies.</item>
/// <item><c>randaugment</c>: RandAugment N = 2, M = 9; <c>trivialaugment</c>: TrivialAugment Wide.</item>
/// <item><c>faa-search</c>: flip-and-shift until the in-budget FAA search (after the first fine-tuning round) finds a
/// policy that beats no augmentation on the held-out split; then that policy, then flip-and-shift.</item>
/// </list>
/// </summary>
public static class AugmentationChoice
{
    public const string None = "none", Flip = "flip", FaaCifar10 = "faa-cifar10", FaaImageNet = "faa-imagenet", FaaSvhn = "faa-svhn",
        RandAugment = "randaugment", TrivialAugment = "trivialaugment", FaaSearch = "faa-search";

    /// <summary>The default: <see cref="None"/>, which had the best mean ALC and final NAUC in the policy comparison
    /// (docs/augmentation.md: 3 datasets × 120 s and 300 s; the margin over flip is within run-to-run noise).</summary>
    public const string Default = None;

    public static IReadOnlyList<string> Names { get; } = [None, Flip, FaaCifar10, FaaImageNet, FaaSvhn, RandAugment, TrivialAugment, FaaSearch];

    /// <exception cref="ArgumentException">An unknown name.</exception>
    public static IAugmentation Create(string? name) => name switch
    {
        null or None => IdentityAugmentation.Instance,
        Flip or FaaSearch => new FlipAndShift(),
        FaaCifar10 => ThenFlip(PublishedPolicies.FaaReducedCifar10),
        FaaImageNet => ThenFlip(PublishedPolicies.FaaReducedImageNet),
        FaaSvhn => ThenFlip(PublishedPolicies.FaaReducedSvhn),
        RandAugment => ThenFlip(new Policies.RandAugment()),
        TrivialAugment => ThenFlip(new TrivialAugmentWide()),
        _ => throw new ArgumentException(
            $"Learner setting 'augmentation': unknown value '{name}'; expected one of {string.Join(", ", Names)}."),
    };

    public static IAugmentation ThenFlip(IAugmentation policy) => new SequentialAugmentation(policy, new FlipAndShift());
}
