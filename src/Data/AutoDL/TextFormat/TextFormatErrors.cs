namespace AutoVision.Data.AutoDL.TextFormat;

/// <summary>Builds the errors of the text-format reader: every message names the file, line and column.</summary>
internal static class TextFormatErrors
{
    /// <summary>Creates an <see cref="InvalidDataException"/> "<c>path:line:column: message</c>".</summary>
    public static InvalidDataException At(string sourcePath, int line, int column, string message) =>
        new($"{sourcePath}:{line}:{column}: {message}");
}
