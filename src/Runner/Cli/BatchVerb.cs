using System.CommandLine;
using System.Globalization;
using AutoVision.Runner.Batch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AutoVision.Runner.Cli;

/// <summary>Exit codes of the <c>batch</c> verb.</summary>
public static class BatchExitCodes
{
    /// <summary>Every run of this session succeeded (or there was nothing left to do); the leaderboard is written.</summary>
    public const int Success = 0;

    /// <summary>At least one run failed; it is recorded in results.csv with its error, the others ran, the leaderboard is written.</summary>
    public const int SomeFailed = 1;

    /// <summary>Bad input or settings (the message names it); nothing ran.</summary>
    public const int BadInput = 2;
}

/// <summary><c>batch --datasets DIR --budget T --output DIR [--workers N] [--entry E ...]</c>.</summary>
internal static class BatchVerb
{
    public static Command Build()
    {
        var datasets = new Option<string>("--datasets") { Description = "Reads: a folder of AutoDL dataset folders (each holding one <name>.data/ and, to be scored, <name>.solution), or one such folder", Required = true };
        var output = new Option<string>("--output") { Description = "Writes: results.csv (one row per run, appended as each finishes), runs/<entry>/<dataset>/ (each run's folder and report), logs/<entry>/<dataset>.log, then leaderboard.csv, leaderboard.md and learning_curves.png. Reused by a later batch: runs results.csv records are not run again", Required = true };
        var entries = new Option<string[]>("--entry") { Description = $"An entry to run on every dataset (repeatable): '{BatchEntries.BuiltIn}' (default: this program's learner, the run verb) or an entry folder / package run by the platform verb; several entries are ranked against each other", AllowMultipleArgumentsPerToken = false };
        var workers = new Option<int?>("--workers") { Description = "Runs at a time, each a child process (default 1; setting AutoVision:Workers)" };
        var grace = new Option<double?>("--child-grace") { Description = "Seconds a run may take beyond its budget (data preparation, scoring, report) before it is killed and recorded as failed (default 600)" };
        var compare = new Option<string[]>("--compare") { Description = "Reads another batch's results.csv (or its output folder; repeatable) and ranks its entries with this batch's in the leaderboard, on this batch's datasets, named 'entry (folder)'" };
        var retry = new Option<bool>("--retry-failed") { Description = "Run again the runs results.csv records as failed" };
        var settings = new RunSettingOptions(withBudget: true, withProgress: false);
        settings.Add(workers, nameof(RunnerSettings.Workers));
        settings.Add(grace, nameof(RunnerSettings.ChildGrace));
        var batch = new Command("batch", "Run every dataset under a folder (one child process each, N at a time), append each result to results.csv, record a failed run with its error and go on, and write the leaderboard (ALC per dataset, average ALC, average rank across entries) as CSV and Markdown plus one figure of all learning curves. Resumable. Exit codes: 0 every run succeeded, 1 some runs failed (recorded), 2 bad input or settings, 130/143 stopped by a signal (runs in progress are not recorded and run again next time).")
            { datasets, output, entries, compare, retry };
        settings.AddTo(batch);
        batch.SetAction((parse, ct) => RunAsync(settings.Request(parse), parse.GetValue(datasets)!, parse.GetValue(output)!,
            Entries(parse.GetValue(entries)), parse.GetValue(compare) ?? [], parse.GetValue(retry), ct));
        DistributedBatchVerb.Extend(batch, datasets, output, entries, settings);   // --queue, --worker, --report, --emit-k8s
        return batch;
    }

    private static Task<int> RunAsync(HostRequest request, string datasets, string output, string[] entries, string[] compare, bool retryFailed, CancellationToken cancellation) =>
        HostedAsync(request, cancellation, _ => false, async (host, settings, token) =>
        {
            var outcome = await host.Services.GetRequiredService<BatchJob>().RunAsync(new BatchOptions
            {
                DatasetsDir = datasets,
                OutputDir = output,
                Entries = entries,
                Compare = compare,
                RetryFailed = retryFailed,
                Settings = settings,
            }, token);
            return () =>
            {
                var i = CultureInfo.InvariantCulture;
                Console.Out.WriteLine(string.Create(i, $"batch: {outcome.Ran} runs ({outcome.Failed} failed), {outcome.Skipped} already done"));
                Console.Out.WriteLine($"results: {outcome.ResultsPath}");
                Console.Out.Write(outcome.Leaderboard.ToMarkdown(outcome.Results));
                if (outcome.MarkdownPath is { } md) Console.Out.WriteLine($"leaderboard: {md}");
                return outcome.Failed > 0 ? BatchExitCodes.SomeFailed : BatchExitCodes.Success;
            };
        });

    /// <summary>The entries to run: those given, else the built-in learner.</summary>
    internal static string[] Entries(string[]? given) => given is { Length: > 0 } e ? e : [BatchEntries.BuiltIn];

    /// <summary>
    /// Runs a batch job in the host, with SIGINT/SIGTERM turned into a cancellation: builds and starts the host
    /// (settings validated), runs <paramref name="job"/>, and maps the outcome to an exit code — the signal's code when
    /// one came (the job's summary is then not printed), else what the job's summary returns; refused settings and bad
    /// input (<see cref="IOException"/>, <see cref="InvalidDataException"/>, <see cref="ArgumentException"/>,
    /// <see cref="UnauthorizedAccessException"/>, and whatever <paramref name="alsoBadInput"/> accepts) exit
    /// <see cref="BatchExitCodes.BadInput"/> with the message on stderr.
    /// </summary>
    /// <param name="job">Runs the batch and returns the printing of its summary, which returns the exit code.</param>
    internal static async Task<int> HostedAsync(HostRequest request, CancellationToken cancellation, Func<Exception, bool> alsoBadInput,
        Func<IHost, RunnerSettings, CancellationToken, Task<Func<int>>> job)
    {
        using var signals = new SignalWatch();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, signals.Token);
        IHost host;
        try
        {
            host = RunnerHost.Build(request);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return BatchExitCodes.BadInput;
        }
        using var _ = host;
        try
        {
            var settings = await RunnerHost.StartAsync(host, cancellation);
            var summary = await job(host, settings, stop.Token);
            return signals.ExitCode ?? summary();
        }
        catch (SettingsException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return BatchExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException || alsoBadInput(ex))
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return signals.ExitCode ?? BatchExitCodes.BadInput;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
