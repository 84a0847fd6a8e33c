using System.Text.Json;
using System.Text.Json.Nodes;
using AutoVision.Transfer.Checkpoints;

namespace AutoVision.Transfer.Tests;

public class CheckpointMetadataTests
{
    [Fact]
    public void InputShape_OlderMetadataWithoutHeightAndWidth_IsTheSquareOfInputSize()
    {
        // The metadata JSON as checkpoints wrote it before the input height and width were recorded.
        var json = JsonSerializer.SerializeToNode(new CheckpointMetadata { InputSize = 48, Classes = 3 })!.AsObject();
        json.Remove(nameof(CheckpointMetadata.InputHeight));
        json.Remove(nameof(CheckpointMetadata.InputWidth));

        var m = JsonSerializer.Deserialize<CheckpointMetadata>(json.ToJsonString())!;

        Assert.Equal((0, 0), (m.InputHeight, m.InputWidth));
        Assert.Equal((48, 48), m.InputShape());
    }

    [Fact]
    public void InputShape_RecordedHeightAndWidth_SurviveTheJsonRoundTrip()
    {
        var written = new CheckpointMetadata { InputSize = 64, InputHeight = 48, InputWidth = 128, Classes = 3 };

        var m = JsonSerializer.Deserialize<CheckpointMetadata>(JsonSerializer.SerializeToUtf8Bytes(written))!;

        Assert.Equal(written, m);
        Assert.Equal((48, 128), m.InputShape());
    }

    [Theory]
    [InlineData(48, 0)]
    [InlineData(0, 128)]
    [InlineData(-1, 128)]
    public void InputShape_HalfOrNegativeShape_IsAnErrorNamingTheFields(int height, int width)
    {
        var m = new CheckpointMetadata { InputSize = 64, InputHeight = height, InputWidth = width };

        var ex = Assert.Throws<InvalidDataException>(() => m.InputShape("/runs/a/checkpoints/last.ckpt"));

        Assert.Contains("'/runs/a/checkpoints/last.ckpt'", ex.Message);
        Assert.Contains($"input height {height} and width {width}", ex.Message);
        Assert.Contains("InputSize 64", ex.Message);
    }
}
