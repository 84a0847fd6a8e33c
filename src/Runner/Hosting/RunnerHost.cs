using AutoVision.Runner.Batch;
using AutoVision.Runner.Platform;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace AutoVision.Runner;

/// <summary>Where the settings of one command come from, besides appsettings.json and the environment.</summary>
/// <param name="ConfigFile"><c>--config FILE</c>, or null.</param>
/// <param name="CommandLine">Settings given on the command line, by property name of <see cref="RunnerSettings"/> (they win).</param>
public sealed record HostRequest(string? ConfigFile, IReadOnlyDictionary<string, string?> CommandLine)
{
    public static readonly HostRequest None = new(null, new Dictionary<string, string?>());
}

/// <summary>
/// The runner's host (Microsoft.Extensions.Hosting): configuration from <c>appsettings.json</c> next to the program,
/// then <c>--config FILE</c>, then environment variables (<c>AUTOVISION__BUDGET</c> is <c>AutoVision:Budget</c>), then
/// the command line; <see cref="RunnerSettings"/> bound from the section <c>AutoVision</c> and validated when the host
/// starts (before any clock); logging on stderr, plain single lines or JSON lines (<c>--log-format json</c>).
/// </summary>
public static class RunnerHost
{
    /// <summary>The settings file read from the program's folder when it exists.</summary>
    public const string SettingsFileName = "appsettings.json";

    /// <exception cref="FileNotFoundException"><c>--config</c> names a file that does not exist.</exception>
    /// <exception cref="InvalidDataException">A settings file is not valid JSON.</exception>
    public static IHost Build(HostRequest request, string? programFolder = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = programFolder ?? AppContext.BaseDirectory,
        });
        builder.Configuration.AddJsonFile(Path.Combine(programFolder ?? AppContext.BaseDirectory, SettingsFileName), optional: true, reloadOnChange: false);
        if (request.ConfigFile is { } file)
        {
            string full = Path.GetFullPath(file);
            if (!File.Exists(full))
                throw new FileNotFoundException($"The settings file '{full}' (--config) does not exist.", full);
            builder.Configuration.AddJsonFile(full, optional: false, reloadOnChange: false);
        }
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(request.CommandLine
            .Where(kv => kv.Value is not null)
            .Select(kv => new KeyValuePair<string, string?>($"{RunnerSettings.Section}:{kv.Key}", kv.Value)));

        string format = builder.Configuration[$"{RunnerSettings.Section}:{nameof(RunnerSettings.LogFormat)}"] ?? RunnerSettings.LogFormats.Plain;
        ConfigureLogging(builder.Logging, format);

        builder.Services.AddOptions<RunnerSettings>().Bind(builder.Configuration.GetSection(RunnerSettings.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RunnerSettings>, RunnerSettingsValidator>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RunJob>();
        builder.Services.AddSingleton<PlatformJob>();
        builder.Services.AddSingleton<Packer>();
        builder.Services.AddSingleton<BatchJob>();
        try
        {
            return builder.Build();
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"A settings file cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>Logs on stderr only (stdout carries the summary): one plain line per event, or one JSON object per line.</summary>
    public static void ConfigureLogging(ILoggingBuilder logging, string format)
    {
        logging.ClearProviders();
        if (format == RunnerSettings.LogFormats.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = false;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
                o.IncludeScopes = false;
            });
        }
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        // The host would log a refused setting with its stack trace; the command prints the message itself.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
    }

    /// <summary>
    /// Starts the host, which validates the settings, and returns them. Refused settings come back as one
    /// <see cref="SettingsException"/> whose message names every bad setting.
    /// </summary>
    public static async Task<RunnerSettings> StartAsync(IHost host, CancellationToken cancellation)
    {
        try
        {
            await host.StartAsync(cancellation);
            return host.Services.GetRequiredService<IOptions<RunnerSettings>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            throw new SettingsException("invalid settings: " + string.Join(" ", ex.Failures), ex);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            throw new SettingsException("invalid settings: " + string.Join(" ", ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)), ex);
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains(RunnerSettings.Section + ":", StringComparison.Ordinal))
        {
            // The binder: "Failed to convert configuration value '...' at 'AutoVision:Budget' to type 'System.Double'."
            throw new SettingsException("invalid settings: " + ex.Message, ex);
        }
    }
}

/// <summary>Settings no run can use; the message names each one. Exit code 2.</summary>
public sealed class SettingsException(string message, Exception? inner = null) : Exception(message, inner);
