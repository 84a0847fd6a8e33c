using System.CommandLine;
using AutoVision.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutoVision.Runner.Cli;

/// <summary>
/// The command-line contract:
/// <c>(no arguments)</c> runs the main job on the bundled sample;
/// <c>run --dataset DIR --output DIR [--budget S] [--seed N] [--device auto|cpu|cuda] [--t0 S]</c>;
/// <c>score --solution-dir DIR --prediction-dir DIR [--t0 S]</c>.
/// </summary>
public static class CommandLine
{
    public static Task<int> InvokeAsync(string[] args) => Build().Parse(args).InvokeAsync();

    public static RootCommand Build()
    {
        var dataset = new Option<string>("--dataset") { Description = "Dataset folder holding one <name>.data/ (and perhaps <name>.solution)", Required = true };
        var output = new Option<string>("--output") { Description = "Output folder for start.txt, <name>.predict_<k>, end.txt, scores.txt", Required = true };
        var budget = new Option<double>("--budget") { Description = "Time budget in seconds", DefaultValueFactory = _ => RunDefaults.BudgetSeconds };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var device = new Option<string>("--device") { Description = "auto | cpu | cuda", DefaultValueFactory = _ => "auto" };
        device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        var t0 = new Option<double?>("--t0") { Description = "t0 of the ALC in seconds (default: budget / 20, i.e. 60 for 1200)" };

        var run = new Command("run", "Run the AutoDL ingestion loop with the AutoVision learner on a dataset, then score it if the solution is there")
            { dataset, output, budget, seed, device, t0 };
        run.SetAction((parse, ct) => RunAsync(new RunOptions
        {
            DatasetDir = parse.GetValue(dataset)!,
            OutputDir = parse.GetValue(output)!,
            BudgetSeconds = parse.GetValue(budget),
            Seed = parse.GetValue(seed),
            Device = parse.GetValue(device)!,
            T0 = parse.GetValue(t0),
        }, ct));

        var solutionDir = new Option<string>("--solution-dir") { Description = "Folder holding exactly one <name>.solution", Required = true };
        var predictionDir = new Option<string>("--prediction-dir") { Description = "Folder holding start.txt and <name>.predict_<k>", Required = true };
        var scoreT0 = new Option<double?>("--t0") { Description = "t0 of the ALC in seconds (default: time_budget / 20)" };
        var score = new Command("score", "Score a prediction folder exactly as the AutoDL scoring program did and write scores.txt into it")
            { solutionDir, predictionDir, scoreT0 };
        score.SetAction(parse => Score(parse.GetValue(solutionDir)!, parse.GetValue(predictionDir)!, parse.GetValue(scoreT0)));

        var root = new RootCommand("AutoVision: time-budgeted AutoCV. Without a verb, runs the main job on the bundled sample.")
            { run, score };
        root.SetAction((_, ct) => RunAsync(new RunOptions
        {
            DatasetDir = RunDefaults.SampleDataset,
            OutputDir = RunDefaults.NewOutputDir(RunDefaults.SampleDataset, TimeProvider.System),
        }, ct));
        return root;
    }

    private static async Task<int> RunAsync(RunOptions options, CancellationToken cancellation)
    {
        using var host = BuildHost();
        await host.StartAsync(cancellation);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, lifetime.ApplicationStopping);
        try
        {
            var outcome = host.Services.GetRequiredService<RunJob>().Run(options, stop.Token);
            Console.Out.WriteLine(Summary.Of(outcome));
            return outcome.Ingestion.Success ? 0 : 1;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or NotSupportedException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 2;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static int Score(string solutionDir, string predictionDir, double? t0)
    {
        try
        {
            var report = DirectoryScorer.Score(solutionDir, predictionDir, t0);
            DirectoryScorer.WriteScores(predictionDir, report);
            foreach (var line in Summary.ScoreLines(report)) Console.Out.WriteLine(line);
            Console.Out.WriteLine($"written: {Path.Combine(predictionDir, "scores.txt")}");
            return 0;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 2;
        }
    }

    /// <summary>The host: logging (plain single lines on stderr, so stdout carries only the summary) and the job.</summary>
    public static IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = false, Args = Array.Empty<string>() });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
            o.IncludeScopes = false;
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RunJob>();
        return builder.Build();
    }
}
