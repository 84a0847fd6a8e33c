namespace AutoVision.Search.Tests;

public class TrialTests
{
    [Fact]
    public void SuggestFloat_SameNameTwice_ReturnsSameValue()
    {
        var trial = TestStudies.New().Ask();
        double first = trial.SuggestFloat("lr", 1e-4, 1, log: true);
        Assert.Equal(first, trial.SuggestFloat("lr", 1e-4, 1, log: true));
        Assert.Single(trial.Params);
    }

    [Fact]
    public void SuggestFloat_SameNameIncompatibleDistribution_ThrowsNamingBoth()
    {
        var trial = TestStudies.New().Ask();
        trial.SuggestFloat("lr", 1e-4, 1, log: true);
        var ex = Assert.Throws<ArgumentException>(() => trial.SuggestInt("lr", 1, 10));
        Assert.Contains("'lr'", ex.Message);
        Assert.Contains("FloatDistribution", ex.Message);
        Assert.Contains("IntDistribution", ex.Message);
    }

    [Fact]
    public void SuggestInt_SteppedRange_ReturnsGridValueAndRecordsDistribution()
    {
        var trial = TestStudies.New().Ask();
        int v = trial.SuggestInt("layers", 2, 12, step: 2);
        Assert.Equal(0, v % 2);
        Assert.InRange(v, 2, 12);
        Assert.Equal(new IntDistribution(2, 12, step: 2), trial.Distributions["layers"]);
        Assert.Equal(v, trial.Params["layers"]);
    }

    [Fact]
    public void SuggestCategorical_Choices_ReturnsTypedChoice()
    {
        var trial = TestStudies.New().Ask();
        string optimizer = trial.SuggestCategorical("optimizer", new[] { "sgd", "adam" });
        Assert.Contains(optimizer, new[] { "sgd", "adam" });
    }

    [Fact]
    public void SuggestFloat_SingleValueRange_ReturnsItWithoutSampling()
    {
        var trial = TestStudies.New(sampler: new ThrowingSampler()).Ask();
        Assert.Equal(0.5, trial.SuggestFloat("x", 0.5, 0.5));
    }

    [Fact]
    public void Suggest_SamplerValueOutsideDistribution_ThrowsNamingSampler()
    {
        var trial = TestStudies.New(sampler: new ConstantSampler(42)).Ask();
        var ex = Assert.Throws<InvalidOperationException>(() => trial.SuggestFloat("x", 0, 1));
        Assert.Contains(nameof(ConstantSampler), ex.Message);
    }

    [Fact]
    public void Suggest_EnqueuedValue_ReturnsItAndSamplesTheRest()
    {
        var study = TestStudies.New();
        study.EnqueueTrial(new Dictionary<string, object?> { ["x"] = 0.25, ["kind"] = "b" });
        var trial = study.Ask();
        Assert.Equal(0.25, trial.SuggestFloat("x", 0, 1));
        Assert.Equal("b", trial.SuggestCategorical("kind", new[] { "a", "b" }));
        Assert.InRange(trial.SuggestInt("n", 1, 3), 1, 3);
    }

    [Fact]
    public void Suggest_EnqueuedValueOutsideRange_ThrowsNamingParameter()
    {
        var study = TestStudies.New();
        study.EnqueueTrial(new Dictionary<string, object?> { ["x"] = 5.0 });
        var ex = Assert.Throws<ArgumentException>(() => study.Ask().SuggestFloat("x", 0, 1));
        Assert.Contains("'x'", ex.Message);
    }

    [Fact]
    public void Suggest_EnqueuedValueNotAChoice_ThrowsNamingParameter()
    {
        var study = TestStudies.New();
        study.EnqueueTrial(new Dictionary<string, object?> { ["act"] = "swish" });
        var ex = Assert.Throws<ArgumentException>(() => study.Ask().SuggestCategorical("act", new[] { "relu", "gelu" }));
        Assert.Contains("'act'", ex.Message);
        Assert.Contains("'swish'", ex.Message);
    }

    [Fact]
    public void Report_SameStepTwice_KeepsFirstValue()
    {
        var trial = TestStudies.New().Ask();
        trial.Report(1.0, 3);
        trial.Report(2.0, 3);
        Assert.Equal(1.0, trial.IntermediateValues[3]);
    }

    [Fact]
    public void Report_NegativeStep_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TestStudies.New().Ask().Report(1.0, -1));

    [Fact]
    public void SuggestFloat_AfterTell_Throws()
    {
        var study = TestStudies.New();
        var trial = study.Ask();
        study.Tell(trial, 1.0);
        Assert.Throws<InvalidOperationException>(() => trial.SuggestFloat("x", 0, 1));
    }

    [Fact]
    public void ShouldPrune_Running_AsksStudyPrunerWithCurrentSnapshot()
    {
        var pruner = new RecordingPruner();
        var trial = TestStudies.New(pruner: pruner).Ask();
        trial.Report(0.5, 0);
        Assert.True(trial.ShouldPrune());
        Assert.Equal(0.5, pruner.Seen!.IntermediateValues[0]);
    }

    [Fact]
    public void SetUserAttribute_UnsupportedType_Throws() =>
        Assert.Throws<ArgumentException>(() => TestStudies.New().Ask().SetUserAttribute("when", DateTime.UnixEpoch));

    [Fact]
    public void SuggestFloat_EveryChange_IsSavedToStore()
    {
        var study = TestStudies.New();
        var trial = study.Ask();
        trial.SuggestFloat("x", 0, 1);
        trial.Report(3.0, 0);
        trial.SetUserAttribute("note", "hi");
        var stored = study.Trials.Single();
        Assert.True(stored.Params.ContainsKey("x"));
        Assert.Equal(3.0, stored.IntermediateValues[0]);
        Assert.Equal("hi", stored.UserAttributes["note"]);
    }

    private sealed class ThrowingSampler : ISampler
    {
        public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution) =>
            throw new InvalidOperationException("no sampling expected");
    }

    private sealed class ConstantSampler(double value) : ISampler
    {
        public double SampleIndependent(Study study, FrozenTrial trial, string name, Distribution distribution) => value;
    }

    private sealed class RecordingPruner : IPruner
    {
        public FrozenTrial? Seen { get; private set; }

        public bool Prune(Study study, FrozenTrial trial)
        {
            Seen = trial;
            return true;
        }
    }
}
