using System.CommandLine;
using System.Globalization;

namespace AutoVision.Runner.Cli;

/// <summary>
/// The command-line options that set <see cref="RunnerSettings"/>. None has a default here: a value not given on
/// the command line comes from the environment (<c>AUTOVISION__BUDGET</c>), <c>--config FILE</c> or
/// <c>appsettings.json</c>, else the setting's default; a value given here wins.
/// </summary>
internal sealed class RunSettingOptions
{
    private readonly List<(Option Option, string Setting, Func<ParseResult, object?> Value)> _settings = [];

    public Option<string?> ConfigOption { get; } = new("--config")
    {
        Description = "Reads settings from this JSON file (section \"AutoVision\", e.g. { \"AutoVision\": { \"Budget\": 60 } }); above appsettings.json next to the program, below AUTOVISION__* environment variables and the command line",
    };

    public Option<string?> ProgressOption { get; } = new("--progress")
    {
        Description = "auto (default: a live display on an interactive terminal, plain log lines when redirected) | live | lines | off",
    };

    public RunSettingOptions(bool withBudget, bool withProgress = true)
    {
        var logFormat = new Option<string?>("--log-format") { Description = "plain (default) | json: log lines on stderr, one JSON object per line for machines" };
        logFormat.AcceptOnlyFromAmong(RunnerSettings.LogFormats.Plain, RunnerSettings.LogFormats.Json);
        Add(logFormat, nameof(RunnerSettings.LogFormat));
        if (withProgress)
        {
            ProgressOption.AcceptOnlyFromAmong(RunnerSettings.ProgressModes.Auto, RunnerSettings.ProgressModes.Live, RunnerSettings.ProgressModes.Lines, RunnerSettings.ProgressModes.Off);
            Add(ProgressOption, nameof(RunnerSettings.Progress));
        }
        if (!withBudget) return;
        var budget = new Option<double?>("--budget") { Description = $"Time budget in seconds (default {RunDefaults.BudgetSeconds.ToString(CultureInfo.InvariantCulture)}; setting AutoVision:Budget)" };
        var seed = new Option<int?>("--seed") { Description = "Random seed (default 1)" };
        var device = new Option<string?>("--device") { Description = "auto (default) | cpu | cuda" };
        device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        var t0 = new Option<double?>("--t0") { Description = "t0 of the ALC in seconds (default: budget / 20, i.e. 60 for 1200)" };
        Add(budget, nameof(RunnerSettings.Budget));
        Add(seed, nameof(RunnerSettings.Seed));
        Add(device, nameof(RunnerSettings.Device));
        Add(t0, nameof(RunnerSettings.T0));
    }

    /// <summary>Adds a setting option (also the caller's own, e.g. <c>batch --workers</c>).</summary>
    public void Add<T>(Option<T> option, string setting) => _settings.Add((option, setting, p => p.GetValue(option)));

    public void AddTo(Command command)
    {
        command.Options.Add(ConfigOption);
        foreach (var (option, _, _) in _settings) command.Options.Add(option);
    }

    /// <summary>The settings given on this command line.</summary>
    public HostRequest Request(ParseResult parse)
    {
        var given = new Dictionary<string, string?>();
        foreach (var (option, setting, read) in _settings)
        {
            if (parse.GetResult(option) is not { Implicit: false }) continue;
            object? value = read(parse);
            given[setting] = value switch
            {
                null => null,
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
        }
        return new HostRequest(parse.GetValue(ConfigOption), given);
    }
}
