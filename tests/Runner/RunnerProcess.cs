using System.Diagnostics;
using System.Text;

namespace AutoVision.Runner.Tests;

/// <summary>Runs the runner's command line as a separate process (<c>dotnet AutoVision.Runner.dll ...</c>).</summary>
internal static class RunnerProcess
{
    /// <summary>The dotnet host running the tests (the test host is started by it).</summary>
    public static string Dotnet =>
        Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(TimeSpan timeout, params string[] arguments) => Run(timeout, null, arguments);

    /// <summary>As <see cref="Run(TimeSpan, string[])"/>, in an environment without this process's <c>AUTOVISION__*</c>
    /// variables plus <paramref name="environment"/>.</summary>
    public static Result Run(TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(TestPaths.RunnerAssembly);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        if (environment is not null)
        {
            foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("AUTOVISION__", StringComparison.OrdinalIgnoreCase)).ToArray())
                info.Environment.Remove(key);
            foreach (var (k, v) in environment) info.Environment[k] = v;
        }
        using var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"'{string.Join(' ', arguments)}' did not end within {timeout}; stderr:\n{stderr}");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Starts the runner without waiting; output is discarded.</summary>
    public static Process Start(params string[] arguments)
    {
        var info = new ProcessStartInfo(Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(TestPaths.RunnerAssembly);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
