using System.Text.Json;

namespace AutoVision.Search.Tests;

public sealed class JsonFileTrialStoreTests : TrialStoreContractTests, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "autovision-search-tests", Guid.NewGuid().ToString("N"));
    private int _files;

    private string NewPath() => Path.Combine(_dir, $"study{_files++}.json");

    protected override ITrialStore CreateStore() => new JsonFileTrialStore(NewPath());

    protected override ITrialStore Reopen(ITrialStore store) => new JsonFileTrialStore(((JsonFileTrialStore)store).Path);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Constructor_ExistingFile_ContinuesNumberingAndSeesEarlierTrials()
    {
        string path = NewPath();
        var first = new Study(new StudyOptions { Store = new JsonFileTrialStore(path), Sampler = new TpeSampler(1), Pruner = new NopPruner() });
        first.Optimize(TestStudies.Quadratic, nTrials: 12);
        double bestBefore = first.BestValue;

        var resumed = new Study(new StudyOptions { Store = new JsonFileTrialStore(path), Sampler = new TpeSampler(2), Pruner = new NopPruner() });
        Assert.Equal(12, resumed.Trials.Count);
        resumed.Optimize(TestStudies.Quadratic, nTrials: 8);

        Assert.Equal(Enumerable.Range(0, 20), resumed.Trials.Select(t => t.Number));
        Assert.True(resumed.BestValue <= bestBefore);
        Assert.Equal(20, new JsonFileTrialStore(path).GetTrials().Count);
    }

    [Fact]
    public void SaveTrial_AfterEveryChange_FileIsCompleteJsonAndNoTempFileRemains()
    {
        string path = NewPath();
        var store = new JsonFileTrialStore(path);
        var study = new Study(new StudyOptions { Store = store, Sampler = new RandomSampler(0) });
        var trial = study.Ask();
        trial.SuggestFloat("x", 0, 1);
        trial.Report(0.5, 0);
        using (var doc = JsonDocument.Parse(File.ReadAllText(path)))
            Assert.Equal(0.5, doc.RootElement.GetProperty("trials")[0].GetProperty("intermediateValues").GetProperty("0").GetDouble());
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Constructor_MissingDirectory_CreatedOnFirstWrite()
    {
        string path = Path.Combine(_dir, "nested", "deeper", "study.json");
        var store = new JsonFileTrialStore(path);
        Assert.False(File.Exists(path));
        store.CreateTrial(new FrozenTrial { Number = -1, State = TrialState.Running });
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Constructor_FileIsNotJson_ThrowsNamingTheFile()
    {
        string path = NewPath();
        Directory.CreateDirectory(_dir);
        File.WriteAllText(path, "{ \"format\": \"autovision.search.trials\", \"trials\": [ {");
        var ex = Assert.Throws<InvalidDataException>(() => new JsonFileTrialStore(path));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void Constructor_TrialWithBadField_ThrowsNamingFileAndField()
    {
        string path = NewPath();
        var store = new JsonFileTrialStore(path);
        var study = new Study(new StudyOptions { Store = store, Sampler = new RandomSampler(0) });
        study.Optimize(t => t.SuggestFloat("x", 0, 1), nTrials: 2);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"Complete\"", "\"Finished\""));
        var ex = Assert.Throws<InvalidDataException>(() => new JsonFileTrialStore(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("$.trials[0].state", ex.Message);
    }

    [Fact]
    public void Constructor_ParameterOutsideItsDistribution_ThrowsNamingParameter()
    {
        string path = NewPath();
        var store = new JsonFileTrialStore(path);
        var trial = new Study(new StudyOptions { Store = store, Sampler = new RandomSampler(0) }).Ask();
        trial.SuggestInt("n", 1, 3);
        string text = File.ReadAllText(path);
        var doc = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        doc["trials"]![0]!["params"]!["n"]!["internal"] = 7;
        File.WriteAllText(path, doc.ToJsonString());
        var ex = Assert.Throws<InvalidDataException>(() => new JsonFileTrialStore(path));
        Assert.Contains("$.trials[0].params.n.internal", ex.Message);
    }

    [Fact]
    public void Constructor_EmptyFile_ThrowsNamingTheFile()
    {
        string path = NewPath();
        Directory.CreateDirectory(_dir);
        File.WriteAllText(path, "");
        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => new JsonFileTrialStore(path)).Message);
    }
}
