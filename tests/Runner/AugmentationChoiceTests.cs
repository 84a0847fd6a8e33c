using AutoVision.Policies;
using AutoVision.Runner.Learning;
using AutoVision.Transfer;
using TorchSharp;

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

    [Theory]
    [MemberData(nameof(AllNames))]
    public void Apply_EveryName_KeepsTheShapeOfANonSquareBatch(string name)
    {
        using var scope = torch.NewDisposeScope();
        var augmentation = AugmentationChoice.Create(name);
        torch.manual_seed(3);
        var batch = torch.rand(6, 3, 24, 64);

        var result = augmentation.Apply(batch, new Random(5));

        Assert.Equal(new long[] { 6, 3, 24, 64 }, result.shape);
        Assert.True(result.isfinite().all().item<bool>());
    }

    [Fact]
    public void FlipAndShift_NonSquareBatch_EachImageIsAWindowOfItsReflectPaddedSelf()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(4);
        var batch = torch.rand(8, 1, 16, 64);
        int pad = 2;   // floor(min(16, 64) · 0.125)

        var result = new FlipAndShift(flipProbability: 0).Apply(batch, new Random(9));

        Assert.Equal(new long[] { 8, 1, 16, 64 }, result.shape);
        var padded = torch.nn.functional.pad(batch, new long[] { pad, pad, pad, pad }, PaddingModes.Reflect);
        for (int i = 0; i < 8; i++)
        {
            bool found = false;
            for (int dy = 0; dy <= 2 * pad && !found; dy++)
                for (int dx = 0; dx <= 2 * pad && !found; dx++)
                    found = padded[i].narrow(1, dy, 16).narrow(2, dx, 64).eq(result[i]).all().item<bool>();
            Assert.True(found, $"image {i} is not a 16 x 64 window of its padded self");
        }
    }

    public static TheoryData<string> AllNames() => [.. AugmentationChoice.Names];

    [Fact]
    public void Default_IsNone() => Assert.Equal("none", new LearnerOptions().Augmentation);
}
