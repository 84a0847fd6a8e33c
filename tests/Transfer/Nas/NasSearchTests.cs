using AutoVision.Transfer.Nas;
using Microsoft.Extensions.Time.Testing;
using static TorchSharp.torch;

namespace AutoVision.Transfer.Tests.Nas;

[Collection(TorchCollection.Name)]
public sealed class NasSearchTests
{
    /// <summary>Batch sources on a fake clock: every training batch takes one second, every validation batch half a
    /// second, so a search of a given slice runs a known number of iterations whatever the CPU.</summary>
    private static (BatchSource Train, BatchSource Validation, Func<int> TrainCalls) Sources(FakeTimeProvider clock)
    {
        int trainCalls = 0, validationCalls = 0;
        BatchSource train = () =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            return NasTestModels.Batch(4, 32, seed: 100 + trainCalls++);
        };
        BatchSource validation = () =>
        {
            clock.Advance(TimeSpan.FromSeconds(0.5));
            return NasTestModels.Batch(4, 32, seed: 900 + validationCalls++);
        };
        return (train, validation, () => trainCalls);
    }

    [Fact]
    public void Run_OnAFakeClock_FillsTheSliceAndRecordsTheArchitectureOverTime()
    {
        using var scope = NewDisposeScope();
        using var classifier = NasTestModels.Classifier();
        var clock = new FakeTimeProvider();
        var (train, validation, trainCalls) = Sources(clock);
        var options = new NasOptions { HistoryEvery = 2, ArchLearningRate = 0.1 };

        var result = NasSearch.Run(classifier, train, validation, TimeSpan.FromSeconds(9), seed: 3, options: options, time: clock);
        var record = result.Model is { } model ? result.Record : throw new InvalidOperationException();

        // Iterations of 1.5 s: the sixth ends at 9 s, a seventh would overrun the slice.
        Assert.Equal(6, trainCalls());
        Assert.Equal(6, record.WeightSteps);
        Assert.Equal(6, record.ArchSteps);
        Assert.Equal(9.0, record.Seconds, 6);
        Assert.Equal("slice", record.StoppedBy);

        // History: at the start (uniform), every second step, and the end.
        Assert.Equal([0, 2, 4, 6], record.History.Select(h => h.Step));
        Assert.All(record.History[0].Probabilities.Values, p => Assert.All(p, v => Assert.Equal(1.0 / p.Length, v, 9)));
        foreach (var snapshot in record.History)
        {
            Assert.Equal(AdaptationSpace.Default.DecisionCount, snapshot.Probabilities.Count);
            Assert.All(snapshot.Probabilities.Values, p => Assert.Equal(1.0, p.Sum(), 9));
        }
        // The logits learned, and the recorded temperature follows the schedule over the slice.
        Assert.Contains(record.History[^1].Probabilities.Values, p => p.Max() > p.Min() + 1e-4);
        Assert.Equal(options.Temperature.At(0), record.History[0].Temperature, 12);
        Assert.Equal(options.Temperature.At(3.0 / 9), record.History[1].Temperature, 12);   // step 2 ended at 3 s of 9
        Assert.Equal(options.Temperature.At(1.0), record.History[^1].Temperature, 12);

        // The chosen architecture is the argmax of the last recorded distribution.
        var last = record.History[^1].Probabilities;
        var space = AdaptationSpace.Default;
        var argmax = Enumerable.Range(0, space.DecisionCount).Select(d =>
            Array.IndexOf(last[space.DecisionName(d)], last[space.DecisionName(d)].Max())).ToArray();
        Assert.Equal(Architecture.FromIndices(space, argmax).ToString(), record.Chosen.ToString());
        Assert.Equal(record.Chosen, model.Architecture);

        model.eval();
        using (no_grad()) Assert.True(model.call(NasTestModels.Batch(2, 32, seed: 1).Images).isfinite().all().item<bool>());
        model.Dispose();
    }

    [Fact]
    public void Record_ToJsonAndBack_KeepsTheArchitectureAndHistory()
    {
        using var scope = NewDisposeScope();
        using var classifier = NasTestModels.Classifier();
        var clock = new FakeTimeProvider();
        var (train, validation, _) = Sources(clock);
        var result = NasSearch.Run(classifier, train, validation, TimeSpan.FromSeconds(3), seed: 4, time: clock);
        var json = result.Record.ToJson();
        var back = NasRecord.FromJson(json);
        Assert.Equal(result.Record.Chosen.ToString(), back.Chosen.ToString());
        Assert.Equal(result.Record.History.Count, back.History.Count);
        Assert.Equal(result.Record.History[^1].Probabilities["head"], back.History[^1].Probabilities["head"]);
        Assert.Equal(result.Record.Decisions["layer3.1"], back.Decisions["layer3.1"]);
        Assert.Contains("\"chosen\"", json);
        Assert.Contains("\"SqueezeExcite\"", json);   // options are written by name
        result.Model.Dispose();
    }

    [Fact]
    public void Search_AlreadyCancelled_TakesNoStepAndStillDerives()
    {
        using var scope = NewDisposeScope();
        using var classifier = NasTestModels.Classifier();
        var clock = new FakeTimeProvider();
        var (train, validation, trainCalls) = Sources(clock);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var result = NasSearch.Run(classifier, train, validation, TimeSpan.FromSeconds(60), seed: 1, cancelled.Token, time: clock);
        Assert.Equal(0, trainCalls());
        Assert.Equal("cancelled", result.Record.StoppedBy);
        Assert.Equal(0, result.Record.WeightSteps);
        Assert.Single(result.Record.History);
        result.Model.Dispose();
    }

    [Fact]
    public void Search_InSlices_SupernetPredictsBetweenThemAndTheScheduleSpansThePlan()
    {
        using var scope = NewDisposeScope();
        using var classifier = NasTestModels.Classifier();
        var clock = new FakeTimeProvider();
        var (train, validation, trainCalls) = Sources(clock);
        using var search = new NasSearch(classifier, planned: TimeSpan.FromSeconds(6), seed: 2, time: clock);
        search.Search(train, validation, TimeSpan.FromSeconds(3));
        Assert.Equal(2, trainCalls());
        // Anytime: the argmax path predicts in the middle of the search.
        search.Supernet.eval();
        using (no_grad())
        {
            var probabilities = search.Supernet.call(NasTestModels.Batch(2, 32, seed: 5).Images).softmax(1);
            Assert.Equal(new long[] { 2, NasTestModels.Classes }, probabilities.shape);
            Assert.True(probabilities.isfinite().all().item<bool>());
        }
        search.Search(train, validation, TimeSpan.FromSeconds(3));
        Assert.Equal(4, trainCalls());
        var result = search.Derive();
        Assert.Equal(6.0, result.Record.Seconds, 6);
        Assert.Equal(new TemperatureSchedule().At(1.0), result.Record.History[^1].Temperature, 12);
        Assert.Throws<ObjectDisposedException>(() => search.Search(train, validation, TimeSpan.FromSeconds(1)));
        result.Model.Dispose();
    }
}
