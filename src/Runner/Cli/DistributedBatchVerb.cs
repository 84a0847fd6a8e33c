using System.CommandLine;
using System.Globalization;
using AutoVision.Runner.Batch;
using AutoVision.Runner.Batch.Kubernetes;
using AutoVision.Runner.Batch.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutoVision.Runner.Cli;

/// <summary>
/// The <c>batch</c> verb beyond one machine: <c>--queue postgres://… [--datasets DIR] --worker | --report</c> (a worker
/// of, or the report of, a batch shared through a PostgreSQL queue) and <c>--emit-k8s DIR</c> (the Kubernetes Job
/// of such workers). Without these options the verb is the single-machine batch, unchanged.
/// </summary>
internal static class DistributedBatchVerb
{
    /// <summary>Adds the options to <paramref name="batch"/> and routes an invocation that uses them here.</summary>
    public static void Extend(Command batch, Option<string> datasets, Option<string> output, Option<string[]> entries, RunSettingOptions settings)
    {
        var queue = new Option<string?>("--queue") { Description = "Share the batch through a PostgreSQL queue: postgres://user:password@host:port/database (or an Npgsql connection string). With --datasets, adds every dataset × entry not yet queued; with --worker, takes runs until none is left; with --report, writes results.csv and the leaderboard from the database into --output" };
        var queueName = new Option<string?>("--queue-name") { Description = "The queue's name in the database (default 'default'): several batches can share one database" };
        var worker = new Option<bool>("--worker") { Description = "With --queue: run queued datasets (each as a child process, --workers at a time), storing results and learning curves in the database; a run whose worker stops sending heartbeats is taken over by another" };
        var report = new Option<bool>("--report") { Description = "With --queue: write results.csv, leaderboard.csv/.md and learning_curves.png from the database into --output (the single-machine batch's files)" };
        var heartbeat = new Option<double?>("--heartbeat") { Description = "With --queue: seconds between a worker's heartbeats (default 30); a run without one for 4 times as long is taken over" };
        var emit = new Option<string?>("--emit-k8s") { Description = $"Write Kubernetes manifests into this folder ({WorkerJobManifest.JobFile}: an Indexed Job of batch workers on one queue; {WorkerJobManifest.ReportJobFile}: the report) and exit; counts the runs from --datasets and --entry" };
        var k8sWorkers = new Option<int?>("--k8s-workers") { Description = "With --emit-k8s: worker pods (default 1)" };
        var gpu = new Option<bool>("--gpu") { Description = "With --emit-k8s: one GPU per worker (nvidia.com/gpu: 1) and --device cuda" };
        var image = new Option<string?>("--image") { Description = "With --emit-k8s: the container image (default autovision, or autovision:cuda with --gpu: the Dockerfile's)" };
        var secret = new Option<string?>("--db-secret") { Description = "With --emit-k8s: the Secret whose key 'url' holds the database URI (default autovision-db)" };
        var claim = new Option<string?>("--data-claim") { Description = "With --emit-k8s: the PersistentVolumeClaim holding the datasets, mounted at /data (default autovision-data)" };
        foreach (var option in new Option[] { queue, queueName, worker, report, heartbeat, emit, k8sWorkers, gpu, image, secret, claim }) batch.Options.Add(option);

        datasets.Required = false;
        output.Required = false;
        batch.Validators.Add(result =>
        {
            bool shared = result.GetValue(queue) is not null, k8s = result.GetValue(emit) is not null;
            if (!shared && !k8s)
            {
                foreach (var (option, value) in new[] { (datasets, result.GetValue(datasets)), (output, result.GetValue(output)) })
                    if (value is null) result.AddError($"Option '{option.Name}' is required.");
                foreach (var o in new Option[] { worker, report, heartbeat, queueName })
                    if (result.GetResult(o) is not null) result.AddError($"Option '{o.Name}' needs --queue postgres://….");
            }
            if (shared || k8s)
            {
                // Options of the single-machine batch that a shared queue does not take.
                foreach (var o in batch.Options.Where(o => o.Name is "--retry-failed" or "--compare"))
                    if (result.GetResult(o) is not null) result.AddError($"Option '{o.Name}' is not available with --queue or --emit-k8s (the queue records each run once; compare the reports' results.csv instead).");
            }
            if (shared && !k8s)
            {
                if (!result.GetValue(worker) && !result.GetValue(report) && result.GetValue(datasets) is null)
                    result.AddError("--queue: expected --datasets DIR (to add runs), --worker (to run them) or --report (to write the results), or several of these.");
                if ((result.GetValue(worker) || result.GetValue(report)) && result.GetValue(output) is null)
                    result.AddError("Option '--output' is required with --worker and --report (this worker's runs and logs, or the report, go there).");
            }
            if (k8s && result.GetValue(datasets) is null)
                result.AddError("--emit-k8s needs --datasets DIR: the datasets the workers will find on the data claim (they are counted for the Job's deadline).");
        });

        var single = batch.Action as System.CommandLine.Invocation.AsynchronousCommandLineAction
            ?? throw new InvalidOperationException("The batch verb has no asynchronous action to extend.");
        batch.SetAction((parse, ct) =>
        {
            if (parse.GetValue(emit) is { } dir)
            {
                return EmitKubernetesAsync(dir, settings.Request(parse), parse.GetValue(datasets)!, BatchVerb.Entries(parse.GetValue(entries)),
                    parse.GetValue(k8sWorkers) ?? 1, parse.GetValue(gpu), parse.GetValue(image), parse.GetValue(secret), parse.GetValue(claim), parse.GetValue(queueName));
            }
            if (parse.GetValue(queue) is { } connection)
            {
                var options = new PostgresBatchQueueOptions();
                if (parse.GetValue(heartbeat) is { } seconds)
                {
                    if (!(seconds > 0)) { Console.Error.WriteLine($"error: --heartbeat must be a positive number of seconds; got {seconds.ToString(CultureInfo.InvariantCulture)}."); return Task.FromResult(BatchExitCodes.BadInput); }
                    options = options with { HeartbeatInterval = TimeSpan.FromSeconds(seconds), PollInterval = TimeSpan.FromSeconds(Math.Min(2, seconds)) };
                }
                return SharedAsync(settings.Request(parse), connection, parse.GetValue(queueName) ?? "default", parse.GetValue(datasets), BatchVerb.Entries(parse.GetValue(entries)),
                    parse.GetValue(worker), parse.GetValue(report), parse.GetValue(output) ?? ".", options, ct);
            }
            return single.InvokeAsync(parse, ct);
        });
    }

    private static Task<int> SharedAsync(HostRequest request, string connection, string queueName, string? datasets, string[] entries,
        bool work, bool report, string output, PostgresBatchQueueOptions queueOptions, CancellationToken cancellation) =>
        BatchVerb.HostedAsync(request, cancellation, ex => ex is FormatException or InvalidOperationException or Npgsql.NpgsqlException,   // messages quote the connection redacted
            async (host, settings, token) =>
            {
                var batch = new DistributedBatch(host.Services.GetRequiredService<BatchJob>(), host.Services.GetRequiredService<ILoggerFactory>());
                var outcome = await batch.RunAsync(new DistributedBatchOptions
                {
                    Connection = connection,
                    QueueName = queueName,
                    DatasetsDir = datasets,
                    Entries = entries,
                    Work = work,
                    Report = report,
                    OutputDir = output,
                    Queue = queueOptions,
                    Settings = settings,
                }, token);
                return () =>
                {
                    var i = CultureInfo.InvariantCulture;
                    if (datasets is not null) Console.Out.WriteLine(string.Create(i, $"queue '{queueName}': {outcome.Enqueued} runs added"));
                    if (work) Console.Out.WriteLine(string.Create(i, $"worker: {outcome.Ran} runs ({outcome.Failed} failed, {outcome.Lost} taken over by others)"));
                    if (outcome.Leaderboard is { } board)
                    {
                        Console.Out.WriteLine($"results: {outcome.ResultsPath}");
                        Console.Out.Write(board.ToMarkdown(outcome.Results));
                    }
                    return outcome.Failed > 0 || outcome.Results.Any(r => r.Status == BatchResult.Failed) ? BatchExitCodes.SomeFailed : BatchExitCodes.Success;
                };
            });

    private static async Task<int> EmitKubernetesAsync(string dir, HostRequest request, string datasets, string[] entries, int workers, bool gpu, string? image,
        string? secret, string? claim, string? queueName)
    {
        try
        {
            using var host = RunnerHost.Build(request);
            var settings = await RunnerHost.StartAsync(host, CancellationToken.None);
            await host.StopAsync(CancellationToken.None);
            int runs = FolderBatchQueue.FindDatasets(datasets).Count * entries.Length;
            var options = new WorkerJobOptions
            {
                Workers = workers,
                Image = image ?? (gpu ? "autovision:cuda" : "autovision"),
                Gpu = gpu,
                DatabaseSecret = secret ?? "autovision-db",
                DataClaim = claim ?? "autovision-data",
                QueueName = queueName ?? "default",
                Entries = entries,
                Budget = settings.Budget,
                ChildGrace = settings.ChildGrace,
                Runs = runs,
            };
            foreach (string path in WorkerJobManifest.Write(dir, options)) Console.Out.WriteLine($"wrote {path}");
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{workers} workers for {runs} runs; activeDeadlineSeconds {options.DeadlineSeconds}. Next: kubectl create secret generic {options.DatabaseSecret} --from-literal=url=postgres://…; kubectl apply -f {Path.Combine(dir, WorkerJobManifest.JobFile)}"));
            return BatchExitCodes.Success;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException or SettingsException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return BatchExitCodes.BadInput;
        }
    }
}
