using System.Reflection;
using AutoVision.Runner.Learning;
using AutoVision.Runner.Profiles;

namespace AutoVision.Runner.Tests;

public class ProfileReaderTests
{
    private static string Write(string json)
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "profile.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Load_DefaultEntry_IsWhatRunDoesByDefault()
    {
        var profile = ProfileReader.Load(Path.Combine(TestPaths.DefaultEntry, "profile.json"));
        var run = new RunOptions { DatasetDir = "d", OutputDir = "o" };
        Assert.Equal(new LearnerOptions { Seed = run.Seed, Device = run.Device }, profile.Learner);
        Assert.Null(profile.Diagnostic);
    }

    [Fact]
    public void Load_DefaultEntry_ListsEveryLearnerSetting()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.DefaultEntry, "profile.json"));
        foreach (var name in ProfileReader.LearnerFieldNames) Assert.Contains($"\"{name}\"", text);
        var settable = typeof(LearnerOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Count(p => p.CanWrite);
        Assert.Equal(settable - 2, ProfileReader.LearnerFieldNames.Count);   // seed and device are top-level
    }

    [Fact]
    public void Load_PartialLearner_KeepsTheOtherDefaults()
    {
        var p = ProfileReader.Load(Write("""{ "seed": 5, "learner": { "batchSize": 16, "learningRate": 0.02, "freezeBatchNorm": false } }"""));
        Assert.Equal(new LearnerOptions { Seed = 5, BatchSize = 16, LearningRate = 0.02, FreezeBatchNorm = false }, p.Learner);
    }

    [Fact]
    public void Load_KeepAspectOff_IsRead()
    {
        var p = ProfileReader.Load(Write("""{ "learner": { "keepAspect": "off" } }"""));
        Assert.Equal(new LearnerOptions { KeepAspect = InputShapeRule.Off }, p.Learner);
    }

    [Fact]
    public void Load_Diagnostic_IsRead()
    {
        var p = ProfileReader.Load(Write("""{ "diagnostic": { "trainSeconds": 0.5, "stallAfterPredictions": 3 } }"""));
        Assert.Equal(new DiagnosticOptions { TrainSeconds = 0.5, StallAfterPredictions = 3 }, p.Diagnostic);
    }

    [Theory]
    [InlineData("""{ "learner": { "batchSize": "32" } }""", "field 'learner.batchSize': expected a positive integer, found \"32\"")]
    [InlineData("""{ "learner": { "batchSize": 0 } }""", "field 'learner.batchSize': expected a positive integer, found 0")]
    [InlineData("""{ "learner": { "validationFraction": 1.5 } }""", "field 'learner.validationFraction': expected a number in [0, 1), found 1.5")]
    [InlineData("""{ "learner": { "freezeBatchNorm": 1 } }""", "field 'learner.freezeBatchNorm': expected true or false, found 1")]
    [InlineData("""{ "learner": { "nas": "sometimes" } }""", "field 'learner.nas': expected \"off\", \"on\" or \"auto\", found \"sometimes\"")]
    [InlineData("""{ "learner": { "keepAspect": "on" } }""", "field 'learner.keepAspect': expected one of \"auto\", \"area\", \"double\", \"off\", found \"on\"")]
    [InlineData("""{ "learner": { "keepAspect": false } }""", "field 'learner.keepAspect': expected one of \"auto\", \"area\", \"double\", \"off\", found false")]
    [InlineData("""{ "device": "tpu" }""", "field 'device': expected \"auto\", \"cpu\", \"cuda\" or \"cuda:N\", found \"tpu\"")]
    [InlineData("""{ "format": 2 }""", "field 'format': expected 1")]
    [InlineData("""{ "learner": { "batchsize": 8 } }""", "unknown field 'learner.batchsize' (did you mean 'learner.batchSize'?)")]
    [InlineData("""{ "budget": 8 }""", "unknown field 'budget'")]
    [InlineData("""{ "learner": { "seed": 8 } }""", "field 'learner.seed': give 'seed' at the top level")]
    [InlineData("""{ "learner": { "weightsPath": "nothing-here.onnx" } }""", "field 'learner.weightsPath'")]
    [InlineData("""{ "diagnostic": { "trainSeconds": -1 } }""", "field 'diagnostic.trainSeconds': expected a number of seconds >= 0, found -1")]
    [InlineData("""[1, 2]""", "field '(root)'")]
    [InlineData("""{ "seed": 1, """, "not valid JSON")]
    public void Load_BadProfile_NamesTheFileTheFieldAndWhatWasExpected(string json, string expected)
    {
        var path = Write(json);
        var ex = Assert.Throws<InvalidDataException>(() => ProfileReader.Load(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Load_MissingFile_SaysSo()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => ProfileReader.Load("/nonexistent/autovision/profile.json"));
        Assert.Contains("/nonexistent/autovision/profile.json", ex.Message);
    }
}
