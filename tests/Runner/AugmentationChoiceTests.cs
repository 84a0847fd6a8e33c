using AutoVision.Policies;
using AutoVision.Runner.Learning;
using AutoVision.Transfer;

namespace AutoVision.Runner.Tests;

public class AugmentationChoiceTests
{
    public AugmentationChoiceTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData("none", typeof(IdentityAugmentation))]
    [InlineData("flip", typeof(FlipAndShift))]
    [InlineData("faa-search", typeof(FlipAndShift))]
    [InlineData("faa-cifar10", typeof(SequentialAugmentation))]
    [InlineData("faa-imagenet", typeof(SequentialAugmentation))]
    [InlineData("faa-svhn", typeof(SequentialAugmentation))]
    [InlineData("randaugment", typeof(SequentialAugmentation))]
    [InlineData("trivialaugment", typeof(SequentialAugmentation))]
    public void Create_EveryName_GivesItsAugmentation(string name, Type expected)
    {
        var augmentation = AugmentationChoice.Create(name);
        Assert.IsType(expected, augmentation);
        if (augmentation is SequentialAugmentation s)
        {
            Assert.Equal(2, s.Steps.Count);
            Assert.IsType<FlipAndShift>(s.Steps[1]);
        }
    }

    [Fact]
    public void Create_PublishedTable_UsesThatTable() =>
        Assert.Equal(498, Assert.IsType<Policy>(((SequentialAugmentation)AugmentationChoice.Create("faa-imagenet")).Steps[0]).SubPolicies.Count);

    [Fact]
    public void Create_UnknownName_SaysWhatIsExpected()
    {
        var e = Assert.Throws<ArgumentException>(() => AugmentationChoice.Create("autoaugment"));
        Assert.Contains("'augmentation'", e.Message);
        Assert.Contains("unknown value 'autoaugment'", e.Message);
        Assert.Contains("trivialaugment", e.Message);
    }

    [Fact]
    public void Default_IsNone() => Assert.Equal("none", new LearnerOptions().Augmentation);
}
