using SkiaSharp;

namespace AutoVision.Scoring.Tests;

public class PlotFontTests
{
    [Fact]
    public void CreateTypeface_EmbeddedFont_IsDejaVuSans()
    {
        using SKTypeface typeface = PlotFont.CreateTypeface();
        Assert.Equal("DejaVu Sans", typeface.FamilyName);
    }

    [Fact]
    public void CreateTypeface_EmbeddedFont_HasEveryCharacterOfTheLabels()
    {
        using SKTypeface typeface = PlotFont.CreateTypeface();
        using var font = new SKFont(typeface);
        // The x label's t-tilde is t followed by a combining tilde (U+0303); task names are free text.
        Assert.True(font.ContainsGlyphs("Transformed time: t\u0303 = log(1 + t/t0) / log(1 + T/t0)  (T = 1200, t0 = 60)"));
        Assert.True(font.ContainsGlyphs("Learning curve for task: score (2 * AUC - 1) ALC=0.8916 -0123456789_.,;[]{}"));
    }

    [Fact]
    public void Assembly_EmbeddedFont_TravelsWithItsLicence()
    {
        using Stream licence = typeof(PlotFont).Assembly.GetManifestResourceStream("AutoVision.Scoring.Fonts.LICENSE-DejaVu.txt")!;
        Assert.Contains("Bitstream Vera Fonts Copyright", new StreamReader(licence).ReadToEnd());
    }

    [Fact]
    public void EnsureRegistered_ScottPlot_ResolvesTheNameToTheEmbeddedFont()
    {
        PlotFont.EnsureRegistered();
        PlotFont.EnsureRegistered();
        Assert.Equal("DejaVu Sans", ScottPlot.Fonts.GetTypeface(PlotFont.Name, bold: false, italic: false).FamilyName);
    }
}
