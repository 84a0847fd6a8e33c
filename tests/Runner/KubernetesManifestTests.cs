using AutoVision.Runner.Batch.Kubernetes;
using AutoVision.Runner.Cli;
using k8s;
using k8s.Models;

namespace AutoVision.Runner.Tests;

/// <summary><c>batch --emit-k8s</c>: the manifests, read back with the official Kubernetes client's models.</summary>
public class KubernetesManifestTests
{
    private static string Datasets(int count)
    {
        var dir = TestPaths.NewTempDir();
        for (int i = 0; i < count; i++) Directory.CreateDirectory(Path.Combine(dir, $"d{i}", $"d{i}.data"));
        return dir;
    }

    [Fact]
    public async Task EmitK8s_GpuWorkers_IndexedJobWithDeadlineRetriesGpuAndSecret()
    {
        var dir = TestPaths.NewTempDir();
        int code = await CommandLine.InvokeAsync(["batch", "--emit-k8s", dir, "--datasets", Datasets(10), "--budget", "1200", "--child-grace", "300",
            "--k8s-workers", "4", "--gpu", "--image", "registry.example/autovision:cuda", "--db-secret", "studies-db", "--queue-name", "night-run"]);
        Assert.Equal(BatchExitCodes.Success, code);

        var job = KubernetesYaml.Deserialize<V1Job>(await File.ReadAllTextAsync(Path.Combine(dir, WorkerJobManifest.JobFile)));
        Assert.Equal(("batch/v1", "Job", "autovision-batch"), (job.ApiVersion, job.Kind, job.Metadata.Name));
        var spec = job.Spec;
        Assert.Equal("Indexed", spec.CompletionMode);
        Assert.Equal((4, 4), (spec.Completions, spec.Parallelism));
        Assert.Equal(2, spec.BackoffLimitPerIndex);
        // 10 runs over 4 workers: 3 each at most, of at most 1200 + 300 s, plus 900 s to start.
        Assert.Equal(3 * 1500 + 900, spec.ActiveDeadlineSeconds);
        var pod = spec.Template.Spec;
        Assert.Equal("Never", pod.RestartPolicy);
        var container = Assert.Single(pod.Containers);
        Assert.Equal("registry.example/autovision:cuda", container.Image);
        Assert.Equal(new ResourceQuantity("1"), container.Resources.Limits["nvidia.com/gpu"]);
        var env = Assert.Single(container.Env);
        Assert.Equal("AUTOVISION_QUEUE", env.Name);
        Assert.Null(env.Value);   // never the URI itself
        Assert.Equal(("studies-db", "url"), (env.ValueFrom.SecretKeyRef.Name, env.ValueFrom.SecretKeyRef.Key));
        var args = container.Args.ToList();
        Assert.Equal("batch", args[0]);
        Assert.Equal("$(AUTOVISION_QUEUE)", args[args.IndexOf("--queue") + 1]);
        Assert.Equal("night-run", args[args.IndexOf("--queue-name") + 1]);
        Assert.Contains("--worker", args);
        Assert.Equal("/data", args[args.IndexOf("--datasets") + 1]);
        Assert.Equal("cuda", args[args.IndexOf("--device") + 1]);
        Assert.Equal("1200", args[args.IndexOf("--budget") + 1]);
        Assert.Contains("$(JOB_COMPLETION_INDEX)", args[args.IndexOf("--output") + 1]);
        var data = Assert.Single(pod.Volumes, v => v.Name == "data");
        Assert.Equal("autovision-data", data.PersistentVolumeClaim.ClaimName);
        Assert.Contains(container.VolumeMounts, m => m.Name == "data" && m.MountPath == "/data" && m.ReadOnlyProperty == true);

        var report = KubernetesYaml.Deserialize<V1Job>(await File.ReadAllTextAsync(Path.Combine(dir, WorkerJobManifest.ReportJobFile)));
        var reportArgs = Assert.Single(report.Spec.Template.Spec.Containers).Args.ToList();
        Assert.Contains("--report", reportArgs);
        Assert.Equal("studies-db", Assert.Single(report.Spec.Template.Spec.Containers).Env.Single().ValueFrom.SecretKeyRef.Name);
    }

    [Fact]
    public void Workers_WithoutGpu_AsksForNoneAndRunsOnCpu()
    {
        var job = WorkerJobManifest.Workers(new WorkerJobOptions { Workers = 2, Image = "autovision", Budget = 300, ChildGrace = 600, Runs = 2 });
        var container = Assert.Single(job.Spec.Template.Spec.Containers);
        Assert.True(container.Resources.Limits is null || !container.Resources.Limits.ContainsKey("nvidia.com/gpu"));
        Assert.Equal("cpu", container.Args[container.Args.IndexOf("--device") + 1]);
        Assert.Equal(900 + 900, job.Spec.ActiveDeadlineSeconds);   // one run each of at most 300 + 600 s, plus start-up
    }

    [Theory]
    [InlineData(0, "autovision", "default", "--k8s-workers")]
    [InlineData(1, "", "default", "--image")]
    [InlineData(1, "autovision", "bad name!", "queue name")]
    public void Workers_BadOptions_SayWhatIsExpected(int workers, string image, string queue, string expected)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() =>
            WorkerJobManifest.Workers(new WorkerJobOptions { Workers = workers, Image = image, QueueName = queue, Budget = 60, Runs = 1 }));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public async Task EmitK8s_WithoutDatasets_IsABadCommandLine()
    {
        var dir = TestPaths.NewTempDir();
        var error = new StringWriter();
        var saved = Console.Error;
        int code;
        try
        {
            Console.SetError(error);
            code = await CommandLine.InvokeAsync(["batch", "--emit-k8s", dir]);
        }
        finally
        {
            Console.SetError(saved);
        }
        Assert.NotEqual(0, code);
        Assert.False(File.Exists(Path.Combine(dir, WorkerJobManifest.JobFile)));
    }
}
