using AutoVision.Transfer.Checkpoints;
using AutoVision.Transfer.Nas;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Tests;

[Collection(TorchCollection.Name)]
public class TopCheckpointsTests
{
    /// <summary>A tiny module whose single weight is <paramref name="value"/> everywhere.</summary>
    private static nn.Module Module(float value)
    {
        TorchRuntime.EnsureLoaded();
        var m = nn.Linear(2, 2, hasBias: false);
        using (no_grad()) m.weight!.fill_(value);
        return m;
    }

    private static float ValueOf(ModelSnapshot s) => s.Tensors[0].Value[0, 0].item<float>();

    private static string NewFolder() => Path.Combine(Path.GetTempPath(), "autovision-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Offer_KeepsTheKBestInOrder_AndClonesOnlyWhatEnters()
    {
        using var top = new TopCheckpoints(3);
        using var live = Module(0);
        int captures = 0;
        int Offer(double score, float value)
        {
            using (no_grad()) ((nn.Module<Tensor, Tensor>)live).parameters().First().fill_(value);
            return top.Offer(score, () => { captures++; return ModelSnapshot.Capture(live); }, null);
        }

        Assert.Equal(1, Offer(0.80, 1));
        Assert.Equal(1, Offer(0.90, 2));
        Assert.Equal(2, Offer(0.85, 3));
        Assert.Equal(0, Offer(0.70, 4));          // below the third: not cloned
        Assert.Equal(3, Offer(0.85, 5));          // a tie goes behind the earlier entry
        Assert.Equal(0, Offer(double.NaN, 6));
        Assert.Equal(4, captures);

        Assert.Equal([0.90, 0.85, 0.85], top.Entries.Select(e => e.Score));
        Assert.Equal([2f, 3f, 5f], top.Entries.Select(e => ValueOf(e.Snapshot)));

        // The snapshots are clones: changing the live weights leaves them as they were.
        using (no_grad()) ((nn.Module<Tensor, Tensor>)live).parameters().First().fill_(42);
        Assert.Equal([2f, 3f, 5f], top.Entries.Select(e => ValueOf(e.Snapshot)));
    }

    [Fact]
    public void Capacity0_KeepsNothing()
    {
        using var top = new TopCheckpoints(0);
        using var live = Module(1);
        Assert.Equal(0, top.Offer(0.99, () => throw new InvalidOperationException("must not clone"), null));
        Assert.Empty(top.Entries);
    }

    [Fact]
    public void SaveLoad_WritesOneFilePerRank_RewritesOnlyChangedRanks_AndReadsThemBack()
    {
        var store = new CheckpointStore(NewFolder());
        var metadata = new CheckpointMetadata { Classes = 2, InputSize = 32, Channels = 3 };
        var architecture = new Architecture([new("layer4.2", BlockOp.Adapter)], HeadOp.Mlp);
        using var top = new TopCheckpoints(2);
        using (var a = Module(1)) top.Offer(0.7, () => ModelSnapshot.Capture(a), null);
        using (var b = Module(2)) top.Offer(0.9, () => ModelSnapshot.Capture(b), architecture);
        top.Save(store, metadata);
        Assert.True(store.Exists("top1") && store.Exists("top2"));
        Assert.False(store.Exists("top3"));
        var firstWrite = File.GetLastWriteTimeUtc(store.PathOf("top1"));

        // A new second: rank 2 changes, rank 1 stays (its file is not rewritten).
        Thread.Sleep(20);
        using (var c = Module(3)) top.Offer(0.8, () => ModelSnapshot.Capture(c), null);
        top.Save(store, metadata);
        Assert.Equal(firstWrite, File.GetLastWriteTimeUtc(store.PathOf("top1")));

        // A new best: the old first moves to rank 2 by a rename (its file keeps its write time), only rank 1 is written.
        Thread.Sleep(20);
        var movedWrite = File.GetLastWriteTimeUtc(store.PathOf("top1"));
        using (var d = Module(4)) top.Offer(0.95, () => ModelSnapshot.Capture(d), null);
        top.Save(store, metadata);
        Assert.Equal(movedWrite, File.GetLastWriteTimeUtc(store.PathOf("top2")));
        Assert.True(File.GetLastWriteTimeUtc(store.PathOf("top1")) > movedWrite);
        Assert.False(store.Exists("top3"));

        using var loaded = new TopCheckpoints(2);
        loaded.Load(store);
        Assert.Equal([0.95, 0.9], loaded.Entries.Select(e => e.Score));
        Assert.Equal([4f, 2f], loaded.Entries.Select(e => ValueOf(e.Snapshot)));
        Assert.Equal(architecture.ToString(), loaded.Entries[1].Architecture!.ToString());
        Assert.Null(loaded.Entries[0].Architecture);
        using (var top2 = store.Load("top2")) Assert.Equal(0.9, top2.Metadata.ValidationNauc);
    }

    [Fact]
    public void SaveLoad_RoundTrip_KeepsScoresWeightsAndArchitectures()
    {
        var store = new CheckpointStore(NewFolder());
        var metadata = new CheckpointMetadata { Classes = 2, InputSize = 32, Channels = 3 };
        var architecture = new Architecture([new("layer4.2", BlockOp.Adapter)], HeadOp.Mlp);
        using var top = new TopCheckpoints(2);
        using (var a = Module(3)) top.Offer(0.8, () => ModelSnapshot.Capture(a), null);
        using (var b = Module(2)) top.Offer(0.9, () => ModelSnapshot.Capture(b), architecture);
        top.Save(store, metadata);

        using var loaded = new TopCheckpoints(2);
        loaded.Load(store);
        Assert.Equal([0.9, 0.8], loaded.Entries.Select(e => e.Score));
        Assert.Equal([2f, 3f], loaded.Entries.Select(e => ValueOf(e.Snapshot)));
        Assert.Equal(architecture.ToString(), loaded.Entries[0].Architecture!.ToString());
        Assert.Null(loaded.Entries[1].Architecture);
        using (var top1 = store.Load("top1")) Assert.Equal(0.9, top1.Metadata.ValidationNauc);
    }

    [Fact]
    public void Save_FewerEntriesThanFiles_DeletesTheRanksNoLongerHeld()
    {
        var store = new CheckpointStore(NewFolder());
        var metadata = new CheckpointMetadata { Classes = 2 };
        using (var three = new TopCheckpoints(3))
        {
            for (int i = 0; i < 3; i++)
                using (var m = Module(i)) three.Offer(0.5 + i / 10.0, () => ModelSnapshot.Capture(m), null);
            three.Save(store, metadata);
        }
        Assert.True(store.Exists("top3"));

        using var one = new TopCheckpoints(3);
        using (var m = Module(9)) one.Offer(0.99, () => ModelSnapshot.Capture(m), null);
        one.Save(store, metadata);   // a run that holds one entry (e.g. started afresh in this folder)
        Assert.True(store.Exists("top1"));
        Assert.False(store.Exists("top2"));
        Assert.False(store.Exists("top3"));
    }

    [Fact]
    public void SharedSnapshot_OneCloneForTwoOwners_FreedWhenTheLastLetsGo()
    {
        using var live = Module(7);
        var snapshot = ModelSnapshot.Capture(live);
        using (var top = new TopCheckpoints(2))
        {
            var best = snapshot.Share();                        // the best weights hold it too
            Assert.Equal(1, top.Offer(0.9, () => snapshot.Share(), null));
            snapshot.Dispose();                                 // the capturer's own share
            Assert.Same(best, top.Entries[0].Snapshot);         // one copy, not two
            Assert.True(best.IsAlive);
            using (no_grad()) ((nn.Module<Tensor, Tensor>)live).parameters().First().fill_(1);
            Assert.Equal(7f, ValueOf(best));                    // still a clone of the weights when taken

            best.Dispose();                                     // a new best replaces it: the top-k entry keeps it
            Assert.True(top.Entries[0].Snapshot.IsAlive);
            Assert.Equal(7f, ValueOf(top.Entries[0].Snapshot));
        }                                                       // the top-k lets go: the last owner
        Assert.False(snapshot.IsAlive);
        Assert.Empty(snapshot.Tensors);
        Assert.Throws<ObjectDisposedException>(() => snapshot.Share());
    }
}
