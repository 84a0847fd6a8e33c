namespace AutoVision.Search.Tests;

/// <summary>A <see cref="LockstepWorker"/> on a journal-backed study (its ready files beside the journal).</summary>
internal static class JournalWorker
{
    public const string Verb = "journal-worker";

    public static int Run(string journal, string me, string other, int trials) =>
        LockstepWorker.Run(new JournalFileTrialStore(journal), $"{journal}.ready.", me, other, trials,
            patience: TimeSpan.FromSeconds(90), poll: TimeSpan.FromMilliseconds(2));
}
