using System.Diagnostics;
using System.Globalization;

namespace AutoVision.Runner.Progress;

/// <summary>The run's progress as last reported, read by the displays (thread-safe).</summary>
public sealed class ProgressState : IRunProgress
{
    private readonly object _gate = new();
    private readonly Stopwatch _sinceClock = new();
    private string _phase = RunPhases.PreparingData;
    private TimeSpan _total;
    private TimeSpan _elapsedAtClock;
    private bool _clockStarted;
    private int _predictions;
    private TimeSpan? _lastPrediction;
    private double? _validationNauc;
    private long? _steps;
    private long _stepsAtRate;
    private TimeSpan _timeAtRate;
    private double? _stepsPerSecond;

    /// <summary>Raised after each report, with what changed ("phase", "clock", "prediction", "learner").</summary>
    public event Action<string>? Changed;

    public void Phase(string phase)
    {
        lock (_gate) _phase = phase;
        Changed?.Invoke("phase");
    }

    public void Clock(TimeSpan total, TimeSpan elapsed)
    {
        lock (_gate)
        {
            _total = total;
            _elapsedAtClock = elapsed;
            _clockStarted = true;
            _sinceClock.Restart();
        }
        Changed?.Invoke("clock");
    }

    public void Prediction(int index, TimeSpan afterStart)
    {
        lock (_gate)
        {
            _predictions++;
            _lastPrediction = afterStart;
        }
        Changed?.Invoke("prediction");
    }

    public void Learner(double? validationNauc, long? steps)
    {
        lock (_gate)
        {
            if (validationNauc is { } v) _validationNauc = v;
            if (steps is { } s)
            {
                var now = _sinceClock.Elapsed;
                if (_steps is not null && now > _timeAtRate && s > _stepsAtRate)
                    _stepsPerSecond = (s - _stepsAtRate) / (now - _timeAtRate).TotalSeconds;
                if (s != _stepsAtRate || _steps is null)
                {
                    _stepsAtRate = s;
                    _timeAtRate = now;
                }
                _steps = s;
            }
        }
        Changed?.Invoke("learner");
    }

    /// <summary>A consistent copy of the figures.</summary>
    public ProgressSnapshot Snapshot()
    {
        lock (_gate)
        {
            TimeSpan? used = _clockStarted ? _elapsedAtClock + _sinceClock.Elapsed : null;
            return new ProgressSnapshot(_phase, _clockStarted ? _total : null, used, _predictions, _lastPrediction, _validationNauc, _steps, _stepsPerSecond);
        }
    }
}

/// <summary>The figures shown.</summary>
public sealed record ProgressSnapshot(string Phase, TimeSpan? Budget, TimeSpan? Used, int Predictions, TimeSpan? LastPrediction,
    double? ValidationNauc, long? Steps, double? StepsPerSecond)
{
    public TimeSpan? Left => Budget is { } b && Used is { } u ? (b > u ? b - u : TimeSpan.Zero) : null;

    /// <summary>One line: phase, budget used/left, validation NAUC, predictions, throughput.</summary>
    public string ToLine()
    {
        var i = CultureInfo.InvariantCulture;
        string budget = Budget is { } b && Used is { } u
            ? string.Create(i, $"budget {Math.Min(u.TotalSeconds, b.TotalSeconds):F1}/{b.TotalSeconds:F0} s used, {Left!.Value.TotalSeconds:F1} s left")
            : "clock not started";
        string nauc = ValidationNauc is { } v ? v.ToString("F4", i) : "-";
        string last = LastPrediction is { } l ? string.Create(i, $" (last at {l.TotalSeconds:F1} s)") : "";
        string rate = StepsPerSecond is { } r ? string.Create(i, $"{r:F2} steps/s") : "-";
        string steps = Steps is { } s ? s.ToString(i) : "-";
        return $"{Phase} | {budget} | validation NAUC {nauc} | predictions {Predictions}{last} | fine-tuning steps {steps}, {rate}";
    }
}
