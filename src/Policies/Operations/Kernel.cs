namespace AutoVision.Policies.Operations;

/// <summary>
/// The image transformations the policies are built from, each taking one value in its own units (pixels,
/// degrees, a PIL enhance factor, a threshold, a number of bits). Policies map their levels to these values
/// (<see cref="FaaOperation"/>, <see cref="RandAugment"/>, <see cref="TrivialAugmentWide"/>).
/// </summary>
public enum Kernel
{
    /// <summary>No change.</summary>
    Identity,
    /// <summary>PIL affine (1, v, 0, 0, 1, 0): output (x, y) takes input (x + v·y, y); v a shear coefficient.</summary>
    ShearX,
    /// <summary>PIL affine (1, 0, 0, v, 1, 0).</summary>
    ShearY,
    /// <summary>PIL affine (1, 0, v, 0, 1, 0): v pixels; the content moves left for v &gt; 0.</summary>
    TranslateX,
    /// <summary>PIL affine (1, 0, 0, 0, 1, v): v pixels; the content moves up for v &gt; 0.</summary>
    TranslateY,
    /// <summary>PIL <c>rotate(v)</c>: v degrees counter-clockwise about the centre.</summary>
    Rotate,
    /// <summary>PIL <c>ImageOps.autocontrast</c>: each channel stretched from its min..max to 0..255.</summary>
    AutoContrast,
    /// <summary>255 − x.</summary>
    Invert,
    /// <summary>PIL <c>ImageOps.equalize</c>: each channel's histogram equalised.</summary>
    Equalize,
    /// <summary>PIL <c>ImageOps.solarize(v)</c>: levels ≥ v inverted; v in [0, 256], 256 changes nothing.</summary>
    Solarize,
    /// <summary>PIL <c>ImageOps.posterize(int(v))</c>: keep the top int(v) bits.</summary>
    Posterize,
    /// <summary>PIL <c>ImageEnhance.Contrast(v)</c>: blend with the grey mean; 1 = identity.</summary>
    Contrast,
    /// <summary>PIL <c>ImageEnhance.Color(v)</c>: blend with the greyscale image; 1 = identity.</summary>
    Color,
    /// <summary>PIL <c>ImageEnhance.Brightness(v)</c>: blend with black; 1 = identity.</summary>
    Brightness,
    /// <summary>PIL <c>ImageEnhance.Sharpness(v)</c>: blend with the SMOOTH-filtered image; 1 = identity.</summary>
    Sharpness,
    /// <summary>FAA <c>CutoutAbs(v)</c>: a square of side v pixels filled with (125, 123, 114) at a random centre.</summary>
    Cutout,
    /// <summary>Mirror left-right.</summary>
    HorizontalFlip,
}
