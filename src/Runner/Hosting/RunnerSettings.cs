using System.Globalization;
using Microsoft.Extensions.Options;

namespace AutoVision.Runner;

/// <summary>
/// The settings of <c>run</c>, <c>resume</c> and <c>batch</c>, bound from the configuration section
/// <c>AutoVision</c>: <c>appsettings.json</c> next to the program, then <c>--config FILE</c>, then environment
/// variables (<c>AUTOVISION__BUDGET=60</c>), then the command line (which wins). A value given nowhere keeps the
/// default below.
/// </summary>
public sealed class RunnerSettings
{
    /// <summary>The configuration section the settings are bound from.</summary>
    public const string Section = "AutoVision";

    /// <summary>Time budget of a run in seconds (<c>--budget</c>).</summary>
    public double Budget { get; set; } = RunDefaults.BudgetSeconds;

    /// <summary>Seed of every random choice (<c>--seed</c>).</summary>
    public int Seed { get; set; } = 1;

    /// <summary>auto | cpu | cuda (<c>--device</c>).</summary>
    public string Device { get; set; } = "auto";

    /// <summary>t0 of the ALC in seconds; unset: budget / 20 (<c>--t0</c>).</summary>
    public double? T0 { get; set; }

    /// <summary>plain | json: the log lines on stderr (<c>--log-format</c>).</summary>
    public string LogFormat { get; set; } = LogFormats.Plain;

    /// <summary>auto | live | lines | off: the progress display (<c>--progress</c>). auto: a live display on an
    /// interactive terminal, plain progress log lines when the output is redirected.</summary>
    public string Progress { get; set; } = ProgressModes.Auto;

    /// <summary>Runs at a time in <c>batch</c> (<c>--workers</c>).</summary>
    public int Workers { get; set; } = 1;

    /// <summary>Extra seconds a batch child may take beyond its budget (setup before the clock, scoring, report)
    /// before it is killed and the dataset recorded as failed (<c>--child-grace</c>).</summary>
    public double ChildGrace { get; set; } = 600;

    public static class LogFormats
    {
        public const string Plain = "plain";
        public const string Json = "json";
    }

    public static class ProgressModes
    {
        public const string Auto = "auto";
        public const string Live = "live";
        public const string Lines = "lines";
        public const string Off = "off";
    }

    /// <summary>How a setting is named everywhere it can be given, for error messages.</summary>
    internal static string Where(string property, string flag) =>
        $"{Section}:{property} (command line {flag}, environment {Section.ToUpperInvariant()}__{property.ToUpperInvariant()}, appsettings.json / --config \"{Section}\": {{ \"{property}\": ... }})";
}

/// <summary>Refuses settings no run could use, naming the setting and where it can be given.</summary>
public sealed class RunnerSettingsValidator : IValidateOptions<RunnerSettings>
{
    public ValidateOptionsResult Validate(string? name, RunnerSettings s)
    {
        var i = CultureInfo.InvariantCulture;
        var failures = new List<string>();
        if (!(s.Budget > 0) || double.IsInfinity(s.Budget))
            failures.Add($"{RunnerSettings.Where("Budget", "--budget")} must be a positive number of seconds; got {s.Budget.ToString(i)}.");
        if (s.T0 is { } t0 && (!(t0 > 0) || double.IsInfinity(t0)))
            failures.Add($"{RunnerSettings.Where("T0", "--t0")} must be a positive number of seconds; got {t0.ToString(i)}.");
        if (s.Device is not ("auto" or "cpu" or "cuda"))
            failures.Add($"{RunnerSettings.Where("Device", "--device")} must be auto, cpu or cuda; got '{s.Device}'.");
        if (s.LogFormat is not (RunnerSettings.LogFormats.Plain or RunnerSettings.LogFormats.Json))
            failures.Add($"{RunnerSettings.Where("LogFormat", "--log-format")} must be plain or json; got '{s.LogFormat}'.");
        if (s.Progress is not (RunnerSettings.ProgressModes.Auto or RunnerSettings.ProgressModes.Live or RunnerSettings.ProgressModes.Lines or RunnerSettings.ProgressModes.Off))
            failures.Add($"{RunnerSettings.Where("Progress", "--progress")} must be auto, live, lines or off; got '{s.Progress}'.");
        if (s.Workers < 1)
            failures.Add($"{RunnerSettings.Where("Workers", "--workers")} must be at least 1; got {s.Workers.ToString(i)}.");
        if (!(s.ChildGrace >= 0) || double.IsInfinity(s.ChildGrace))
            failures.Add($"{RunnerSettings.Where("ChildGrace", "--child-grace")} must be zero or a positive number of seconds; got {s.ChildGrace.ToString(i)}.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
