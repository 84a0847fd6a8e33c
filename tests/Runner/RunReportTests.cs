using System.Text.Json;
using AutoVision.Runner.Cli;
using AutoVision.Runner.Progress;
using AutoVision.Runner.Reports;

namespace AutoVision.Runner.Tests;

[Collection(SlowRuns.Name)]
public class RunReportTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task ShortRun_LeavesSummaryCurvesAndReportBesideTheChallengeFiles()
    {
        var output = Path.Combine(TestPaths.NewTempDir(), "run");
        int code = await CommandLine.InvokeAsync(["run", "--dataset", TestPaths.MiniCiao, "--output", output, "--budget", "20", "--progress", "lines"]);
        Assert.Equal(ExitCodes.Success, code);

        var summary = RunReportWriter.Read(Path.Combine(output, RunSummary.FileName));
        Assert.Equal("miniciao", summary.Task);
        Assert.Equal(20, summary.BudgetSeconds);
        Assert.Equal("finished", summary.State);
        Assert.NotNull(summary.Profile);
        Assert.Equal(82, summary.Profile!.TrainCount);
        Assert.Equal(18, summary.Profile.TestCount);
        Assert.Equal(10, summary.Profile.OutputDim);
        Assert.StartsWith("resnet18", summary.Choices.Backbone);
        Assert.Contains("learner.nas off", summary.Choices.Architecture);                  // the defaults, as set
        Assert.Contains("learner.augmentation none", summary.Choices.Augmentation);
        Assert.Contains(summary.Phases, p => p.Phase.StartsWith("ingestion", StringComparison.Ordinal) && p.Seconds > 0);
        Assert.Contains(summary.Phases, p => p.Phase.StartsWith("building the learner", StringComparison.Ordinal));
        Assert.Contains(summary.Phases, p => p.Phase == "scoring");

        // The scores are those of scores.txt; one prediction time per prediction file.
        int predictions = Directory.GetFiles(output, "miniciao.predict_*").Length;
        Assert.True(predictions >= 1);
        Assert.Equal(predictions, summary.Predictions.Count);
        var scores = IndependentScorer.ReadKeyValues(Path.Combine(output, "scores.txt"));
        Assert.NotNull(summary.Scores);
        Assert.Equal(double.Parse(scores["score"], System.Globalization.CultureInfo.InvariantCulture), summary.Scores!.Alc, 10);
        Assert.Equal(predictions, summary.Scores.Nauc.Count);

        // The curve files are the scorer's, under fixed names; report.md links them all.
        Assert.Equal(File.ReadAllBytes(Path.Combine(output, "learning-curve-miniciao.csv")), File.ReadAllBytes(Path.Combine(output, RunReportWriter.CurveCsv)));
        Assert.Equal(predictions + 1, File.ReadAllLines(Path.Combine(output, RunReportWriter.CurveCsv)).Length);
        var png = File.ReadAllBytes(Path.Combine(output, RunReportWriter.CurvePng));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
        string md = File.ReadAllText(Path.Combine(output, RunReportWriter.Markdown));
        foreach (var link in new[] { "(summary.json)", "(learning_curve.csv)", "(learning_curve.png)" }) Assert.Contains(link, md);
        Assert.Contains(summary.Scores.Alc.ToString("F4", System.Globalization.CultureInfo.InvariantCulture), md);

        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, RunSummary.FileName)));
        Assert.True(json.RootElement.TryGetProperty("profile", out _));
        Assert.True(json.RootElement.TryGetProperty("choices", out _));
        Assert.True(json.RootElement.TryGetProperty("phases", out _));
    }

    [Fact]
    public void Markdown_WithoutScoresOrProfile_SaysSoAndLinksNoCurve()
    {
        var summary = new RunSummary
        {
            Task = "t", DatasetDir = "/d", BudgetSeconds = 5, State = "failed", StoppedBy = "Failed", Error = "InvalidDataException: bad record",
            ProfileError = "record 3: CRC mismatch", Choices = LearnerChoices.Unknown, Phases = [new PhaseTime("ingestion", 1.5)],
            Predictions = [], WrittenAt = DateTimeOffset.UnixEpoch,
        };
        string md = RunReportWriter.ToMarkdown(summary, curves: false);
        Assert.Contains("not scored", md);
        Assert.Contains("Profile not available: record 3: CRC mismatch", md);
        Assert.Contains("learner error: InvalidDataException: bad record", md);
        Assert.DoesNotContain("learning_curve.png", md);
    }

    [Fact]
    public void ProgressLine_ShowsPhaseBudgetNaucPredictionsAndThroughput()
    {
        var state = new ProgressState();
        state.Phase(RunPhases.Training);
        state.Clock(TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(40));
        state.Learner(0.5, 10);
        state.Prediction(0, TimeSpan.FromSeconds(41));
        state.Learner(0.75, 30);
        var s = state.Snapshot();
        Assert.Equal(RunPhases.Training, s.Phase);
        Assert.True(s.Used >= TimeSpan.FromSeconds(40) && s.Left <= TimeSpan.FromSeconds(60));
        Assert.Equal(0.75, s.ValidationNauc);
        Assert.Equal(1, s.Predictions);
        Assert.Equal(30, s.Steps);
        Assert.True(s.StepsPerSecond > 0);
        string line = s.ToLine();
        Assert.Contains("training", line);
        Assert.Contains("validation NAUC 0.7500", line);
        Assert.Contains("predictions 1 (last at 41.0 s)", line);
        Assert.Contains("s left", line);
    }
}

public class ProgressPanelTests
{
    [Fact]
    public void LivePanel_ShowsEveryFigure()
    {
        var state = new ProgressState();
        state.Phase(RunPhases.Training);
        state.Clock(TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(25));
        state.Learner(0.8125, 40);
        state.Prediction(0, TimeSpan.FromSeconds(12.5));
        var text = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(text),
            Ansi = Spectre.Console.AnsiSupport.No,
            ColorSystem = Spectre.Console.ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 120;
        console.Write(Progress.ProgressDisplays.Panel(state.Snapshot()));
        string panel = text.ToString();
        Assert.Contains("training", panel);
        Assert.Contains("/ 100 s used", panel);
        Assert.Contains("s left", panel);
        Assert.Contains("0.8125", panel);
        Assert.Contains("1 (last at 12.5 s)", panel);
        Assert.Contains("(40 steps)", panel);
    }
}
