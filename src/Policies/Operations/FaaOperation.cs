namespace AutoVision.Policies.Operations;

/// <summary>
/// One operation of the Fast AutoAugment search space: a level λ ∈ [0, 1] maps to v = λ·(High − Low) + Low;
/// <see cref="Mirror"/> operations flip the sign of v with probability ½ (FAA's <c>random_mirror</c>), so λ = ½ is
/// the identity and λ = 0 and 1 are both maximal. <see cref="ToKernelValue"/> turns v into the kernel's units.
/// </summary>
public sealed record FaaOperation(string Name, double Low, double High, bool Mirror, Kernel Kernel, bool UsesLevel)
{
    /// <summary>v in the kernel's units for an image of the given size (fractions of the width or height become pixels).</summary>
    public double ToKernelValue(double v, long width, long height) => Name switch
    {
        "TranslateX" => v * width,
        "TranslateY" => v * height,
        "Cutout" => v * width,
        "Posterize" or "Posterize2" => Math.Floor(v),
        _ => v,
    };

    /// <summary>v before mirroring for level λ.</summary>
    public double Value(double level) => level * (High - Low) + Low;
}

/// <summary>The operation catalogue: FAA's 15 (<see cref="SearchSpace"/>), the four AutoAugment-compatible
/// variants AutoCLINT's pool uses, Identity and HorizontalFlip.</summary>
public static class FaaOperations
{
    private static readonly FaaOperation[] All =
    [
        new("ShearX", -0.3, 0.3, true, Kernel.ShearX, true),
        new("ShearY", -0.3, 0.3, true, Kernel.ShearY, true),
        new("TranslateX", -0.45, 0.45, true, Kernel.TranslateX, true),
        new("TranslateY", -0.45, 0.45, true, Kernel.TranslateY, true),
        new("Rotate", -30, 30, true, Kernel.Rotate, true),
        new("AutoContrast", 0, 1, false, Kernel.AutoContrast, false),
        new("Invert", 0, 1, false, Kernel.Invert, false),
        new("Equalize", 0, 1, false, Kernel.Equalize, false),
        new("Solarize", 0, 256, false, Kernel.Solarize, true),
        new("Posterize", 4, 8, false, Kernel.Posterize, true),
        new("Contrast", 0.1, 1.9, false, Kernel.Contrast, true),
        new("Color", 0.1, 1.9, false, Kernel.Color, true),
        new("Brightness", 0.1, 1.9, false, Kernel.Brightness, true),
        new("Sharpness", 0.1, 1.9, false, Kernel.Sharpness, true),
        new("Cutout", 0, 0.2, false, Kernel.Cutout, true),
        // AutoAugment-compatible variants (FAA augment_list(True)), used by AutoCLINT's candidate pool.
        new("CutoutAbs", 0, 20, false, Kernel.Cutout, true),
        new("Posterize2", 0, 4, false, Kernel.Posterize, true),
        new("TranslateXAbs", 0, 10, true, Kernel.TranslateX, true),
        new("TranslateYAbs", 0, 10, true, Kernel.TranslateY, true),
        // Not in FAA's space; useful in hand-written policies.
        new("Identity", 0, 1, false, Kernel.Identity, false),
        new("HorizontalFlip", 0, 1, false, Kernel.HorizontalFlip, false),
    ];

    private static readonly Dictionary<string, FaaOperation> ByName = All.ToDictionary(o => o.Name, StringComparer.Ordinal);

    /// <summary>The 15 operations FAA searches over (its <c>augment_list(False)</c>), in FAA's order.</summary>
    public static IReadOnlyList<FaaOperation> SearchSpace { get; } = All[..15];

    /// <summary>Every operation name a policy may use.</summary>
    public static IEnumerable<string> Names => All.Select(o => o.Name);

    public static bool TryGet(string name, out FaaOperation operation) => ByName.TryGetValue(name, out operation!);

    public static FaaOperation Get(string name) => ByName.TryGetValue(name, out var op) ? op
        : throw new ArgumentException($"Unknown augmentation operation '{name}'; expected one of {string.Join(", ", Names)}.", nameof(name));
}
