using System.Diagnostics;
using System.Text;
using AutoVision.Runner.Batch;
using AutoVision.Testing.Postgres;
using Npgsql;

namespace AutoVision.Runner.Tests;

/// <summary>Several <c>batch --queue … --worker</c> processes on one PostgreSQL queue, one of them killed mid-run.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DistributedBatchTests(PostgresServer server)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    [Fact]
    [Trait("Category", "Slow")]
    public void Workers_OneKilledMidRun_EveryDatasetFinishedExactlyOnceWithResultsAndCurves_ReportWritesTheBatchFiles()
    {
        string database = server.NewDatabase();
        string queue = PostgresServer.ToUri(database);
        var datasets = TestPaths.NewTempDir();
        string[] names = ["d1", "d2", "d3", "d4"];
        foreach (var name in names) BatchTests.CopyTree(TestPaths.MiniCiao, Path.Combine(datasets, name));
        // The diagnostic learner (no model): 4 predictions, a second of "training" before each.
        string entry = TestEntries.Diagnostic("\"trainSeconds\": 1, \"maxPredictions\": 4");

        var add = RunnerProcess.Run(Patience, "batch", "--queue", queue, "--datasets", datasets, "--entry", entry);
        Assert.True(add.ExitCode == 0, add.Stderr);
        Assert.Contains("4 runs added", add.Stdout);

        string[] Worker(int i) => ["batch", "--queue", queue, "--worker", "--output", Path.Combine(TestPaths.NewTempDir(), $"worker{i}"),
            "--budget", "60", "--heartbeat", "0.5", "--workers", "1"];
        var victim = Start(Worker(0));
        // Wait until the first worker holds a run, then start the others and kill it in the middle of that run.
        string? held = WaitFor(() => HeldBy(database, victim.Process.Id));
        Assert.True(held is not null, $"the first worker never took a run: {victim.Stderr}");
        var others = new[] { Start(Worker(1)), Start(Worker(2)) };
        Thread.Sleep(500);
        Assert.Equal(held, HeldBy(database, victim.Process.Id));   // still in the middle of it
        victim.Process.Kill(entireProcessTree: true);
        victim.Process.WaitForExit();

        foreach (var (process, stderr) in others)
        {
            if (!process.WaitForExit(Patience)) process.Kill(entireProcessTree: true);
            Assert.True(process.HasExited && process.ExitCode == 0, $"a worker ended with {(process.HasExited ? process.ExitCode : "nothing (killed)")}: {stderr}");
        }

        using (var data = NpgsqlDataSource.Create(database))
        using (var command = new NpgsqlCommand("SELECT dataset, state, completions, attempts, result->>'Status', curve IS NOT NULL FROM autovision_batch_runs ORDER BY dataset", data.OpenConnection()))
        using (var reader = command.ExecuteReader())
        {
            var rows = new List<(string Dataset, string State, int Completions, int Attempts, string Status, bool Curve)>();
            while (reader.Read()) rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetString(4), reader.GetBoolean(5)));
            Assert.Equal(names, rows.Select(r => r.Dataset));
            Assert.All(rows, r => Assert.Equal(("done", 1, BatchResult.Ok, true), (r.State, r.Completions, r.Status, r.Curve)));
            // The killed worker's run was handed out twice (it, then a survivor); the others once.
            Assert.Equal(2, rows.Single(r => r.Dataset == held).Attempts);
            Assert.All(rows.Where(r => r.Dataset != held), r => Assert.Equal(1, r.Attempts));
        }

        var output = TestPaths.NewTempDir();
        var report = RunnerProcess.Run(Patience, "batch", "--queue", queue, "--report", "--output", output);
        Assert.True(report.ExitCode == 0, report.Stderr);
        var results = ResultsCsv.Read(Path.Combine(output, ResultsCsv.FileName));
        Assert.Equal(names, results.Select(r => r.Dataset).Order(StringComparer.Ordinal));
        Assert.All(results, r =>
        {
            Assert.Equal("diagnostic", r.Entry);
            Assert.Equal(BatchResult.Ok, r.Status);
            Assert.NotNull(r.Alc);
            Assert.Equal(4, r.Predictions);
        });
        var board = File.ReadAllLines(Path.Combine(output, Leaderboard.CsvName));
        Assert.Equal(2, board.Length);   // header + the one entry
        Assert.StartsWith("diagnostic,", board[1]);
        Assert.Contains("| diagnostic |", File.ReadAllText(Path.Combine(output, Leaderboard.MarkdownName)));
        Assert.True(new FileInfo(Path.Combine(output, Leaderboard.FigureName)).Length > 0);
    }

    /// <summary>The dataset of the run the worker process <paramref name="pid"/> holds, or null.</summary>
    private static string? HeldBy(string database, int pid)
    {
        using var data = NpgsqlDataSource.Create(database);
        using var command = new NpgsqlCommand("SELECT dataset FROM autovision_batch_runs WHERE state = 'running' AND worker LIKE @w", data.OpenConnection());
        command.Parameters.AddWithValue("w", $"%:{pid}:%");
        return command.ExecuteScalar() as string;
    }

    private static string? WaitFor(Func<string?> probe)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < Patience)
        {
            try
            {
                if (probe() is { } found) return found;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                // The tables appear when the first process opens the queue.
            }
            Thread.Sleep(50);
        }
        return null;
    }

    private static (Process Process, StringBuilder Stderr) Start(string[] arguments)
    {
        var info = new ProcessStartInfo(RunnerProcess.Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(TestPaths.RunnerAssembly);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        var stderr = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, stderr);
    }
}
