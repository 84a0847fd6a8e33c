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
    /// For a hard budget — no trial started that cannot finish, the running one cancelled at the end — use the
    /// overload that takes a deadline.
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

    /// <summary>
    /// Runs trials of <paramref name="objective"/> until <paramref name="nTrials"/> have run, the
    /// <paramref name="deadline"/> (on the study's <see cref="TimeProvider"/>) comes, or
    /// <paramref name="cancellationToken"/> is cancelled — and never starts a trial it does not expect to finish in
    /// time: a trial starts only when the time left is at least a high quantile
    /// (<see cref="StudyOptions.TrialDurationQuantile"/>) of the durations of the study's complete trials so far (of
    /// its finished trials while none is complete; the first trial always starts). The objective gets a token that is
    /// cancelled at the deadline or on <paramref name="cancellationToken"/>; an objective that gives up by throwing
    /// <see cref="OperationCanceledException"/> leaves a failed trial whose reason says why, and the loop stops.
    /// An objective that ignores the token and returns a value late still completes its trial.
    /// Trial failures are values: an exception other than <see cref="TrialPrunedException"/> fails the trial with the
    /// exception's type and message as its reason, and the loop goes on (unless
    /// <see cref="StudyOptions.RethrowObjectiveExceptions"/>).
    /// </summary>
    /// <returns>Why the loop stopped and how many trials it ran.</returns>
    public OptimizeResult Optimize(
        Func<Trial, CancellationToken, double> objective,
        DateTimeOffset deadline,
        int? nTrials = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (nTrials is < 0) throw new ArgumentOutOfRangeException(nameof(nTrials), nTrials, "The number of trials cannot be negative.");

        TimeSpan untilDeadline = deadline - TimeProvider.GetUtcNow();
        if (untilDeadline <= TimeSpan.Zero) return new OptimizeResult(OptimizeStopReason.Deadline, 0);
        using var atDeadline = new CancellationTokenSource(untilDeadline, TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, atDeadline.Token);

        int run = 0;
        while (true)
        {
            if (nTrials is { } n && run >= n) return new OptimizeResult(OptimizeStopReason.TrialCount, run);
            if (cancellationToken.IsCancellationRequested) return new OptimizeResult(OptimizeStopReason.Cancelled, run);
            var left = deadline - TimeProvider.GetUtcNow();
            if (left <= TimeSpan.Zero || atDeadline.IsCancellationRequested) return new OptimizeResult(OptimizeStopReason.Deadline, run);
            if (ExpectedTrialDuration() is { } expected && expected > left)
                return new OptimizeResult(OptimizeStopReason.NotEnoughTime, run);

            run++;
            if (!RunTrial(trial => objective(trial, linked.Token), linked.Token, () => atDeadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
                return new OptimizeResult(cancellationToken.IsCancellationRequested ? OptimizeStopReason.Cancelled : OptimizeStopReason.Deadline, run);
        }
    }

    /// <summary>
    /// The duration a new trial is expected to take: the <see cref="StudyOptions.TrialDurationQuantile"/> quantile of
    /// the complete trials' durations, or of all finished trials' while none is complete; null before any.
    /// </summary>
    public TimeSpan? ExpectedTrialDuration()
    {
        var finished = Trials.Where(t => t.State.IsFinished() && t.Duration is not null).ToList();
        var complete = finished.Where(t => t.State == TrialState.Complete).ToList();
        var basis = complete.Count > 0 ? complete : finished;
        if (basis.Count == 0) return null;
        double seconds = PercentilePruner.NanPercentile(basis.Select(t => Math.Max(0, t.Duration!.Value.TotalSeconds)), 100 * _durationQuantile);
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Runs one trial; false when the loop must stop (cancelled inside the objective).</summary>
    private bool RunTrial(Func<Trial, double> objective, CancellationToken cancellationToken, Func<bool>? isDeadline = null)
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
            string why = isDeadline?.Invoke() == true ? "Cancelled at the deadline" : "Cancelled";
            if (trial.State == TrialState.Running) Fail(trial, $"{why}: {ex.Message}");
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

/// <summary>Why <see cref="Study.Optimize(Func{Trial, CancellationToken, double}, DateTimeOffset, int?, CancellationToken)"/> stopped.</summary>
public enum OptimizeStopReason
{
    /// <summary>The requested number of trials ran.</summary>
    TrialCount,
    /// <summary>The deadline came (between trials, or during one that gave up on its token).</summary>
    Deadline,
    /// <summary>The time left was shorter than a trial is expected to take.</summary>
    NotEnoughTime,
    /// <summary>The caller's cancellation token was cancelled.</summary>
    Cancelled,
}

/// <summary>The end of an optimisation loop: why it stopped, and how many trials it started.</summary>
public sealed record OptimizeResult(OptimizeStopReason Reason, int TrialsRun);
