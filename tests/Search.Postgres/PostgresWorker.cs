using AutoVision.Search.Tests;

namespace AutoVision.Search.Postgres.Tests;

/// <summary>A <see cref="LockstepWorker"/> on a PostgreSQL-backed study (its ready files in a shared folder).</summary>
internal static class PostgresWorker
{
    public const string Verb = "postgres-worker";

    public static int Run(string connection, string studyName, string folder, string me, string other, int trials)
    {
        using var store = new PostgresTrialStore(connection, studyName);
        return LockstepWorker.Run(store, Path.Combine(folder, "ready."), me, other, trials,
            patience: TimeSpan.FromSeconds(120), poll: TimeSpan.FromMilliseconds(20));
    }
}
