using System.CommandLine;
using System.Globalization;
using AutoVision.Data.AutoDL;
using AutoVision.Runner.Ingestion;
using AutoVision.Runner.Learning;
using AutoVision.Transfer;
using AutoVision.Runner.Batch;
using AutoVision.Runner.Platform;
using AutoVision.Runner.Progress;
using AutoVision.Runner.Profiles;
using AutoVision.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutoVision.Runner.Cli;

/// <summary>
/// The command-line contract:
/// <c>(no arguments)</c> runs the main job on the bundled sample;
/// <c>run --dataset DIR --output DIR [--budget S] [--seed N] [--device auto|cpu|cuda] [--t0 S] [--augmentation NAME] [--nas off|on|auto] [--backbone NAME] [--keep-aspect auto|off] [--warm-start OUTPUT]</c>;
/// <c>score --solution-dir DIR --prediction-dir DIR [--t0 S]</c>;
/// <c>platform --entry ENTRY_OR_PACKAGE --dataset DIR --output DIR [--budget S] [--t0 S] [--construction-cap S]</c>;
/// <c>pack ENTRY_DIR --output DIR [--project CSPROJ]</c>;
/// <c>resume --output DIR [--t0 S]</c> (continues an interrupted run with what is left of its budget);
/// <c>inspect</c> and <c>convert</c> (<see cref="DataVerbs"/>); <c>batch --datasets DIR --output DIR</c>
/// (<see cref="BatchVerb"/>); <c>run</c>, <c>resume</c>, <c>batch</c> and the no-argument run also take
/// <c>--config FILE</c>, <c>--log-format</c> and (not batch) <c>--progress</c> (<see cref="RunSettingOptions"/>);
/// and the hidden <c>ingest --dataset DIR --output DIR --budget S --profile FILE</c>, the ingestion process the
/// platform starts.
/// </summary>
public static class CommandLine
{
    /// <summary>Runs the command line. The parser's own handling of SIGINT/SIGTERM is off: it would return while the
    /// run is still writing; the run verbs handle the signals themselves (<see cref="SignalWatch"/>).</summary>
    public static Task<int> InvokeAsync(string[] args) =>
        Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

    public static RootCommand Build()
    {
        var dataset = new Option<string>("--dataset") { Description = "Reads: a folder holding one <name>.data/ (and perhaps <name>.solution), a folder of class folders, or a CSV manifest (converted to the AutoDL format in <output>/dataset/ before the clock starts)", Required = true };
        var output = new Option<string>("--output") { Description = "Writes, into this new or empty folder: start.txt, <name>.predict_<k>, end.txt, run.json, checkpoints/, and when scored scores.txt, learning curves, detailed_results.json; then summary.json, learning_curve.csv/.png and report.md", Required = true };
        var settings = new RunSettingOptions(withBudget: true);
        var warmStart = new Option<string?>("--warm-start") { Description = "Reads the model of an earlier run (its output folder, or a checkpoint) and starts from it: the whole network when the classes match, else its trunk with a new head" };
        var augmentation = new Option<string?>("--augmentation") { Description = $"Fine-tuning augmentation: {string.Join(" | ", AugmentationChoice.Names)} (default {AugmentationChoice.Default}; docs/augmentation.md)" };
        augmentation.AcceptOnlyFromAmong([.. AugmentationChoice.Names]);
        var nas = new Option<string?>("--nas") { Description = "off | on | auto: architecture search over how the network is adapted (docs/nas.md; default off)" };
        nas.AcceptOnlyFromAmong("off", "on", "auto");
        var backbone = new Option<string?>("--backbone") { Description = $"The backbone: {BackboneNames.Auto} | {string.Join(" | ", BackboneRegistry.Names)} (default {BackboneNames.Auto}: {BackboneNames.ResNet18Layer3}, or {BackboneNames.ResNet18} with the architecture search on; docs/learner.md)" };
        backbone.AcceptOnlyFromAmong([BackboneNames.Auto, .. BackboneRegistry.Names]);
        var keepAspect = new Option<string?>("--keep-aspect") { Description = $"{string.Join(" | ", InputShapeRule.Names)}: elongated images (typical aspect ratio above 2 or below 1/2) keep it: auto (default) = area, at about the square's pixel count; double: AutoCLINT's long side twice the input size; off: squares for every dataset (docs/learner.md)" };
        keepAspect.AcceptOnlyFromAmong([.. InputShapeRule.Names]);
        var run = new Command("run", "Run the AutoDL ingestion loop with the AutoVision learner on a dataset, then score it if the solution is there and write the run's report (summary.json, learning_curve.csv/.png, report.md). Exit codes: 0 success, 1 the learner failed, 2 bad input or settings, 130/143 stopped by SIGINT/SIGTERM.")
            { dataset, output, warmStart, augmentation, nas, backbone, keepAspect };
        settings.AddTo(run);
        run.SetAction((parse, ct) => ExecuteAsync(settings.Request(parse), parse.GetValue(settings.ProgressOption), ct, null,
            (job, s, token, factory, progress) => job.Run(new RunOptions
            {
                DatasetDir = parse.GetValue(dataset)!,
                OutputDir = parse.GetValue(output)!,
                BudgetSeconds = s.Budget,
                Seed = s.Seed,
                Device = s.Device,
                T0 = s.T0,
                WarmStart = parse.GetValue(warmStart),
                Learner = parse.GetValue(augmentation) is null && parse.GetValue(nas) is null && parse.GetValue(backbone) is null && parse.GetValue(keepAspect) is null ? null : new LearnerOptions
                {
                    Seed = s.Seed,
                    Device = s.Device,
                    Augmentation = parse.GetValue(augmentation) ?? AugmentationChoice.Default,
                    Nas = parse.GetValue(nas) ?? "off",
                    Backbone = parse.GetValue(backbone) ?? BackboneNames.Auto,
                    KeepAspect = parse.GetValue(keepAspect) ?? InputShapeRule.Auto,
                },
            }, token, factory, progress), scored: true));

        var solutionDir = new Option<string>("--solution-dir") { Description = "Reads: the folder holding exactly one <name>.solution", Required = true };
        var predictionDir = new Option<string>("--prediction-dir") { Description = "Reads start.txt and <name>.predict_<k> from this folder; writes scores.txt, learning-curve-<name>.csv/.png and detailed_results.json into it", Required = true };
        var scoreT0 = new Option<double?>("--t0") { Description = "t0 of the ALC in seconds (default: time_budget / 20)" };
        var score = new Command("score", "Score a prediction folder exactly as the AutoDL scoring program did. Exit codes: 0 scored, 2 bad input (the message names the file).")
            { solutionDir, predictionDir, scoreT0 };
        score.SetAction(parse => Score(parse.GetValue(solutionDir)!, parse.GetValue(predictionDir)!, parse.GetValue(scoreT0)));

        var rootSettings = new RunSettingOptions(withBudget: true);
        var root = new RootCommand("AutoVision: time-budgeted AutoCV. Without a verb, runs the main job on the bundled sample (Fashion-MNIST subset) into ./runs/fashion_mnist-<time>/.")
            { run, score, BuildPlatform(), BuildPack(), BuildResume(), DataVerbs.BuildInspect(), DataVerbs.BuildConvert(), PredictVerb.Build(), BatchVerb.Build(), BuildIngest() };
        rootSettings.AddTo(root);
        root.SetAction((parse, ct) => ExecuteAsync(rootSettings.Request(parse), parse.GetValue(rootSettings.ProgressOption), ct, null,
            (job, s, token, factory, progress) => job.Run(new RunOptions
            {
                DatasetDir = RunDefaults.SampleDataset,
                OutputDir = RunDefaults.NewOutputDir(RunDefaults.SampleDataset, TimeProvider.System),
                BudgetSeconds = s.Budget,
                Seed = s.Seed,
                Device = s.Device,
                T0 = s.T0,
            }, token, factory, progress), scored: true));
        return root;
    }

    private static Command BuildPlatform()
    {
        var entry = new Option<string>("--entry") { Description = "An entry folder (with profile.json; runs the current build) or a package made by 'pack' (with manifest.json; checked, then its own runner runs)", Required = true };
        var dataset = new Option<string>("--dataset") { Description = "Dataset folder holding one <name>.data/ and, to be scored, <name>.solution", Required = true };
        var output = new Option<string>("--output") { Description = "Output folder of the ingestion (start.txt, predictions, end.txt) and of scores.txt; new or empty", Required = true };
        var budget = new Option<double>("--budget") { Description = "T in seconds: the ingestion is killed at start + T", DefaultValueFactory = _ => RunDefaults.BudgetSeconds };
        var t0 = new Option<double?>("--t0") { Description = "t0 of the ALC in seconds (default: budget / 20, i.e. 60 for 1200)" };
        var cap = new Option<double>("--construction-cap") { Description = "Cap in seconds on model construction (from the start of the ingestion process to start.txt), outside the budget", DefaultValueFactory = _ => PlatformDefaults.ConstructionCapSeconds };
        var platform = new Command("platform", "Run an entry as the challenge did: the ingestion as a child process, this process as the scoring program that polls its predictions and kills it at start + T; prints the score")
            { entry, dataset, output, budget, t0, cap };
        platform.SetAction((parse, ct) => PlatformAsync(new PlatformOptions
        {
            Entry = parse.GetValue(entry)!,
            DatasetDir = parse.GetValue(dataset)!,
            OutputDir = parse.GetValue(output)!,
            BudgetSeconds = parse.GetValue(budget),
            T0 = parse.GetValue(t0),
            ConstructionCapSeconds = parse.GetValue(cap),
        }, ct));
        return platform;
    }

    private static Command BuildPack()
    {
        var entry = new Argument<string>("entry") { Description = "The entry folder (with profile.json), e.g. submissions/default" };
        var output = new Option<string>("--output") { Description = "The package folder to create (new or empty)", Required = true };
        var project = new Option<string?>("--project") { Description = $"The runner project to publish (default: {Packer.RunnerProject} above the entry folder or the current folder)" };
        var pack = new Command("pack", "Package an entry: framework-dependent publish of the runner for linux-x64, the entry's files, and manifest.json (version, SHA-256 of every file)")
            { entry, output, project };
        pack.SetAction((parse, ct) => PackAsync(parse.GetValue(entry)!, parse.GetValue(output)!, parse.GetValue(project), ct));
        return pack;
    }

    private static Command BuildResume()
    {
        var output = new Option<string>("--output") { Description = "Reads run.json, start.txt, the predictions and checkpoints/last.ckpt of a run that was killed, crashed or stopped by a signal; appends new predictions and their start.txt lines, replaces end.txt, scores and rewrites the report there", Required = true };
        var t0 = new Option<double?>("--t0") { Description = "t0 of the ALC in seconds (default: the run's)" };
        var settings = new RunSettingOptions(withBudget: false);
        var resume = new Command("resume", "Continue an interrupted run from its last checkpoint with what is left of its budget (start_time + time_budget - now), appending predictions with the next indices. Exit codes: 0, 1, 2 as run; 4 no time left; 5 the run finished; 130/143 signals.")
            { output, t0 };
        settings.AddTo(resume);
        resume.SetAction((parse, ct) => ExecuteAsync(settings.Request(parse), parse.GetValue(settings.ProgressOption), ct, null,
            (job, _, token, factory, progress) => job.Resume(parse.GetValue(output)!, parse.GetValue(t0), token, factory, progress), scored: true));
        return resume;
    }

    private static Command BuildIngest()
    {
        var dataset = new Option<string>("--dataset") { Required = true };
        var output = new Option<string>("--output") { Required = true };
        var budget = new Option<double>("--budget") { Required = true };
        var profile = new Option<string>("--profile") { Required = true };
        var ingest = new Command("ingest", "The platform's ingestion process: the AutoDL ingestion loop with the learner an entry profile configures; no scoring")
            { dataset, output, budget, profile };
        ingest.Hidden = true;
        ingest.SetAction((parse, ct) => IngestAsync(parse.GetValue(dataset)!, parse.GetValue(output)!, parse.GetValue(budget), parse.GetValue(profile)!, ct));
        return ingest;
    }

    private static Task<int> IngestAsync(string dataset, string output, double budget, string profilePath, CancellationToken cancellation)
    {
        EntryProfile profile;
        try
        {
            profile = ProfileReader.Load(profilePath);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return Task.FromResult(2);
        }
        var options = new RunOptions
        {
            DatasetDir = dataset,
            OutputDir = output,
            BudgetSeconds = budget,
            Seed = profile.Learner.Seed,
            Device = profile.Learner.Device,
            ScoreAfterwards = false,
            Learner = profile.Learner,
            Diagnostic = profile.Diagnostic,
        };
        return ExecuteAsync(HostRequest.None, RunnerSettings.ProgressModes.Off, cancellation, services =>
        {
            var logs = services.GetRequiredService<ILoggerFactory>();
            logs.CreateLogger(typeof(CommandLine)).LogInformation(LogEvents.ProfileLoaded, "Profile {Path}: {Settings}",
                Path.GetFullPath(profilePath), profile.Diagnostic is { } d ? $"diagnostic learner {d}" : ProfileReader.Describe(profile.Learner));
            return metadata => profile.Diagnostic is { } diagnostic
                ? new DiagnosticLearner(diagnostic, profile.Learner.Seed, logs.CreateLogger<DiagnosticLearner>())
                : new TransferLearner(metadata, profile.Learner, logs.CreateLogger<TransferLearner>());
        }, (job, _, token, factory, progress) => job.Run(options, token, factory, progress), scored: false);
    }

    private static async Task<int> PlatformAsync(PlatformOptions options, CancellationToken cancellation)
    {
        using var signals = new SignalWatch();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, signals.Token);
        using var host = BuildHost();
        try
        {
            var outcome = await host.Services.GetRequiredService<PlatformJob>().RunAsync(options, stop.Token);
            Console.Out.WriteLine(PlatformSummary.Of(outcome));
            return signals.ExitCode ?? outcome.ExitCode;
        }
        catch (OperationCanceledException) when (signals.ExitCode is { } code)
        {
            return code;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or ArgumentException or NotSupportedException
                                       or InvalidOperationException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return PlatformExitCodes.BadInput;
        }
    }

    private static async Task<int> PackAsync(string entry, string output, string? project, CancellationToken cancellation)
    {
        using var signals = new SignalWatch();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, signals.Token);
        using var host = BuildHost();
        try
        {
            var result = await host.Services.GetRequiredService<Packer>().PackAsync(entry, output, project, stop.Token);
            var i = CultureInfo.InvariantCulture;
            Console.Out.WriteLine($"package: {result.PackageDir}");
            Console.Out.WriteLine($"entry: {result.Manifest.Entry}   runner version: {result.Manifest.Version}   files: {result.Manifest.Files.Count}   size: {(result.Bytes / 1e6).ToString("F0", i)} MB");
            Console.Out.WriteLine($"run it: platform --entry {result.PackageDir} --dataset DIR --output DIR --budget T");
            return 0;
        }
        catch (OperationCanceledException) when (signals.ExitCode is { } code)
        {
            return code;
        }
        catch (PublishFailedException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 2;
        }
    }

    /// <summary>
    /// Runs one ingestion job (<c>run</c>, <c>ingest</c>, <c>resume</c>) in the host: settings validated before
    /// anything else (exit 2 naming the setting), a progress display, and SIGINT/SIGTERM turned into a cancellation:
    /// the job stops its learner, writes what it has, and the process exits with 130 / 143.
    /// </summary>
    private static async Task<int> ExecuteAsync(HostRequest request, string? progressMode, CancellationToken cancellation,
        Func<IServiceProvider, Func<DataSpecification, ILearner>>? learnerFactory,
        Func<RunJob, RunnerSettings, CancellationToken, Func<DataSpecification, ILearner>?, IRunProgress, RunOutcome> job, bool scored)
    {
        using var signals = new SignalWatch();
        IHost host;
        RunnerSettings settings;
        try
        {
            host = RunnerHost.Build(request);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }
        using var _ = host;
        try
        {
            settings = await RunnerHost.StartAsync(host, cancellation);
        }
        catch (SettingsException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }
        var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CommandLine));
        log.LogInformation(LogEvents.SettingsResolved, "Settings: budget {Budget} s, seed {Seed}, device {Device}, t0 {T0}, log format {LogFormat}",
            settings.Budget, settings.Seed, settings.Device, settings.T0?.ToString(CultureInfo.InvariantCulture) ?? "budget/20", settings.LogFormat);
        signals.Signalled += signal => log.LogWarning(LogEvents.Signalled,
            "{Signal} received: stopping the learner, writing the best prediction if it is newer, a checkpoint and end.txt", signal);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, lifetime.ApplicationStopping, signals.Token);
        try
        {
            RunOutcome outcome;
            using (var display = ProgressDisplays.Create(progressMode ?? settings.Progress, log))
                outcome = job(host.Services.GetRequiredService<RunJob>(), settings, stop.Token, learnerFactory?.Invoke(host.Services), display.State);
            string? notScored = !scored ? "not scored here: the platform's scoring process scores this folder"
                : stop.IsCancellationRequested ? "not scored: the run was interrupted; 'resume --output DIR' continues it, 'score' scores it" : null;
            Console.Out.WriteLine(Summary.Of(outcome, notScored));
            return signals.ExitCode ?? (outcome.Ingestion.Success ? ExitCodes.Success : ExitCodes.LearnerFailed);
        }
        catch (NothingToResumeException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ex.ExitCode;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or NotSupportedException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return signals.ExitCode ?? ExitCodes.BadInput;
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

    /// <summary>The host of the verbs that take no settings (platform, pack): logging and the jobs.</summary>
    public static IHost BuildHost() => RunnerHost.Build(HostRequest.None);
}
