using System.Globalization;
using AutoVision.Runner.Platform;

namespace AutoVision.Runner.Tests;

/// <summary>The platform's command line with the real learner: whole runs, and one pack. Slow; run in CI.</summary>
[Trait("Category", "Slow")]
[Collection(SlowRuns.Name)]
public class PlatformEndToEndTests
{
    private static string Line(string text, string prefix) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Single(l => l.StartsWith(prefix, StringComparison.Ordinal));

    [Fact]
    public void Platform_MiniCiao_PrintsTheSameAlcAsScoreOnItsOutput()
    {
        var output = Path.Combine(TestPaths.NewTempDir(), "out");
        var platform = RunnerProcess.Run(TimeSpan.FromMinutes(5),
            "platform", "--entry", TestPaths.DefaultEntry, "--dataset", TestPaths.MiniCiao, "--output", output, "--budget", "15");
        // The learner plans to end before T, but on a busy machine a round can overrun and be killed at T: both count.
        Assert.True(platform.ExitCode is PlatformExitCodes.Success or PlatformExitCodes.KilledAtDeadline,
            $"exit {platform.ExitCode}\n{platform.Stdout}\n{platform.Stderr}");
        string alc = Line(platform.Stdout, "ALC: ");
        string scoresWritten = File.ReadAllText(Path.Combine(output, "scores.txt"));

        var score = RunnerProcess.Run(TimeSpan.FromMinutes(1), "score", "--solution-dir", TestPaths.MiniCiao, "--prediction-dir", output);
        Assert.Equal(0, score.ExitCode);
        Assert.Equal(alc, Line(score.Stdout, "ALC: "));
        Assert.Equal(Line(platform.Stdout, "NAUC per prediction: "), Line(score.Stdout, "NAUC per prediction: "));
        Assert.Equal(scoresWritten, File.ReadAllText(Path.Combine(output, "scores.txt")));

        // And both agree with an independent recomputation from the files.
        var scores = IndependentScorer.ReadKeyValues(Path.Combine(output, "scores.txt"));
        var times = IndependentScorer.ParseList(scores["timestamps"]);
        var nauc = IndependentScorer.ParseList(scores["nauc_scores"]);
        Assert.True(nauc.Length >= 2, $"{nauc.Length} predictions");
        Assert.Equal(IndependentScorer.Alc(times, nauc, 15, 0.75), double.Parse(scores["score"], CultureInfo.InvariantCulture), 12);
    }

    [Fact]
    public void Pack_DefaultEntry_MakesAVerifiedPackageWhoseRunnerRuns()
    {
        var package = Path.Combine(TestPaths.NewTempDir(), "package");
        try
        {
            var pack = RunnerProcess.Run(TimeSpan.FromMinutes(8), "pack", TestPaths.DefaultEntry, "--output", package);
            Assert.True(pack.ExitCode == 0, $"exit {pack.ExitCode}\n{pack.Stdout}\n{pack.Stderr}");

            var manifest = PackageManifest.Verify(package);
            Assert.Equal("default", manifest.Entry);
            Assert.Equal(PlatformEntry.CurrentVersion.Split('+')[0], manifest.Version.Split('+')[0]);
            Assert.Contains("runner/AutoVision.Runner.dll", manifest.Files.Keys);
            Assert.Contains("runner/libLibTorchSharp.so", manifest.Files.Keys);
            Assert.Contains("runner/models/ResNet18.onnx", manifest.Files.Keys);
            Assert.Equal(PackageManifest.Sha256(Path.Combine(TestPaths.DefaultEntry, "profile.json")), manifest.Files["entry/profile.json"]);

            // A real run of the packaged runner: TorchSharp loads from the published folder and the learner predicts.
            var output = Path.Combine(TestPaths.NewTempDir(), "out");
            var run = RunnerProcess.Run(TimeSpan.FromMinutes(5),
                "platform", "--entry", package, "--dataset", TestPaths.MiniCiao, "--output", output, "--budget", "8");
            Assert.True(run.ExitCode is PlatformExitCodes.Success or PlatformExitCodes.KilledAtDeadline,
                $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
            Assert.Contains($"entry: default   package {package}", run.Stdout);
            Assert.Contains(Path.Combine(package, "runner", "AutoVision.Runner.dll"), run.Stderr);
            Assert.NotEmpty(Directory.GetFiles(output, "miniciao.predict_*"));
        }
        finally
        {
            if (Directory.Exists(package)) Directory.Delete(package, recursive: true);
        }
    }
}
