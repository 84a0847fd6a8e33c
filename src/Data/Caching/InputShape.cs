using System.Globalization;

namespace AutoVision.Data.Caching;

/// <summary>
/// The size images are resized to for the network: <see cref="Height"/> × <see cref="Width"/> pixels. Most inputs are
/// squares (<see cref="Square"/>); elongated images keep their aspect ratio (see the learner's input-shape rule).
/// </summary>
/// <remarks>Written as the side alone for a square ("64", so that logs read "64px" as they always have) and as
/// width × height otherwise ("128x48": 128 wide, 48 high), the order image sizes are written in elsewhere.</remarks>
public readonly record struct InputShape
{
    /// <summary>A <paramref name="height"/> × <paramref name="width"/> input.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A side below 1.</exception>
    public InputShape(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Height = height;
        Width = width;
    }

    /// <summary>Rows (H).</summary>
    public int Height { get; }

    /// <summary>Columns (W).</summary>
    public int Width { get; }

    /// <summary>Whether height and width are equal.</summary>
    public bool IsSquare => Height == Width;

    /// <summary>H·W.</summary>
    public int Pixels => Height * Width;

    /// <summary>A <paramref name="side"/> × <paramref name="side"/> input.</summary>
    public static InputShape Square(int side) => new(side, side);

    /// <summary>"64" for a square, "128x48" (width x height) otherwise.</summary>
    public override string ToString() => IsSquare
        ? Height.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Width}x{Height}");
}
