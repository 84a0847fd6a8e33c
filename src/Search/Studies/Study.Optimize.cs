namespace AutoVision.Search;

public sealed partial class Study
{
    /// <summary>
    /// Runs trials of <paramref name="objective"/> one after another until <paramref name="nTrials"/> have run, the
    /// <paramref name="timeout"/> (measured on the study's <see cref="TimeProvider"/> from this call) has been reached,
    /// or <paramref name="cancellationToken"/> is cancelled — whichever comes first; a trial that has started is not
    /// interrupted. With neither a trial count nor a timeout it runs until cancelled.
    /// A <see cref="TrialPrunedException"/> prunes the trial; any other exception fails it, recording the reason,
    /// and the study goes on (unless <see cref="StudyOptions.RethrowObjectiveExceptions"/>). Cancellation is not an
    /// error: the loop just stops, keeping every trial; an objective that throws
    /// <see cref="OperationCanceledException"/> on that cancellation leaves a failed trial.
    /// </summary>
    public void Optimize(
        Func<Trial, double> objective,
        int? nTrials = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (nTrials is < 0) throw new ArgumentOutOfRangeException(nameof(nTrials), nTrials, "The number of trials cannot be negative.");
        if (timeout is { } t && t < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout cannot be negative.");

        long started = TimeProvider.GetTimestamp();
        for (int run = 0; nTrials is null || run < nTrials; run++)
        {
            if (cancellationToken.IsCancellationRequested) return;
            if (timeout is { } limit && TimeProvider.GetElapsedTime(started) >= limit) return;
            if (!RunTrial(objective, cancellationToken)) return;
        }
    }

    /// <summary>Runs one trial; false when the loop must stop (cancelled inside the objective).</summary>
    private bool RunTrial(Func<Trial, double> objective, CancellationToken cancellationToken)
    {
        var trial = Ask();
        double value;
        try
        {
            value = objective(trial);
        }
        catch (TrialPrunedException)
        {
            if (trial.State == TrialState.Running) Tell(trial, TrialState.Pruned);
            return true;
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            if (trial.State == TrialState.Running) Fail(trial, $"Cancelled: {ex.Message}");
            return false;
        }
        catch (Exception ex)
        {
            if (trial.State == TrialState.Running) Fail(trial, $"{ex.GetType().Name}: {ex.Message}");
            if (_rethrow) throw;
            return true;
        }
        if (trial.State == TrialState.Running) Tell(trial, value);
        return true;
    }
}
