namespace AutoVision.Search.Tests;

public class InMemoryTrialStoreTests : TrialStoreContractTests
{
    protected override ITrialStore CreateStore() => new InMemoryTrialStore();

    [Fact]
    public void CreateTrial_FromManyThreads_NumbersEveryTrialOnce()
    {
        var store = new InMemoryTrialStore();
        Parallel.For(0, 200, _ => store.CreateTrial(new FrozenTrial { Number = -1, State = TrialState.Running }));
        Assert.Equal(Enumerable.Range(0, 200), store.GetTrials().Select(t => t.Number));
    }
}
