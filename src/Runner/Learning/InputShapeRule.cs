using AutoVision.Data.Caching;

namespace AutoVision.Runner.Learning;

/// <summary>
/// The input shapes of a dataset: when the training images' typical size has an aspect ratio (width / height) above
/// <see cref="ElongatedAspect"/> or below its inverse (AutoCLINT's test), the input keeps that aspect ratio. The long
/// side is <c>side · √aspect</c> (<see cref="Area"/>, what <see cref="Auto"/> stands for: about the square's pixels) or
/// twice the square side (<see cref="Double"/>, AutoCLINT's rule), the short side scaled by the aspect ratio, both
/// rounded to a multiple of <see cref="FineTuningMultiple"/> (fine-tuning) or <see cref="ProbeMultiple"/> (the first
/// probe), the short side at least that multiple: 203 × 74 at the default 64 px gives 112 × 48 (area) or 128 × 48
/// (double). Every other dataset (and every dataset with
/// <see cref="LearnerOptions.KeepAspect"/> = <see cref="Off"/>, or whose typical size is unknown) keeps the square
/// <c>side × side</c>.
/// </summary>
/// <remarks>The short side is rounded to the nearest multiple (AutoCLINT rounds up from 0.2 of a step,
/// <c>int(x/16 + 0.8)·16</c>; the two agree on every example of its README). An aspect ratio of exactly 2 is not
/// elongated, as in AutoCLINT.</remarks>
public static class InputShapeRule
{
    /// <summary><see cref="LearnerOptions.KeepAspect"/>: elongated images keep their aspect ratio by <see cref="AutoRule"/> (the default).</summary>
    public const string Auto = "auto";

    /// <summary><see cref="LearnerOptions.KeepAspect"/>: every dataset gets square inputs.</summary>
    public const string Off = "off";

    /// <summary>The values <see cref="LearnerOptions.KeepAspect"/> takes.</summary>
    public static IReadOnlyList<string> Names { get; } = [Auto, Area, Double, Off];

    /// <summary><see cref="LearnerOptions.KeepAspect"/>: elongated images keep their aspect ratio at about the square's
    /// pixel count: the long side <c>side · √aspect</c> (at most <c>2 · side</c>, as <see cref="Double"/>), rounded to the
    /// multiple, so that a step costs about what the square's does (3:1 at 64 px: 112 × 32).</summary>
    public const string Area = "area";

    /// <summary><see cref="LearnerOptions.KeepAspect"/>: AutoCLINT's rule: elongated images keep their aspect ratio with
    /// the long side twice the square side (more pixels than the square: 1.5× for a 3:1 image at 64 px).</summary>
    public const string Double = "double";

    /// <summary>The rule <see cref="Auto"/> stands for: <see cref="Area"/>, ahead of <see cref="Double"/> and of squares on
    /// the elongated benchmark (docs/learner.md, "Elongated images").</summary>
    public const string AutoRule = Area;

    /// <summary>A typical size whose width / height is above this, or below its inverse, is elongated.</summary>
    public const double ElongatedAspect = 2.0;

    /// <summary>The short side of an elongated fine-tuning input is a multiple of this.</summary>
    public const int FineTuningMultiple = 16;

    /// <summary>The short side of an elongated probe input is a multiple of this.</summary>
    public const int ProbeMultiple = 8;

    /// <summary>Whether a typical size of <paramref name="height"/> × <paramref name="width"/> is elongated.</summary>
    public static bool IsElongated(double height, double width) =>
        height > 0 && width > 0 && (width / height > ElongatedAspect || height / width > ElongatedAspect);

    /// <summary>The fine-tuning input for images of typical size <paramref name="typical"/> (null: unknown).</summary>
    public static InputShape FineTuning((double Height, double Width)? typical, LearnerOptions options) =>
        Shape(typical, options.InputSize, FineTuningMultiple, options.KeepAspect);

    /// <summary>The first probe's input for images of typical size <paramref name="typical"/> (null: unknown).</summary>
    public static InputShape Probe((double Height, double Width)? typical, LearnerOptions options) =>
        Shape(typical, options.ProbeInputSize, ProbeMultiple, options.KeepAspect);

    /// <summary>
    /// <c>side × side</c>, or for an elongated <paramref name="typical"/> size (with <paramref name="keepAspect"/> =
    /// <see cref="Auto"/>) the long side <c>2 · side</c> and the short side scaled by the aspect ratio, rounded to the
    /// nearest multiple of <paramref name="multiple"/>, at least <paramref name="multiple"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="keepAspect"/> is neither <see cref="Auto"/> nor <see cref="Off"/>.</exception>
    public static InputShape Shape((double Height, double Width)? typical, int side, int multiple, string keepAspect)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(side, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(multiple, 1);
        string rule = RuleOf(keepAspect);
        if (rule == Off || typical is not var (height, width) || !IsElongated(height, width))
            return InputShape.Square(side);
        double ratio = Math.Min(height, width) / Math.Max(height, width);
        int longSide = rule == Double ? 2 * side : Math.Clamp(RoundTo(side / Math.Sqrt(ratio), multiple), side, 2 * side);
        int shortSide = Math.Max(multiple, RoundTo(longSide * ratio, multiple));
        return height > width ? new InputShape(longSide, shortSide) : new InputShape(shortSide, longSide);
    }

    /// <summary>Whether <paramref name="shape"/> is one the rule can give for <paramref name="side"/> under
    /// <paramref name="keepAspect"/>: the square, or (<see cref="Auto"/>) a shape whose long side is <c>2 · side</c>
    /// and whose short side is a positive multiple of <paramref name="multiple"/> at most half of it.</summary>
    public static bool CanGive(InputShape shape, int side, int multiple, string keepAspect)
    {
        if (shape == InputShape.Square(side)) return true;
        string rule = RuleOf(keepAspect);
        int longSide = Math.Max(shape.Height, shape.Width), shortSide = Math.Min(shape.Height, shape.Width);
        return rule switch
        {
            Double => longSide == 2 * side && shortSide % multiple == 0 && shortSide <= side,
            Area => longSide % multiple == 0 && shortSide % multiple == 0 && shortSide < side && side < longSide && longSide <= 2 * side,
            _ => false,
        };
    }

    /// <summary>The rule a <see cref="LearnerOptions.KeepAspect"/> setting names (<see cref="Auto"/> resolved).</summary>
    /// <exception cref="ArgumentException">Not one of <see cref="Names"/>.</exception>
    public static string RuleOf(string keepAspect) =>
        keepAspect == Auto ? AutoRule
        : Names.Contains(keepAspect) ? keepAspect
        : throw new ArgumentException($"keepAspect is '{keepAspect}'; expected one of {string.Join(", ", Names.Select(n => $"\"{n}\""))}.", nameof(keepAspect));

    private static int RoundTo(double value, int multiple) =>
        (int)Math.Round(value / multiple, MidpointRounding.AwayFromZero) * multiple;
}
