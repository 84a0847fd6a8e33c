using AutoVision.Data.Loading;

namespace AutoVision.Data.Tests.Loading;

public sealed class StratifiedHoldoutTests
{
    // 3 classes of 100, 50 and 2 rows, and 4 rows without labels.
    private static readonly int[][] Labels =
    [
        .. Enumerable.Repeat(new[] { 0 }, 100), .. Enumerable.Repeat(new[] { 1 }, 50), .. Enumerable.Repeat(new[] { 2 }, 2),
        .. Enumerable.Repeat(Array.Empty<int>(), 4),
    ];

    [Fact]
    public void Split_HoldsOutEveryClassInProportion()
    {
        (int[] fit, int[] validation) = StratifiedHoldout.Split(Labels, null, 0.2, 256, new Random(5));

        // 20 % of 156 is 31 rows; each class gets floor(its share of 31): 19 of 100, 9 of 50.
        Assert.Equal(19, validation.Count(r => Labels[r] is [0]));
        Assert.Equal(9, validation.Count(r => Labels[r] is [1]));
        Assert.Equal(1, validation.Count(r => Labels[r] is []));
        Assert.Equal(1, validation.Count(r => Labels[r] is [2]));   // at least one of a class of two, never both
        Assert.Equal(Enumerable.Range(0, Labels.Length), fit.Concat(validation).Order());
        Assert.Equal(validation.Order(), validation);
    }

    [Fact]
    public void Split_IsDeterministicUnderTheSeed()
    {
        var a = StratifiedHoldout.Split(Labels, null, 0.2, 256, new Random(5));
        var b = StratifiedHoldout.Split(Labels, null, 0.2, 256, new Random(5));
        var c = StratifiedHoldout.Split(Labels, null, 0.2, 256, new Random(6));

        Assert.Equal(a.Validation, b.Validation);
        Assert.NotEqual(a.Validation, c.Validation);
    }

    [Fact]
    public void Split_LeavesOutUnusableRowsAndRespectsTheMaximum()
    {
        (int[] fit, int[] validation) = StratifiedHoldout.Split(Labels, r => r % 10 != 0, 0.5, 12, new Random(1));

        Assert.InRange(validation.Length, 10, 12);
        Assert.DoesNotContain(fit.Concat(validation), r => r % 10 == 0);
        Assert.Equal(Enumerable.Range(0, Labels.Length).Where(r => r % 10 != 0), fit.Concat(validation).Order());
    }

    [Fact]
    public void Split_TooFewRows_HoldsNothingOut()
    {
        (int[] fit, int[] validation) = StratifiedHoldout.Split(Labels[..40], null, 0.2, 256, new Random(1));

        Assert.Empty(validation);
        Assert.Equal(40, fit.Length);
    }
}
