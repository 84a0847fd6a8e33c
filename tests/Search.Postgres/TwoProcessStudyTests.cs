using System.Diagnostics;
using System.Globalization;
using System.Text;
using AutoVision.Testing.Postgres;
using Npgsql;

namespace AutoVision.Search.Postgres.Tests;

[Collection(PostgresCollection.Name)]
public sealed class TwoProcessStudyTests(PostgresServer server) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("autovision-pgstudy-").FullName;

    [Fact]
    [Trait("Category", "Slow")]
    public void TwoProcesses_OptimizeOneStudy_NoTrialLostOrDuplicatedAndTpeInEachSeesTheOther()
    {
        const int perWorker = 15;
        string database = server.NewDatabase();
        string assembly = typeof(PostgresWorker).Assembly.Location;
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

        var workers = new[] { Start(dotnet, assembly, database, "1", "2", perWorker), Start(dotnet, assembly, database, "2", "1", perWorker) };
        foreach (var (process, stderr) in workers)
        {
            if (!process.WaitForExit(TimeSpan.FromMinutes(5))) process.Kill(entireProcessTree: true);
            Assert.True(process.HasExited && process.ExitCode == 0, $"worker exited with {(process.HasExited ? process.ExitCode : "nothing (killed after 5 minutes)")}: {stderr}");
        }

        using var store = new PostgresTrialStore(database, "shared");
        var trials = store.GetTrials();
        Assert.Equal(Enumerable.Range(0, 2 * perWorker), trials.Select(t => t.Number));
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        using (var data = NpgsqlDataSource.Create(database))
        using (var rows = new NpgsqlCommand("SELECT count(*), count(DISTINCT number) FROM autovision_trials", data.OpenConnection()))
        using (var reader = rows.ExecuteReader())
        {
            Assert.True(reader.Read());
            Assert.Equal((2L * perWorker, 2L * perWorker), (reader.GetInt64(0), reader.GetInt64(1)));
        }
        foreach (string worker in new[] { "1", "2" })
        {
            var own = trials.Where(t => (string?)t.UserAttributes["worker"] == worker).ToList();
            Assert.Equal(perWorker, own.Count);
            // In step through the database: trial k (from 0) starts once k − 1 of the other's are finished, so from
            // the fifth trial on (past TPE's 4 start-up trials) TPE's history held the other worker's trials.
            for (int k = 0; k < perWorker; k++)
                Assert.True((int)own[k].UserAttributes["otherSeen"]! >= k - 1, $"worker {worker}'s trial {k} saw {own[k].UserAttributes["otherSeen"]} of the other's trials");
        }
        Assert.Equal(2 * perWorker, trials.Select(t => ((double)t.Params["x"]!, (double)t.Params["y"]!)).Distinct().Count());
    }

    private (Process Process, StringBuilder Stderr) Start(string dotnet, string assembly, string database, string me, string other, int trials)
    {
        var info = new ProcessStartInfo(dotnet) { RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { assembly, PostgresWorker.Verb, database, "shared", _folder, me, other, trials.ToString(CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(arg);
        var stderr = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.Start();
        process.BeginErrorReadLine();
        return (process, stderr);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
