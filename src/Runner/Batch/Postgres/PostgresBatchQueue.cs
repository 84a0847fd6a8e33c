using System.Text.Json;
using System.Text.Json.Serialization;
using AutoVision.Scoring;
using AutoVision.Search.Postgres;
using Npgsql;

namespace AutoVision.Runner.Batch.Postgres;

/// <summary>How a <see cref="PostgresBatchQueue"/> keeps its runs alive and finds dead workers' runs.</summary>
public sealed record PostgresBatchQueueOptions
{
    /// <summary>How often a worker stamps the runs it holds (default 30 s).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A run whose last stamp is older than this belongs to a dead worker and is handed out again
    /// (default 4 × the interval).</summary>
    public TimeSpan? Grace { get; init; }

    /// <summary>How many times a run is handed out before a worker's death on it counts as its failure (default 3).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>How long <see cref="PostgresBatchQueue.Take"/> waits between looks while nothing waits but others'
    /// runs are still going (default 2 s).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Names this worker in the database (<c>host:pid:random</c> by default).</summary>
    public string? WorkerId { get; init; }

    public TimeSpan EffectiveGrace => Grace ?? HeartbeatInterval * 4;

    internal void Validate()
    {
        if (HeartbeatInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(HeartbeatInterval), HeartbeatInterval, "The heartbeat interval must be positive.");
        if (EffectiveGrace <= HeartbeatInterval) throw new ArgumentOutOfRangeException(nameof(Grace), EffectiveGrace, $"The grace period must be longer than the heartbeat interval ({HeartbeatInterval}).");
        if (MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "MaxAttempts must be 1 or more.");
        if (PollInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "The poll interval must be positive.");
    }
}

/// <summary>
/// The batch's work list in a PostgreSQL database, shared by any number of workers on any number of machines. Each
/// run (entry × dataset) of a named queue is a row of <c>autovision_batch_runs</c>: waiting, running (with the
/// worker holding it and its heartbeat) or done (with its result row and its learning curve). <see cref="Take"/>
/// claims the next waiting run with <c>FOR UPDATE SKIP LOCKED</c> — or a running one whose heartbeat is older than the
/// grace period (its worker died; after <see cref="PostgresBatchQueueOptions.MaxAttempts"/> such deaths the run is
/// recorded as failed instead). A worker records a result only for a run it still holds, so a worker taken for dead
/// that comes back cannot record a run twice. Tables are created and versioned by <see cref="PostgresSchema"/>
/// (component "batch").
/// </summary>
public sealed class PostgresBatchQueue : IBatchQueue, IDisposable
{
    public const string Component = "batch";

    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE autovision_batch_runs (
            queue text NOT NULL,
            entry text NOT NULL,
            entry_path text,
            dataset text NOT NULL,
            dataset_dir text NOT NULL,
            state text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'running', 'done')),
            attempts integer NOT NULL DEFAULT 0,
            completions integer NOT NULL DEFAULT 0,
            worker text,
            heartbeat timestamptz,
            enqueued_at timestamptz NOT NULL DEFAULT now(),
            finished_at timestamptz,
            result json,
            curve json,
            PRIMARY KEY (queue, entry, dataset));
        CREATE INDEX autovision_batch_runs_open ON autovision_batch_runs (queue, state) WHERE state <> 'done';
        """,
    ];

    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private readonly NpgsqlDataSource _database;
    private readonly PostgresBatchQueueOptions _options;
    private readonly Timer _heartbeat;
    private readonly CancellationToken _stopping;
    private int _disposed;

    /// <param name="connection">A postgres:// URI or an Npgsql connection string.</param>
    /// <param name="queue">The queue's name: several batches can share one database.</param>
    /// <param name="options">Heartbeat and retry settings.</param>
    /// <param name="stopping">Ends <see cref="Take"/>'s waiting for others' runs (it then returns null).</param>
    public PostgresBatchQueue(string connection, string queue, PostgresBatchQueueOptions? options = null, CancellationToken stopping = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        _options = options ?? new PostgresBatchQueueOptions();
        _options.Validate();
        _database = NpgsqlDataSource.Create(PostgresConnection.ToConnectionString(connection));
        _stopping = stopping;
        Queue = queue;
        WorkerId = _options.WorkerId ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
        try
        {
            PostgresSchema.Migrate(_database, Component, Migrations);
        }
        catch
        {
            _database.Dispose();
            throw;
        }
        _heartbeat = new Timer(_ => Beat(), null, _options.HeartbeatInterval, _options.HeartbeatInterval);
    }

    public string Queue { get; }
    public string WorkerId { get; }

    /// <summary>Adds every entry × dataset not yet in the queue as waiting; returns how many were added. Runs already
    /// there (waiting, running or done) are left as they are, so every worker may enqueue the same list.</summary>
    public int Enqueue(IEnumerable<BatchItem> items)
    {
        using var connection = _database.OpenConnection();
        using var transaction = connection.BeginTransaction();
        int added = 0;
        foreach (var item in items)
        {
            using var insert = new NpgsqlCommand(
                "INSERT INTO autovision_batch_runs (queue, entry, entry_path, dataset, dataset_dir) VALUES (@q, @e, @ep, @d, @dd) ON CONFLICT DO NOTHING",
                connection, transaction);
            insert.Parameters.AddWithValue("q", Queue);
            insert.Parameters.AddWithValue("e", item.Entry);
            insert.Parameters.AddWithValue("ep", (object?)item.EntryPath ?? DBNull.Value);
            insert.Parameters.AddWithValue("d", item.Dataset);
            insert.Parameters.AddWithValue("dd", item.DatasetDir);
            added += insert.ExecuteNonQuery();
        }
        transaction.Commit();
        return added;
    }

    /// <summary>
    /// The next run for this worker: a waiting one, or one whose worker died. While none is free but others' runs
    /// are still going (one of them may yet be abandoned), waits and looks again; null once every run is done (or
    /// when stopping).
    /// </summary>
    public BatchItem? Take()
    {
        while (true)
        {
            FailExhausted();
            if (TryTake() is { } item) return item;
            if (OpenCount() == 0 || _stopping.IsCancellationRequested) return null;
            try
            {
                Task.Delay(_options.PollInterval, _stopping).Wait(_stopping);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
    }

    /// <summary>Records a result without a learning curve.</summary>
    /// <exception cref="InvalidOperationException">The run is not this worker's (any more): see <see cref="TryComplete"/>.</exception>
    public void Complete(BatchResult result)
    {
        if (!TryComplete(result, null))
            throw new InvalidOperationException($"{result.Entry} on {result.Dataset} is not held by worker {WorkerId} in queue '{Queue}' (its heartbeat expired and another worker took it over, or it was never taken): the result is not recorded.");
    }

    /// <summary>Records the result (and the learning curve, when scored) of a run this worker holds. False — and
    /// nothing recorded — when the run is no longer this worker's (its heartbeat expired and another took it over).</summary>
    public bool TryComplete(BatchResult result, ScoreReport? curve)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var connection = _database.OpenConnection();
        using var update = new NpgsqlCommand("""
            UPDATE autovision_batch_runs SET state = 'done', completions = completions + 1, finished_at = now(), result = @r::json, curve = @c::json, heartbeat = NULL
            WHERE queue = @q AND entry = @e AND dataset = @d AND state = 'running' AND worker = @w
            """, connection);
        update.Parameters.AddWithValue("q", Queue);
        update.Parameters.AddWithValue("e", result.Entry);
        update.Parameters.AddWithValue("d", result.Dataset);
        update.Parameters.AddWithValue("w", WorkerId);
        update.Parameters.AddWithValue("r", JsonSerializer.Serialize(result, Json));
        update.Parameters.AddWithValue("c", curve is null ? DBNull.Value : JsonSerializer.Serialize(curve, Json));
        return update.ExecuteNonQuery() == 1;
    }

    /// <summary>Gives back a run this worker holds but did not finish (it was interrupted), for another to take.</summary>
    public void Release(BatchItem item)
    {
        using var connection = _database.OpenConnection();
        using var update = new NpgsqlCommand(
            "UPDATE autovision_batch_runs SET state = 'waiting', worker = NULL, heartbeat = NULL WHERE queue = @q AND entry = @e AND dataset = @d AND state = 'running' AND worker = @w",
            connection);
        update.Parameters.AddWithValue("q", Queue);
        update.Parameters.AddWithValue("e", item.Entry);
        update.Parameters.AddWithValue("d", item.Dataset);
        update.Parameters.AddWithValue("w", WorkerId);
        update.ExecuteNonQuery();
    }

    public IReadOnlyList<BatchResult> Results() => Done().Select(d => d.Result).ToArray();

    /// <summary>Every finished run: its result and, when it was scored, its learning curve; in the order they finished.</summary>
    public IReadOnlyList<(BatchResult Result, ScoreReport? Curve, string DatasetDir)> Done()
    {
        using var connection = _database.OpenConnection();
        using var read = new NpgsqlCommand(
            "SELECT result::text, curve::text, dataset_dir FROM autovision_batch_runs WHERE queue = @q AND state = 'done' ORDER BY finished_at, entry, dataset",
            connection);
        read.Parameters.AddWithValue("q", Queue);
        using var reader = read.ExecuteReader();
        var done = new List<(BatchResult, ScoreReport?, string)>();
        while (reader.Read())
        {
            try
            {
                var result = JsonSerializer.Deserialize<BatchResult>(reader.GetString(0), Json) ?? throw new JsonException("null result");
                var curve = reader.IsDBNull(1) ? null : JsonSerializer.Deserialize<ScoreReport>(reader.GetString(1), Json);
                done.Add((result, curve, reader.GetString(2)));
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"A result of batch queue '{Queue}' in the database cannot be read: {ex.Message}", ex);
            }
        }
        return done;
    }

    /// <summary>How many runs of the queue are not done (waiting or running).</summary>
    public int OpenCount()
    {
        using var connection = _database.OpenConnection();
        using var count = new NpgsqlCommand("SELECT count(*) FROM autovision_batch_runs WHERE queue = @q AND state <> 'done'", connection);
        count.Parameters.AddWithValue("q", Queue);
        return Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        using (var stopped = new ManualResetEvent(false))
        {
            if (_heartbeat.Dispose(stopped)) stopped.WaitOne();
        }
        _database.Dispose();
    }

    private BatchItem? TryTake()
    {
        using var connection = _database.OpenConnection();
        using var take = new NpgsqlCommand("""
            WITH next AS MATERIALIZED (
                SELECT entry, dataset FROM autovision_batch_runs
                WHERE queue = @q AND (state = 'waiting' OR (state = 'running' AND heartbeat < now() - @grace AND attempts < @max))
                ORDER BY state DESC, enqueued_at, entry, dataset
                LIMIT 1 FOR UPDATE SKIP LOCKED)
            UPDATE autovision_batch_runs r SET state = 'running', worker = @w, heartbeat = now(), attempts = r.attempts + 1
            FROM next
            WHERE r.queue = @q AND r.entry = next.entry AND r.dataset = next.dataset
            RETURNING r.entry, r.entry_path, r.dataset, r.dataset_dir
            """, connection);
        take.Parameters.AddWithValue("q", Queue);
        take.Parameters.AddWithValue("w", WorkerId);
        take.Parameters.AddWithValue("grace", _options.EffectiveGrace);
        take.Parameters.AddWithValue("max", _options.MaxAttempts);
        using var reader = take.ExecuteReader();
        if (!reader.Read()) return null;
        var item = new BatchItem(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.GetString(3));
        // The CTE is evaluated once (MATERIALIZED, LIMIT 1), so one row is claimed; an UPDATE … FROM (subquery) could
        // be planned as a join that rescans the subquery and claims several.
        if (reader.Read()) throw new InvalidOperationException($"Queue '{Queue}': one claim took more than one run; the claim statement is wrong.");
        return item;
    }

    /// <summary>Records as failed the abandoned runs that have used up their attempts.</summary>
    private void FailExhausted()
    {
        using var connection = _database.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var exhausted = new List<(string Entry, string Dataset, int Attempts, string? Worker)>();
        using (var read = new NpgsqlCommand("""
            SELECT entry, dataset, attempts, worker FROM autovision_batch_runs
            WHERE queue = @q AND state = 'running' AND heartbeat < now() - @grace AND attempts >= @max FOR UPDATE SKIP LOCKED
            """, connection, transaction))
        {
            read.Parameters.AddWithValue("q", Queue);
            read.Parameters.AddWithValue("grace", _options.EffectiveGrace);
            read.Parameters.AddWithValue("max", _options.MaxAttempts);
            using var reader = read.ExecuteReader();
            while (reader.Read()) exhausted.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }
        foreach (var (entry, dataset, attempts, worker) in exhausted)
        {
            var result = new BatchResult(entry, dataset, BatchResult.Failed, null, null, null, 0, null, 0, 0, "",
                $"its worker died {attempts} times (last {worker ?? "unknown"}): no heartbeat for {_options.EffectiveGrace.TotalSeconds:F0} s", DateTimeOffset.UtcNow);
            using var update = new NpgsqlCommand(
                "UPDATE autovision_batch_runs SET state = 'done', completions = completions + 1, finished_at = now(), result = @r::json, heartbeat = NULL WHERE queue = @q AND entry = @e AND dataset = @d",
                connection, transaction);
            update.Parameters.AddWithValue("q", Queue);
            update.Parameters.AddWithValue("e", entry);
            update.Parameters.AddWithValue("d", dataset);
            update.Parameters.AddWithValue("r", JsonSerializer.Serialize(result, Json));
            update.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private void Beat()
    {
        if (Volatile.Read(ref _disposed) != 0) return;
        try
        {
            using var connection = _database.OpenConnection();
            using var beat = new NpgsqlCommand("UPDATE autovision_batch_runs SET heartbeat = now() WHERE queue = @q AND worker = @w AND state = 'running'", connection);
            beat.Parameters.AddWithValue("q", Queue);
            beat.Parameters.AddWithValue("w", WorkerId);
            beat.ExecuteNonQuery();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ObjectDisposedException)
        {
            Console.Error.WriteLine($"warning: batch queue '{Queue}': the heartbeat of worker {WorkerId} could not be written ({ex.Message}); tried again in {_options.HeartbeatInterval.TotalSeconds:F0} s.");
        }
    }
}
