using System.Diagnostics;
using System.Text;
using AutoVision.Runner.Cli;

namespace AutoVision.Runner.Tests;

/// <summary>Settings: appsettings.json &lt; --config FILE &lt; AUTOVISION__ environment &lt; command line; bad ones refused naming them.</summary>
public class RunnerSettingsTests
{
    private static string ProgramFolderWith(string appsettingsJson)
    {
        var dir = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(dir, RunnerHost.SettingsFileName), appsettingsJson);
        return dir;
    }

    private static async Task<RunnerSettings> Resolve(HostRequest request, string programFolder)
    {
        using var host = RunnerHost.Build(request, programFolder);
        try
        {
            return await RunnerHost.StartAsync(host, CancellationToken.None);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task NothingGiven_TheDefaults()
    {
        var s = await Resolve(HostRequest.None, TestPaths.NewTempDir());
        Assert.Equal(RunDefaults.BudgetSeconds, s.Budget);
        Assert.Equal(1, s.Seed);
        Assert.Equal("auto", s.Device);
        Assert.Null(s.T0);
        Assert.Equal(1, s.Workers);
    }

    [Fact]
    public async Task ConfigFileOverridesAppsettings_CommandLineOverridesBoth()
    {
        var program = ProgramFolderWith("""{ "AutoVision": { "Budget": 11, "Seed": 5, "Device": "cpu", "Workers": 3 } }""");
        var config = Path.Combine(TestPaths.NewTempDir(), "my.json");
        File.WriteAllText(config, """{ "AutoVision": { "Budget": 22, "Seed": 6 } }""");
        var s = await Resolve(new HostRequest(config, new Dictionary<string, string?> { ["Seed"] = "7" }), program);
        Assert.Equal(22, s.Budget);     // --config over appsettings.json
        Assert.Equal(7, s.Seed);        // command line over both
        Assert.Equal("cpu", s.Device);  // appsettings.json where nothing else says
        Assert.Equal(3, s.Workers);
    }

    [Fact]
    public async Task BadValueInAppsettings_RefusedNamingTheSetting()
    {
        var program = ProgramFolderWith("""{ "AutoVision": { "Budget": -5 } }""");
        var ex = await Assert.ThrowsAsync<SettingsException>(() => Resolve(HostRequest.None, program));
        Assert.Contains("AutoVision:Budget", ex.Message);
        Assert.Contains("--budget", ex.Message);
        Assert.Contains("AUTOVISION__BUDGET", ex.Message);
        Assert.Contains("-5", ex.Message);
    }

    [Fact]
    public async Task ValueOfTheWrongType_RefusedNamingTheSetting()
    {
        var config = Path.Combine(TestPaths.NewTempDir(), "c.json");
        File.WriteAllText(config, """{ "AutoVision": { "Workers": "many" } }""");
        var ex = await Assert.ThrowsAsync<SettingsException>(() => Resolve(new HostRequest(config, new Dictionary<string, string?>()), TestPaths.NewTempDir()));
        Assert.Contains("AutoVision:Workers", ex.Message);
        Assert.Contains("many", ex.Message);
    }

    [Fact]
    public async Task EveryBadSetting_IsNamedInOneMessage()
    {
        var ex = await Assert.ThrowsAsync<SettingsException>(() => Resolve(new HostRequest(null, new Dictionary<string, string?>
        {
            ["Device"] = "tpu", ["Workers"] = "0", ["T0"] = "0", ["LogFormat"] = "xml",
        }), TestPaths.NewTempDir()));
        foreach (var name in new[] { "AutoVision:Device", "AutoVision:Workers", "AutoVision:T0", "AutoVision:LogFormat" })
            Assert.Contains(name, ex.Message);
    }

    [Fact]
    public void ConfigFileMissing_NamedInTheError()
    {
        var missing = Path.Combine(TestPaths.NewTempDir(), "nope.json");
        var ex = Assert.Throws<FileNotFoundException>(() => RunnerHost.Build(new HostRequest(missing, new Dictionary<string, string?>()), TestPaths.NewTempDir()));
        Assert.Contains(missing, ex.Message);
    }

    [Fact]
    public async Task Run_BadBudgetOnTheCommandLine_ExitCode2BeforeAnyFileIsWritten()
    {
        var output = Path.Combine(TestPaths.NewTempDir(), "out");
        int code = await CommandLine.InvokeAsync(["run", "--dataset", TestPaths.MiniCiao, "--output", output, "--budget", "-1"]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.False(Directory.Exists(output));
    }

    // The environment is the process's own: these run the program as a child with its own environment.

    [Fact]
    public void Environment_OverridesConfigFile_CommandLineOverridesEnvironment()
    {
        var config = Path.Combine(TestPaths.NewTempDir(), "c.json");
        File.WriteAllText(config, """{ "AutoVision": { "Budget": 44, "Seed": 9 } }""");
        var missing = Path.Combine(TestPaths.NewTempDir(), "no-dataset");
        var env = new Dictionary<string, string> { ["AUTOVISION__BUDGET"] = "33", ["AUTOVISION__SEED"] = "8" };

        var fromEnv = Run(env, "run", "--dataset", missing, "--output", TestPaths.NewTempDir(), "--config", config);
        Assert.Contains("Settings: budget 33 s, seed 8,", fromEnv.Stderr);
        Assert.Equal(ExitCodes.BadInput, fromEnv.ExitCode);   // then the dataset is missing
        Assert.Contains(missing, fromEnv.Stderr);

        var fromCli = Run(env, "run", "--dataset", missing, "--output", TestPaths.NewTempDir(), "--config", config, "--budget", "22");
        Assert.Contains("Settings: budget 22 s, seed 8,", fromCli.Stderr);
    }

    [Fact]
    public void Environment_BadValue_RefusedNamingTheVariable()
    {
        var result = Run(new Dictionary<string, string> { ["AUTOVISION__DEVICE"] = "tpu" },
            "run", "--dataset", TestPaths.MiniCiao, "--output", Path.Combine(TestPaths.NewTempDir(), "o"));
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("AutoVision:Device", result.Stderr);
        Assert.Contains("AUTOVISION__DEVICE", result.Stderr);
        Assert.Contains("'tpu'", result.Stderr);
        Assert.DoesNotContain("Clock started", result.Stderr);
    }

    [Fact]
    public void LogFormatJson_EveryLogLineIsAJsonObjectWithItsEventId()
    {
        var missing = Path.Combine(TestPaths.NewTempDir(), "no-dataset");
        var result = Run(new Dictionary<string, string>(), "run", "--dataset", missing, "--output", TestPaths.NewTempDir(), "--log-format", "json", "--progress", "off");
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("error:", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(line);
            Assert.True(doc.RootElement.TryGetProperty("EventId", out _), line);
        }
        Assert.Contains(lines, l => l.Contains("\"EventId\":1011", StringComparison.Ordinal));
    }

    internal static RunnerProcess.Result Run(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(RunnerProcess.Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(TestPaths.RunnerAssembly);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("AUTOVISION__", StringComparison.OrdinalIgnoreCase)).ToArray())
            info.Environment.Remove(key);
        foreach (var (k, v) in environment) info.Environment[k] = v;
        using var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{string.Join(' ', arguments)}' did not end; stderr:\n{stderr}");
        }
        process.WaitForExit();
        return new RunnerProcess.Result(process.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
