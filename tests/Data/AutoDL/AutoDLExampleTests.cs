using AutoVision.Data.AutoDL;

namespace AutoVision.Data.Tests.AutoDL;

public sealed class AutoDLExampleTests
{
    [Fact]
    public void DenseLabel_TrainExample_ScattersScoresAtIndices()
    {
        var example = new AutoDLExample(1, [3, 0], [1f, 0.25f], 1, 1, 1, 1, [0f]);

        Assert.Equal([0.25f, 0f, 0f, 1f, 0f], example.DenseLabel(5));
    }

    [Fact]
    public void DenseLabel_RepeatedIndex_LastScoreWins()
    {
        var example = new AutoDLExample(null, [1, 1], [0.5f, 0.75f], 1, 1, 1, 1, [0f]);

        Assert.Equal([0f, 0.75f], example.DenseLabel(2));
    }

    [Fact]
    public void DenseLabel_NoLabels_ReturnsZeros()
    {
        var example = new AutoDLExample(0, [], [], 1, 1, 1, 1, [0f]);

        Assert.Equal(new float[4], example.DenseLabel(4));
    }

    [Fact]
    public void DenseLabel_IndexBeyondOutputDim_ThrowsArgumentOutOfRange()
    {
        var example = new AutoDLExample(0, [4], [1f], 1, 1, 1, 1, [0f]);

        Assert.Throws<ArgumentOutOfRangeException>(() => example.DenseLabel(4));
    }

    [Fact]
    public void Constructor_ValueCountDiffersFromShape_ThrowsArgument()
    {
        Assert.Throws<ArgumentException>(() => new AutoDLExample(0, [], [], 1, 2, 2, 1, [0f]));
    }

    [Fact]
    public void Constructor_LabelListsOfDifferentLength_ThrowsArgument()
    {
        Assert.Throws<ArgumentException>(() => new AutoDLExample(0, [1], [], 1, 1, 1, 1, [0f]));
    }

    [Fact]
    public void Properties_AfterConstruction_ExposeShapeAndValues()
    {
        float[] values = [1, 2, 3, 4, 5, 6];
        var example = new AutoDLExample(7, [], [], 1, 1, 2, 3, values);

        Assert.Equal((7L, 1, 1, 2, 3), (example.Id!.Value, example.Frames, example.Height, example.Width, example.Channels));
        Assert.Same(values, example.Values);
    }
}
