using ScottPlot;
using SkiaSharp;

namespace AutoVision.Scoring;

/// <summary>
/// The one font of the learning-curve figure: DejaVu Sans 2.37 (matplotlib's default font, so the figure reads like
/// the platform's), embedded in this assembly with its licence (<c>Fonts/LICENSE-DejaVu.txt</c>). Skia's native
/// library here has no fontconfig and finds only fonts under <c>/usr/share/fonts</c>; a machine with just the .NET
/// SDK has none there, and ScottPlot would then draw no text at all. Registering the embedded file under a private
/// family name makes every label of the figure draw the same glyphs on every machine.
/// </summary>
internal static class PlotFont
{
    /// <summary>The family name the figure asks ScottPlot for; only this resolver answers to it.</summary>
    public const string Name = "AutoVision Embedded DejaVu Sans";

    private const string ResourceName = "AutoVision.Scoring.Fonts.DejaVuSans.ttf";

    private static readonly Lazy<SKData> Data = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lock Gate = new();

    private static bool registered;

    /// <summary>Adds the resolver to ScottPlot's (process-wide) list once; it answers only to <see cref="Name"/>.</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (registered) return;
            Fonts.FontResolvers.Add(new Resolver());
            registered = true;
        }
    }

    /// <summary>A new typeface of the embedded font.</summary>
    public static SKTypeface CreateTypeface() =>
        SKTypeface.FromData(Data.Value) ?? throw new InvalidOperationException($"The embedded font {ResourceName} could not be read by Skia.");

    private static SKData Load()
    {
        using Stream stream = typeof(PlotFont).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded font {ResourceName} is missing from {typeof(PlotFont).Assembly.GetName().Name}.");
        return SKData.Create(stream);
    }

    private sealed class Resolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == Name ? PlotFont.CreateTypeface() : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            fontName == Name ? PlotFont.CreateTypeface() : null;
    }
}
