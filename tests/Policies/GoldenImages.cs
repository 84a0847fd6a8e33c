using System.Text.Json;
using SkiaSharp;
using static TorchSharp.torch;

namespace AutoVision.Policies.Tests;

/// <summary>The golden cases made by TestData/make_golden.py with Pillow, and PNG reading for them.</summary>
internal static class GoldenImages
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "TestData", "golden");

    public sealed record Case(string Input, string Op, double Value, string Output, double? CentreX, double? CentreY)
    {
        public override string ToString() => $"{Output} ({Op} {Value})";
    }

    public static IReadOnlyList<Case> Cases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "golden.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new Case(
            c.GetProperty("input").GetString()!, c.GetProperty("op").GetString()!, c.GetProperty("value").GetDouble(),
            c.GetProperty("output").GetString()!,
            c.TryGetProperty("centreX", out var cx) ? cx.GetDouble() : null,
            c.TryGetProperty("centreY", out var cy) ? cy.GetDouble() : null)).ToList();
    }

    /// <summary>A PNG as a (1, C, H, W) float tensor of levels / 255; C = 1 for a greyscale PNG, else 3.</summary>
    public static Tensor Load(string name)
    {
        string path = Path.Combine(Folder, name);
        using var codec = SKCodec.Create(path) ?? throw new InvalidDataException($"{path}: not a readable image");
        bool grey = codec.Info.ColorType == SKColorType.Gray8;
        using var bitmap = SKBitmap.Decode(path);
        int h = bitmap.Height, w = bitmap.Width, c = grey ? 1 : 3;
        var values = new float[c * h * w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                var p = bitmap.GetPixel(x, y);
                if (grey) values[y * w + x] = p.Red / 255f;
                else
                {
                    values[0 * h * w + y * w + x] = p.Red / 255f;
                    values[1 * h * w + y * w + x] = p.Green / 255f;
                    values[2 * h * w + y * w + x] = p.Blue / 255f;
                }
            }
        return tensor(values, new long[] { 1, c, h, w });
    }
}
