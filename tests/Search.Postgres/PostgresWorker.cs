using System.Diagnostics;
using AutoVision.Search.Tests;

namespace AutoVision.Search.Postgres.Tests;

/// <summary>
/// One of two processes optimising one PostgreSQL-backed study. The two start together (each announces itself with
/// a file in a shared folder and waits for the other's) and then keep in step: before its k-th trial a worker waits
/// until the study shows k − 1 finished trials of the other — which it can only learn from the database. Each trial
/// records its worker, how many of the other's finished trials the study (and so TPE) saw when it began, and how many
/// trials TPE's history held.
/// </summary>
internal static class PostgresWorker
{
    public const string Verb = "postgres-worker";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    public static int Run(string connection, string studyName, string folder, string me, string other, int trials)
    {
        using var store = new PostgresTrialStore(connection, studyName);
        var study = new Study(new StudyOptions
        {
            Sampler = new TpeSampler(new TpeSamplerOptions { Seed = int.Parse(me, System.Globalization.CultureInfo.InvariantCulture), NStartupTrials = 4 }),
            Pruner = new NopPruner(),
            Store = store,
        });
        File.WriteAllText(Path.Combine(folder, "ready." + me), "");
        if (!WaitFor(() => File.Exists(Path.Combine(folder, "ready." + other))))
        {
            Console.Error.WriteLine($"worker {me}: worker {other} never started");
            return 3;
        }
        for (int k = 0; k < trials; k++)
        {
            if (!WaitFor(() => FinishedBy(study, other) >= k - 1))
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

    private static bool WaitFor(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > Patience) return false;
            Thread.Sleep(20);
        }
        return true;
    }
}
