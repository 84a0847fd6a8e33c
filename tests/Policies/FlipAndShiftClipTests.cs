using AutoVision.Policies;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoVision.Policies.Tests;

public class FlipAndShiftClipTests
{
    [Fact]
    public void Apply_Clips_EveryFrameOfAClipMovesTheSameWay()
    {
        manual_seed(3);
        using var frame = rand(new long[] { 4, 1, 3, 16, 16 });
        using var clips = frame.expand(new long[] { 4, 3, 3, 16, 16 }).contiguous();   // 4 clips of 3 identical frames
        var augmentation = new FlipAndShift(flipProbability: 0.5, maxShiftFraction: 0.25);

        using var result = augmentation.Apply(clips, new Random(7));

        Assert.Equal(clips.shape, result.shape);
        for (int t = 1; t < 3; t++)
            Assert.True(result[.., t].allclose(result[.., 0], 0, 0), $"frame {t} was augmented differently from frame 0");
        Assert.False(result.allclose(clips, 0, 0), "nothing was augmented");
    }
}
