using System.Runtime.InteropServices;

namespace AutoVision.Runner;

/// <summary>
/// SIGINT and SIGTERM while a run is in progress: the default action (ending the process at once) is cancelled
/// and <see cref="Token"/> is cancelled instead, so the run stops its learner, writes what it has and exits with
/// <see cref="ExitCode"/> (130 for SIGINT, 143 for SIGTERM, as shells report them). A second signal is handled the
/// same way (the run is already stopping).
/// </summary>
public sealed class SignalWatch : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _first;

    public SignalWatch()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
        ];
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>The first signal received, if any.</summary>
    public PosixSignal? Received => _first == 0 ? null : (PosixSignal)_first;

    /// <summary>130 after SIGINT, 143 after SIGTERM, null when no signal came.</summary>
    public int? ExitCode => Received switch
    {
        PosixSignal.SIGINT => ExitCodes.Sigint,
        PosixSignal.SIGTERM => ExitCodes.Sigterm,
        _ => null,
    };

    /// <summary>Invoked (on the signal thread) when the first signal comes.</summary>
    public event Action<PosixSignal>? Signalled;

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.CompareExchange(ref _first, (int)context.Signal, 0) != 0) return;
        Signalled?.Invoke(context.Signal);
        _cts.Cancel();
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _cts.Dispose();
    }
}

/// <summary>The exit codes of <c>run</c>, <c>ingest</c>, <c>resume</c> and <c>score</c>.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The learner failed (the predictions already written still count).</summary>
    public const int LearnerFailed = 1;

    /// <summary>Bad input: the message names the file, record and field.</summary>
    public const int BadInput = 2;

    /// <summary><c>resume</c>: no time is left in the run's budget (start_time + time_budget has passed).</summary>
    public const int NoTimeLeft = 4;

    /// <summary><c>resume</c>: the run ended normally; there is nothing to continue.</summary>
    public const int AlreadyFinished = 5;

    /// <summary>Stopped by SIGINT (128 + 2) after writing what it had.</summary>
    public const int Sigint = 130;

    /// <summary>Stopped by SIGTERM (128 + 15) after writing what it had.</summary>
    public const int Sigterm = 143;
}
