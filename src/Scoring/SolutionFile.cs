namespace AutoVision.Scoring;

/// <summary>
/// The solution file (<c>&lt;task&gt;.solution</c>): the test labels as a 0/1 matrix, one example per line,
/// values separated by whitespace (trailing spaces, as in old solution files, are fine).
/// </summary>
public static class SolutionFile
{
    /// <summary>Reads the solution matrix. A file with one value per line gives an n x 1 matrix; a file with a
    /// single line gives a 1 x m matrix (one example), as the challenge's table reader did.</summary>
    /// <exception cref="InvalidDataException">A value is not a number, rows differ in length, or the file is empty;
    /// the message names the file, the line and the column.</exception>
    public static double[,] Read(string path) => MatrixText.Read(path);
}
