using System.Globalization;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace AutoVision.Runner.Progress;

/// <summary>A progress display attached to a <see cref="ProgressState"/>; disposing it stops it.</summary>
public interface IProgressDisplay : IDisposable
{
    ProgressState State { get; }
}

public static class ProgressDisplays
{
    /// <summary>
    /// The display <paramref name="mode"/> asks for: <c>live</c> a live panel on stderr (Spectre.Console), <c>lines</c> a
    /// log line (event 1010) at each phase and prediction, <c>off</c> nothing, <c>auto</c> live on an interactive
    /// terminal (neither stdout nor stderr redirected), else lines.
    /// </summary>
    public static IProgressDisplay Create(string mode, ILogger log)
    {
        var state = new ProgressState();
        if (mode == RunnerSettings.ProgressModes.Auto)
            mode = IsInteractive ? RunnerSettings.ProgressModes.Live : RunnerSettings.ProgressModes.Lines;
        return mode switch
        {
            RunnerSettings.ProgressModes.Live => new LiveDisplay(state),
            RunnerSettings.ProgressModes.Lines => new LineDisplay(state, log),
            _ => new NoDisplay(state),
        };
    }

    /// <summary>True when a person watches: neither stdout nor stderr is redirected.</summary>
    public static bool IsInteractive => !Console.IsOutputRedirected && !Console.IsErrorRedirected;

    private sealed class NoDisplay(ProgressState state) : IProgressDisplay
    {
        public ProgressState State { get; } = state;
        public void Dispose() { }
    }

    /// <summary>Plain log lines: one when the phase changes and one per prediction.</summary>
    private sealed class LineDisplay : IProgressDisplay
    {
        private readonly ILogger _log;
        private string? _lastPhase;

        public LineDisplay(ProgressState state, ILogger log)
        {
            State = state;
            _log = log;
            state.Changed += OnChanged;
        }

        public ProgressState State { get; }

        private void OnChanged(string what)
        {
            var snapshot = State.Snapshot();
            if (what == "prediction" || (what == "phase" && snapshot.Phase != _lastPhase && snapshot.Phase is not (RunPhases.Training or RunPhases.Predicting)))
            {
                _lastPhase = snapshot.Phase;
                _log.LogInformation(LogEvents.Progress, "Progress: {Progress}", snapshot.ToLine());
            }
        }

        public void Dispose() => State.Changed -= OnChanged;
    }

    /// <summary>A live table on stderr, redrawn four times a second until disposed.</summary>
    private sealed class LiveDisplay : IProgressDisplay
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public LiveDisplay(ProgressState state)
        {
            State = state;
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            _loop = console.Live(Render(state.Snapshot())).AutoClear(false).StartAsync(async context =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(250, _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // Stopping: draw the last state once more.
                    }
                    context.UpdateTarget(Render(State.Snapshot()));
                }
            });
        }

        public ProgressState State { get; }

        internal static IRenderable Render(ProgressSnapshot s)
        {
            var i = CultureInfo.InvariantCulture;
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow(new Markup("[bold]phase[/]"), new Text(s.Phase));
            if (s.Budget is { } b && s.Used is { } u)
            {
                double share = b.TotalSeconds > 0 ? Math.Min(1, u.TotalSeconds / b.TotalSeconds) : 1;
                int filled = (int)Math.Round(share * 30);
                grid.AddRow(new Markup("[bold]budget[/]"), new Text(string.Create(i,
                    $"[{new string('#', filled)}{new string('.', 30 - filled)}] {Math.Min(u.TotalSeconds, b.TotalSeconds):F1} / {b.TotalSeconds:F0} s used, {s.Left!.Value.TotalSeconds:F1} s left")));
            }
            else
            {
                grid.AddRow(new Markup("[bold]budget[/]"), new Text("clock not started (setup is outside the budget)"));
            }
            grid.AddRow(new Markup("[bold]validation NAUC[/]"), new Text(s.ValidationNauc is { } v ? v.ToString("F4", i) : "-"));
            grid.AddRow(new Markup("[bold]predictions[/]"), new Text(s.Predictions.ToString(i) + (s.LastPrediction is { } l ? string.Create(i, $" (last at {l.TotalSeconds:F1} s)") : "")));
            grid.AddRow(new Markup("[bold]throughput[/]"), new Text(
                (s.StepsPerSecond is { } r ? string.Create(i, $"{r:F2} fine-tuning steps/s") : "-") + (s.Steps is { } st ? string.Create(i, $" ({st} steps)") : "")));
            return new Panel(grid).Header("AutoVision").Border(BoxBorder.Rounded);
        }

        public void Dispose()
        {
            _stop.Cancel();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(2));
            }
            catch (AggregateException)
            {
                // A display that failed to draw must not fail the run.
            }
            _stop.Dispose();
        }
    }
}
