using System.Text;

namespace AutoVision.Scoring;

/// <summary>
/// Writes a file under a temporary name in the same folder, flushes it to disk, then renames it over the
/// target, so that a reader sees either the old file or the complete new one, never a partial file.
/// </summary>
internal static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="path"/> as UTF-8 text (no byte order mark, '\n' line ends) through
    /// <paramref name="write"/>; the temporary file is named <paramref name="tempPrefix"/> followed by a random suffix.</summary>
    public static void Write(string path, string tempPrefix, Action<TextWriter> write) =>
        WriteStream(path, tempPrefix, stream =>
        {
            using var writer = new StreamWriter(stream, Utf8NoBom, 1 << 16, leaveOpen: true);
            writer.NewLine = "\n";
            write(writer);
            writer.Flush();
        });

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte order mark) to <paramref name="path"/> atomically.</summary>
    public static void WriteText(string path, string tempPrefix, string text) =>
        Write(path, tempPrefix, writer => writer.Write(text));

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteBytes(string path, string tempPrefix, byte[] bytes) =>
        WriteStream(path, tempPrefix, stream => stream.Write(bytes));

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, which gets the temporary file's stream.</summary>
    public static void WriteStream(string path, string tempPrefix, Action<Stream> write)
    {
        string target = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(target)
            ?? throw new ArgumentException($"'{path}' has no parent folder.", nameof(path));
        string temp = Path.Combine(folder, tempPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Appends <paramref name="text"/> to <paramref name="path"/> and flushes it to disk before returning.</summary>
    public static void AppendDurably(string path, string text)
    {
        byte[] bytes = Utf8NoBom.GetBytes(text);
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original error matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
