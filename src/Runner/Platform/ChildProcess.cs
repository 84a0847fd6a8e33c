using System.Diagnostics;

namespace AutoVision.Runner.Platform;

/// <summary>
/// A child process whose output lines are forwarded to this process's stderr with a prefix (so stdout keeps only
/// this program's summary) and whose last lines are kept for error reports. Disposing it kills what is still running.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private const int TailLines = 30;

    private readonly Process _process;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _tail = new();
    private readonly string _prefix;

    private ChildProcess(Process process, string prefix)
    {
        _process = process;
        _prefix = prefix;
    }

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string prefix, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments) info.ArgumentList.Add(argument);
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                if (value is null) info.Environment.Remove(key);
                else info.Environment[key] = value;
            }
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, prefix);
        process.OutputDataReceived += (_, e) => child.Line(e.Data);
        process.ErrorDataReceived += (_, e) => child.Line(e.Data);
        process.Exited += (_, _) => child._exited.TrySetResult();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Completes when the process has exited.</summary>
    public Task Exited => _exited.Task;

    /// <summary>The exit code once it has exited.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>The last lines it wrote (stdout and stderr together).</summary>
    public IReadOnlyList<string> Tail
    {
        get
        {
            lock (_tail) return _tail.ToArray();
        }
    }

    /// <summary>Kills the process and every process it started, then waits for it and its output to end.</summary>
    public void KillTree()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended on its own in the meantime.
        }
        WaitForExit();
    }

    /// <summary>Waits for the process and the end of its output (after it has exited or been killed).</summary>
    public void WaitForExit() => _process.WaitForExit();

    public void Dispose()
    {
        KillTree();
        _process.Dispose();
    }

    private void Line(string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > TailLines) _tail.Dequeue();
        }
        Console.Error.WriteLine(_prefix + line);
    }
}
