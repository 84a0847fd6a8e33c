using System.Diagnostics;

namespace AutoVision.Search.Tests;

/// <summary>
/// One of two processes optimising one shared study (a journal file, a PostgreSQL database): the two start together
/// (each announces itself with a ready file and waits for the other's) and then keep in step: before its k-th trial a
/// worker waits until the study shows k − 1 finished trials of the other — which it can only learn through the shared
/// store. Each trial records its worker and how many of the other worker's finished trials the study (and so TPE) saw
/// when it began.
/// </summary>
internal static class LockstepWorker
{
    /// <param name="store">The shared store.</param>
    /// <param name="readyPrefix">Path prefix of the ready files (the worker's name is appended).</param>
    /// <param name="patience">How long to wait for the other worker at any one point.</param>
    /// <param name="poll">How often to look again while waiting.</param>
    /// <returns>0, or 3 (the other never started) or 4 (the other fell behind), with the reason on stderr.</returns>
    public static int Run(ITrialStore store, string readyPrefix, string me, string other, int trials, TimeSpan patience, TimeSpan poll)
    {
        var study = new Study(new StudyOptions
        {
            Sampler = new TpeSampler(new TpeSamplerOptions { Seed = int.Parse(me, System.Globalization.CultureInfo.InvariantCulture), NStartupTrials = 4 }),
            Pruner = new NopPruner(),
            Store = store,
        });
        File.WriteAllText(readyPrefix + me, "");
        if (!WaitFor(() => File.Exists(readyPrefix + other), patience, poll))
        {
            Console.Error.WriteLine($"worker {me}: worker {other} never started");
            return 3;
        }

        for (int k = 0; k < trials; k++)
        {
            if (!WaitFor(() => FinishedBy(study, other) >= k - 1, patience, poll))
            {
                Console.Error.WriteLine($"worker {me}: worker {other} never finished {k - 1} trials");
                return 4;
            }
            var trial = study.Ask();
            trial.SetUserAttribute("worker", me);
            trial.SetUserAttribute("otherSeen", FinishedBy(study, other));
            study.Tell(trial, TestStudies.Quadratic(trial));
        }
        return 0;
    }

    public static int FinishedBy(Study study, string worker) =>
        study.Trials.Count(t => t.State.IsFinished() && t.UserAttributes.TryGetValue("worker", out var w) && (string?)w == worker);

    private static bool WaitFor(Func<bool> condition, TimeSpan patience, TimeSpan poll)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > patience) return false;
            Thread.Sleep(poll);
        }
        return true;
    }
}
