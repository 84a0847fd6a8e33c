using System.Globalization;
using k8s;
using k8s.Models;

namespace AutoVision.Runner.Batch.Kubernetes;

/// <summary>What the Kubernetes Job of batch workers looks like (<c>batch --emit-k8s</c>).</summary>
public sealed record WorkerJobOptions
{
    /// <summary>The Job's name (a DNS label).</summary>
    public string Name { get; init; } = "autovision-batch";

    /// <summary>Worker pods (the Indexed Job's completions and parallelism).</summary>
    public required int Workers { get; init; }

    /// <summary>The program's container image (the Dockerfile's; <c>autovision:cuda</c> for GPUs).</summary>
    public required string Image { get; init; }

    /// <summary>Ask for one GPU per worker (<c>nvidia.com/gpu: 1</c>) and run with <c>--device cuda</c>.</summary>
    public bool Gpu { get; init; }

    /// <summary>The Secret holding the database URI, and its key.</summary>
    public string DatabaseSecret { get; init; } = "autovision-db";
    public string DatabaseSecretKey { get; init; } = "url";

    /// <summary>The PersistentVolumeClaim holding the datasets (mounted read-only at <see cref="DataPath"/>: the
    /// same path in every pod, which is what the queue records).</summary>
    public string DataClaim { get; init; } = "autovision-data";
    public string DataPath { get; init; } = "/data";

    /// <summary>The queue's name in the database.</summary>
    public string QueueName { get; init; } = "default";

    public IReadOnlyList<string> Entries { get; init; } = [BatchEntries.BuiltIn];

    /// <summary>Seconds per run (the batch's budget) and the child grace beyond it.</summary>
    public required double Budget { get; init; }
    public double ChildGrace { get; init; } = 600;

    /// <summary>How many runs the queue holds (entries × datasets): with <see cref="Workers"/> it sets the deadline.</summary>
    public required int Runs { get; init; }

    /// <summary>Retries of a worker pod that fails, per index (<c>backoffLimitPerIndex</c>).</summary>
    public int RetriesPerIndex { get; init; } = 2;

    /// <summary>Seconds added to the deadline for pulling the image and starting (default 900).</summary>
    public double StartupSeconds { get; init; } = 900;

    /// <summary>The Job's <c>activeDeadlineSeconds</c>: each worker's share of the runs (rounded up) times the most a
    /// run may take (budget + child grace), plus start-up.</summary>
    public long DeadlineSeconds => (long)Math.Ceiling(Math.Ceiling(Runs / (double)Workers) * (Budget + ChildGrace) + StartupSeconds);

    internal void Validate()
    {
        if (Workers < 1) throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "--k8s-workers must be at least 1.");
        if (Runs < 1) throw new ArgumentOutOfRangeException(nameof(Runs), Runs, "The batch has no run to do: expected at least one dataset.");
        if (!(Budget > 0)) throw new ArgumentOutOfRangeException(nameof(Budget), Budget, "The budget must be positive.");
        if (string.IsNullOrWhiteSpace(Image)) throw new ArgumentException("--image: expected a container image such as autovision:cuda.", nameof(Image));
        if (RetriesPerIndex < 0) throw new ArgumentOutOfRangeException(nameof(RetriesPerIndex), RetriesPerIndex, "Retries per index must be 0 or more.");
        if (!System.Text.RegularExpressions.Regex.IsMatch(Name, "^[a-z0-9]([-a-z0-9]{0,50}[a-z0-9])?$"))
            throw new ArgumentException($"The Job name '{Name}' is not a DNS label (lower-case letters, digits and '-', at most 52 characters).", nameof(Name));
        if (!System.Text.RegularExpressions.Regex.IsMatch(QueueName, "^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$"))
            throw new ArgumentException($"The queue name '{QueueName}' cannot label a Kubernetes object: expected letters, digits, '-', '_' or '.', at most 63, starting and ending with a letter or digit.", nameof(QueueName));
    }
}

/// <summary>
/// The manifests of a batch on Kubernetes: an Indexed Job whose pods are batch workers on one PostgreSQL queue
/// (<c>batch --queue $(AUTOVISION_QUEUE) --worker</c>), the database URI coming from a Secret, each worker adding the
/// datasets to the queue (idempotent) and taking runs until none is left; and a Job that writes the report from the
/// database. Built with the official client's models (KubernetesClient) and written as YAML.
/// </summary>
public static class WorkerJobManifest
{
    public const string JobFile = "workers-job.yaml";
    public const string ReportJobFile = "report-job.yaml";

    public static V1Job Workers(WorkerJobOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        o.Validate();
        var i = CultureInfo.InvariantCulture;
        var args = new List<string>
        {
            "batch", "--queue", "$(AUTOVISION_QUEUE)", "--queue-name", o.QueueName, "--worker",
            "--datasets", o.DataPath, "--output", "/results/worker-$(JOB_COMPLETION_INDEX)",
            "--budget", o.Budget.ToString("R", i), "--child-grace", o.ChildGrace.ToString("R", i),
            "--device", o.Gpu ? "cuda" : "cpu",
        };
        foreach (string entry in o.Entries) args.AddRange(["--entry", entry]);
        var resources = new V1ResourceRequirements();
        if (o.Gpu) resources.Limits = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new ResourceQuantity("1") };
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = o.Name, Labels = Labels(o, "worker") },
            Spec = new V1JobSpec
            {
                CompletionMode = "Indexed",
                Completions = o.Workers,
                Parallelism = o.Workers,
                BackoffLimitPerIndex = o.RetriesPerIndex,
                MaxFailedIndexes = o.Workers,
                ActiveDeadlineSeconds = o.DeadlineSeconds,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Labels(o, "worker") },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "worker",
                                Image = o.Image,
                                Args = args,
                                Env = [DatabaseVariable(o)],
                                Resources = resources,
                                VolumeMounts =
                                [
                                    new V1VolumeMount { Name = "data", MountPath = o.DataPath, ReadOnlyProperty = true },
                                    new V1VolumeMount { Name = "results", MountPath = "/results" },
                                ],
                            },
                        ],
                        Volumes =
                        [
                            new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = o.DataClaim, ReadOnlyProperty = true } },
                            new V1Volume { Name = "results", EmptyDir = new V1EmptyDirVolumeSource() },
                        ],
                    },
                },
            },
        };
    }

    /// <summary>A one-pod Job that writes results.csv, the leaderboard and the figure from the database into
    /// <c>/results</c> (an emptyDir: copy them out with <c>kubectl cp</c> or mount a claim of your own).</summary>
    public static V1Job Report(WorkerJobOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        o.Validate();
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = o.Name + "-report", Labels = Labels(o, "report") },
            Spec = new V1JobSpec
            {
                BackoffLimit = 2,
                ActiveDeadlineSeconds = 1800,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Labels(o, "report") },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "report",
                                Image = o.Image,
                                Args = ["batch", "--queue", "$(AUTOVISION_QUEUE)", "--queue-name", o.QueueName, "--report", "--output", "/results"],
                                Env = [DatabaseVariable(o)],
                                VolumeMounts = [new V1VolumeMount { Name = "results", MountPath = "/results" }],
                            },
                        ],
                        Volumes = [new V1Volume { Name = "results", EmptyDir = new V1EmptyDirVolumeSource() }],
                    },
                },
            },
        };
    }

    /// <summary>Writes <see cref="JobFile"/> and <see cref="ReportJobFile"/> into <paramref name="dir"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(string dir, WorkerJobOptions options)
    {
        Directory.CreateDirectory(dir);
        string workers = Path.Combine(dir, JobFile), report = Path.Combine(dir, ReportJobFile);
        File.WriteAllText(workers, KubernetesYaml.Serialize(Workers(options)));
        File.WriteAllText(report, KubernetesYaml.Serialize(Report(options)));
        return [workers, report];
    }

    private static V1EnvVar DatabaseVariable(WorkerJobOptions o) => new()
    {
        Name = "AUTOVISION_QUEUE",
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = o.DatabaseSecret, Key = o.DatabaseSecretKey } },
    };

    private static Dictionary<string, string> Labels(WorkerJobOptions o, string role) => new()
    {
        ["app.kubernetes.io/name"] = "autovision",
        ["app.kubernetes.io/component"] = "batch-" + role,
        ["autovision/queue"] = o.QueueName,
    };
}
