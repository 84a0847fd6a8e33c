using AutoVision.Data.Video;

namespace AutoVision.Data.Tests.Video;

/// <summary>A test that needs ffmpeg and ffprobe on the PATH: reported as skipped (with the reason) where they are missing.</summary>
public sealed class FfmpegFactAttribute : FactAttribute
{
    public FfmpegFactAttribute()
    {
        if (!FfmpegVideoDecoder.IsAvailable)
        {
            Skip = "ffmpeg and ffprobe are not on the PATH (apt-get install ffmpeg)";
        }
    }
}
