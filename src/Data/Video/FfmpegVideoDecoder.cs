using System.ComponentModel;
using FFMpegCore;
using FFMpegCore.Exceptions;

namespace AutoVision.Data.Video;

/// <summary>
/// Video decoding with the system's <c>ffprobe</c> and <c>ffmpeg</c> (Debian: <c>apt-get install ffmpeg</c>),
/// driven through FFMpegCore: ffprobe reads the duration, then one ffmpeg call per sampled frame seeks on the input
/// (decoding from the previous key frame, so the frame is exact: the first frame at or after the time asked for) and
/// writes that frame as a JPEG (quality 2) to a temporary file.
/// </summary>
/// <remarks>
/// No NuGet package brings a video decoder that runs on a machine with only the .NET SDK: OpenCvSharp4's official
/// Linux runtime opens H.264, MPEG-4 and VP9 files, but its native library needs GTK 3, Pango, Cairo and X11
/// (checked with ldd), which such a machine lacks. ffmpeg is the smaller system dependency and is only needed for
/// video files (AutoDL sequences and folders of frames need nothing).
/// </remarks>
public sealed class FfmpegVideoDecoder : IVideoDecoder
{
    /// <summary>Whether <c>ffmpeg</c> and <c>ffprobe</c> are on the PATH.</summary>
    public static bool IsAvailable => OnPath("ffmpeg") && OnPath("ffprobe");

    public IReadOnlyList<byte[]> SampleFrames(string path, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Video file not found: {path}", path);
        }

        RequireTools();
        IMediaAnalysis info;
        try
        {
            info = FFProbe.Analyse(path);
        }
        catch (Exception ex) when (ex is FFMpegException or FormatException or InvalidOperationException or System.Text.Json.JsonException or Win32Exception)
        {
            throw new InvalidDataException($"Video file '{path}': ffprobe cannot read it ({FirstLine(ex.Message)}).", ex);
        }

        if (info.PrimaryVideoStream is null)
        {
            throw new InvalidDataException($"Video file '{path}': it has no video stream.");
        }

        TimeSpan duration = info.PrimaryVideoStream.Duration > TimeSpan.Zero ? info.PrimaryVideoStream.Duration : info.Duration;
        if (duration <= TimeSpan.Zero)
        {
            throw new InvalidDataException($"Video file '{path}': ffprobe finds no duration, so frames cannot be spread over the clip.");
        }

        var frames = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            TimeSpan at = duration * ((i + 0.5) / count);
            frames[i] = FrameAt(path, at);
        }

        return frames;
    }

    private static byte[] FrameAt(string path, TimeSpan at)
    {
        // A temporary file rather than a pipe: FFMpegCore's pipe output lost frames when several clips were decoded in parallel.
        string frame = Path.Combine(Path.GetTempPath(), $"autovision-frame-{Guid.NewGuid():N}.jpg");
        try
        {
            FFMpegArguments
                .FromFileInput(path, options => options.WithStartTime(at))
                .OutputToFile(frame, options => options
                    .WithVideoCodec("mjpeg")
                    .WithCustomArgument("-frames:v 1 -q:v 2"))
                .ProcessSynchronously();
            byte[] bytes = File.Exists(frame) ? File.ReadAllBytes(frame) : [];
            if (bytes.Length == 0)
            {
                throw new InvalidDataException($"Video file '{path}': ffmpeg gives no frame at {at.TotalSeconds:F3} s.");
            }

            return bytes;
        }
        catch (Exception ex) when (ex is FFMpegException or InvalidOperationException or Win32Exception or IOException)
        {
            throw new InvalidDataException($"Video file '{path}': ffmpeg cannot decode the frame at {at.TotalSeconds:F3} s ({FirstLine(ex.Message)}).", ex);
        }
        finally
        {
            File.Delete(frame);
        }
    }

    private static void RequireTools()
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException(
                "Reading video files needs ffmpeg and ffprobe on the PATH (Debian/Ubuntu: apt-get install ffmpeg). AutoDL sequences and folders of frames do not.");
        }
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, tool)));

    private static string FirstLine(string message)
    {
        string[] lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "no message" : lines[^1];
    }
}
