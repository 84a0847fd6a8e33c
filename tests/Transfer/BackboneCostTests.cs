namespace AutoVision.Transfer.Tests;

public sealed class BackboneCostTests
{
    private static readonly BackboneCost Cost = new([32, 64, 112], [4.0, 8.0, 20.0], [0.5, 2.0, 7.0]);

    [Fact]
    public void MeasuredSizes_GiveTheirFigures()
    {
        Assert.Equal(4.0, Cost.TrainMsPerImage(32, 32), 9);
        Assert.Equal(8.0, Cost.TrainMsPerImage(64, 64), 9);
        Assert.Equal(20.0, Cost.TrainMsPerImage(112, 112), 9);
        Assert.Equal(0.5, Cost.InferenceMsPerImage(32, 32), 9);
        Assert.Equal(7.0, Cost.InferenceMsPerImage(112, 112), 9);
    }

    [Fact]
    public void BetweenSizes_APowerLawInPixels()
    {
        int h = 32, w = 64;   // 2,048 pixels: halfway between 1,024 and 4,096 in log, so the cost is halfway in log too
        Assert.Equal(Math.Sqrt(4.0 * 8.0), Cost.TrainMsPerImage(h, w), 9);
        Assert.Equal(Math.Sqrt(0.5 * 2.0), Cost.InferenceMsPerImage(h, w), 9);
        Assert.Equal(Cost.TrainMsPerImage(h, w), Cost.TrainMsPerImage(w, h), 12);   // a shape costs by its pixel count
        Assert.Equal(Cost.InferenceMsPerImage(64, 64), Cost.InferenceMsPerImage(32, 128), 9);
    }

    [Fact]
    public void BeyondTheEnds_TheNearestSegmentsExponent()
    {
        // Inference from 32 to 64 px: 4× the cost for 4× the pixels (exponent 1), so 16 px costs a quarter of 32 px.
        Assert.Equal(0.125, Cost.InferenceMsPerImage(16, 16), 9);
        // Training from 64 to 112 px: 2.5× for (112/64)² = 3.0625× the pixels; 224 px is (224/112)² = 4× the pixels of 112.
        double exponent = Math.Log(20.0 / 8.0) / Math.Log(3.0625);
        Assert.Equal(20.0 * Math.Pow(4, exponent), Cost.TrainMsPerImage(224, 224), 9);
        Assert.Equal(Math.Pow(4, exponent), Cost.TrainRatio(112, 224), 9);
    }

    [Theory]
    [InlineData(new[] { 32 }, new[] { 1.0 }, new[] { 1.0 })]
    [InlineData(new[] { 64, 32 }, new[] { 1.0, 2.0 }, new[] { 1.0, 2.0 })]
    [InlineData(new[] { 32, 64 }, new[] { 1.0 }, new[] { 1.0, 2.0 })]
    [InlineData(new[] { 32, 64 }, new[] { 1.0, 0.0 }, new[] { 1.0, 2.0 })]
    [InlineData(new[] { 32, 64 }, new[] { 1.0, 2.0 }, new[] { double.NaN, 2.0 })]
    public void BadTables_AreRefused(int[] sizes, double[] train, double[] inference) =>
        Assert.Throws<ArgumentException>(() => new BackboneCost(sizes, train, inference));

    [Fact]
    public void Refined_ScalesThePriorByTheMeasuredSpeed()
    {
        var refined = RefinedCost.Inference(Cost);
        Assert.False(refined.Measured);
        Assert.Equal(2.0, refined.MsPerImage(64, 64), 9);   // the prior itself before a measurement

        refined.Observe(32, 32, 0.75);   // this machine: 1.5× the prior at 32 px
        Assert.True(refined.Measured);
        Assert.Equal(1.5, refined.SpeedFactor, 9);
        Assert.Equal(3.0, refined.MsPerImage(64, 64), 9);
        Assert.Equal(4.0, refined.Ratio(32, 64), 9);   // ratios between sizes are the prior's

        refined.Observe(64, 64, 1.0);   // the latest measurement decides
        Assert.Equal(0.5, refined.SpeedFactor, 9);
        refined.Observe(64, 64, double.NaN);
        refined.Observe(64, 64, 0);
        Assert.Equal(0.5, refined.SpeedFactor, 9);
        Assert.Equal(RefinedCost.Training(Cost).Ratio(32, 64), Cost.TrainRatio(32, 64), 12);
    }

    [Fact]
    public void Registry_EveryEntryHasACostThatRisesWithSize()
    {
        foreach (var e in BackboneRegistry.All)
        {
            Assert.Equal([32, 64, 112], e.Cost.Sizes);
            for (int i = 1; i < e.Cost.Sizes.Count; i++)
            {
                Assert.True(e.Cost.TrainMs[i] > e.Cost.TrainMs[i - 1], $"{e.Name}: training cost falls at {e.Cost.Sizes[i]} px");
                Assert.True(e.Cost.InferenceMs[i] > e.Cost.InferenceMs[i - 1], $"{e.Name}: inference cost falls at {e.Cost.Sizes[i]} px");
            }
            // A training step (forward, backward, update) costs more per image than a forward pass alone.
            for (int i = 0; i < e.Cost.Sizes.Count; i++)
                Assert.True(e.Cost.TrainMs[i] > e.Cost.InferenceMs[i], $"{e.Name}: training cheaper than inference at {e.Cost.Sizes[i]} px");
        }
        // The truncated network drops the most expensive stage; the small scratch network is the cheapest.
        var whole = BackboneRegistry.Get(BackboneNames.ResNet18).Cost;
        var layer3 = BackboneRegistry.Get(BackboneNames.ResNet18Layer3).Cost;
        var scratch = BackboneRegistry.Get(BackboneNames.ScratchResNet10).Cost;
        foreach (int size in new[] { 32, 64, 112 })
        {
            Assert.True(layer3.TrainMsPerImage(size, size) < whole.TrainMsPerImage(size, size));
            Assert.True(scratch.TrainMsPerImage(size, size) < layer3.TrainMsPerImage(size, size));
        }
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("auto", true)]
    [InlineData(" AUTO ", true)]
    [InlineData("resnet18-layer3", false)]
    [InlineData("scratch-resnet10", false)]
    public void IsAuto_OnlyForTheAutoSetting(string? setting, bool expected) =>
        Assert.Equal(expected, BackboneRegistry.IsAuto(setting));
}
