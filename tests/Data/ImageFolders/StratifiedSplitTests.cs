using AutoVision.Data.ImageFolders;

namespace AutoVision.Data.Tests.ImageFolders;

public sealed class StratifiedSplitTests
{
    [Fact]
    public void Split_SeveralClasses_TakesTheFractionOfEachAndKeepsOrdinalOrder()
    {
        string[][] classes = [Files("a", 10), Files("b", 5), Files("c", 1)];

        (string[][] train, string[][] test) = StratifiedSplit.Split(classes, 0.2, seed: 3);

        Assert.Equal([2, 1, 0], test.Select(t => t.Length));
        Assert.Equal([8, 4, 1], train.Select(t => t.Length));
        Assert.All(test.Concat(train), part => Assert.Equal(part.Order(StringComparer.Ordinal), part));
        Assert.All(Enumerable.Range(0, 3), c => Assert.Equal(classes[c].Order(StringComparer.Ordinal), train[c].Concat(test[c]).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Split_SameSeed_GivesTheSameSplit()
    {
        string[][] classes = [Files("a", 20), Files("b", 20)];

        Assert.Equal(StratifiedSplit.Split(classes, 0.3, 5).Test, StratifiedSplit.Split(classes, 0.3, 5).Test);
    }

    private static string[] Files(string prefix, int n) => Enumerable.Range(0, n).Select(i => $"{prefix}/{i:D2}.png").ToArray();
}
