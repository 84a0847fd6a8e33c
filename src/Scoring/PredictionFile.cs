namespace AutoVision.Scoring;

/// <summary>
/// A prediction file (<c>&lt;task&gt;.predict_&lt;k&gt;</c>): one test example per line, its class scores formatted
/// with <see cref="PredictionFormat.FormatValue(double)"/> and joined by single spaces, each line ended by '\n'.
/// </summary>
public static class PredictionFile
{
    /// <summary>The start of the temporary file name a prediction is written under before its rename.</summary>
    public const string TempPrefix = "temp_prediction_file_";

    /// <summary>Writes <paramref name="prediction"/> to <paramref name="path"/> through a temporary file in the same
    /// folder and an atomic rename, so that a reader never sees a partial file. Each value is widened to double
    /// first, as the challenge's writer did.</summary>
    public static void Write(string path, float[,] prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        AtomicFile.Write(path, TempPrefix, writer => WriteRows(writer, prediction.GetLength(0), prediction.GetLength(1), (i, j) => prediction[i, j]));
    }

    /// <inheritdoc cref="Write(string, float[,])"/>
    public static void Write(string path, double[,] prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        AtomicFile.Write(path, TempPrefix, writer => WriteRows(writer, prediction.GetLength(0), prediction.GetLength(1), (i, j) => prediction[i, j]));
    }

    /// <summary>Reads a prediction (or any whitespace-separated) matrix; <c>nan</c> and <c>inf</c> are accepted.</summary>
    /// <exception cref="InvalidDataException">A value is not a number, rows differ in length, or the file is empty;
    /// the message names the file, the line and the column.</exception>
    public static double[,] Read(string path) => MatrixText.Read(path);

    private static void WriteRows(TextWriter writer, int rows, int columns, Func<int, int, double> at)
    {
        Span<char> buffer = stackalloc char[32];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                if (j > 0) writer.Write(' ');
                int length = PredictionFormat.FormatValue(at(i, j), buffer);
                writer.Write(buffer[..length]);
            }
            writer.Write('\n');
        }
    }
}
