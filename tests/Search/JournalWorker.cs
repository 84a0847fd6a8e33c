using System.Diagnostics;

namespace AutoVision.Search.Tests;

/// <summary>
/// One of two processes optimising one journal-backed study. The two start together (each announces itself with a
/// file beside the journal and waits for the other's) and then keep in step: before its k-th trial a worker waits
/// until the other has finished k − 1 — which it can only see through the journal. Each trial records its worker and
/// how many of the other worker's finished trials the study (and so TPE) saw when it began.
/// </summary>
internal static class JournalWorker
{
    public const string Verb = "journal-worker";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public static int Run(string journal, string me, string other, int trials)
    {
        var store = new JournalFileTrialStore(journal);
        var study = new Study(new StudyOptions
        {
            Sampler = new TpeSampler(new TpeSamplerOptions { Seed = int.Parse(me, System.Globalization.CultureInfo.InvariantCulture), NStartupTrials = 4 }),
            Pruner = new NopPruner(),
            Store = store,
        });
        File.WriteAllText($"{journal}.ready.{me}", "");
        if (!WaitFor(() => File.Exists($"{journal}.ready.{other}")))
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
            double value = TestStudies.Quadratic(trial);
            study.Tell(trial, value);
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
            Thread.Sleep(2);
        }
        return true;
    }
}
