using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace AutoVision.Search.Postgres;

/// <summary>
/// Keeps the trials of one study in a PostgreSQL database, so that any number of processes on any number of machines
/// optimise one study (Optuna's RDB storage pattern). Each trial is a row of <c>autovision_trials</c> holding the
/// trial in the JSON form of the file stores; the study's row in <c>autovision_studies</c> holds its next trial
/// number, taken with <c>UPDATE … RETURNING</c> (a row lock), so numbers are unique across processes. A waiting
/// trial is claimed with <c>SELECT … FOR UPDATE SKIP LOCKED</c>: two claimers never get the same one, and neither
/// waits for the other. The tables are created and versioned by <see cref="PostgresSchema"/> (component "search").
/// <para>
/// Heartbeats: every running trial this store created or claimed is stamped with the database's clock when taken and every
/// <see cref="PostgresTrialStoreOptions.HeartbeatInterval"/>. Before claiming a waiting trial (so once per
/// <c>Ask</c>), the store reaps: running trials whose last heartbeat is older than the grace period belong to
/// workers that died; each is stored as failed, and a waiting copy with the same parameters is queued for the next
/// claimer (at most <see cref="PostgresTrialStoreOptions.MaxRetries"/> times per original trial), as Optuna's
/// heartbeat and <c>RetryFailedTrialCallback</c> do. The copy's user attributes <c>retriedFrom</c> and
/// <c>retryCount</c> say where it came from.
/// </para>
/// </summary>
public sealed class PostgresTrialStore : ITrialStore, IDisposable
{
    public const string Component = "search";

    /// <summary>The migrations of the "search" tables, in order; never edit one that has shipped, add another.</summary>
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE autovision_studies (
            study_id serial PRIMARY KEY,
            name text NOT NULL UNIQUE,
            next_number integer NOT NULL DEFAULT 0,
            created_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE autovision_trials (
            study_id integer NOT NULL REFERENCES autovision_studies ON DELETE CASCADE,
            number integer NOT NULL,
            state text NOT NULL,
            trial json NOT NULL,
            worker text,
            heartbeat timestamptz,
            PRIMARY KEY (study_id, number));
        CREATE INDEX autovision_trials_waiting ON autovision_trials (study_id, number) WHERE state = 'Waiting';
        CREATE INDEX autovision_trials_running ON autovision_trials (study_id, heartbeat) WHERE state = 'Running';
        """,
    ];

    private readonly NpgsqlDataSource _database;
    private readonly bool _ownsDatabase;
    private readonly PostgresTrialStoreOptions _options;
    private readonly Action<string> _warn;
    private readonly Timer? _heartbeat;
    private int _disposed;

    /// <summary>Opens (creating when missing) the study <paramref name="studyName"/> in the database that
    /// <paramref name="connection"/> names (a postgres:// URI or an Npgsql connection string).</summary>
    public PostgresTrialStore(string connection, string studyName, PostgresTrialStoreOptions? options = null)
        : this(NpgsqlDataSource.Create(PostgresConnection.ToConnectionString(connection)), studyName, options, ownsDatabase: true)
    {
    }

    /// <summary>Opens (creating when missing) the study <paramref name="studyName"/> in <paramref name="database"/>,
    /// which the caller keeps and disposes.</summary>
    public PostgresTrialStore(NpgsqlDataSource database, string studyName, PostgresTrialStoreOptions? options = null)
        : this(database, studyName, options, ownsDatabase: false)
    {
    }

    private PostgresTrialStore(NpgsqlDataSource database, string studyName, PostgresTrialStoreOptions? options, bool ownsDatabase)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrWhiteSpace(studyName);
        _options = options ?? new PostgresTrialStoreOptions();
        _options.Validate();
        _database = database;
        _ownsDatabase = ownsDatabase;
        _warn = _options.Warn ?? (message => Console.Error.WriteLine(message));
        StudyName = studyName;
        WorkerId = _options.WorkerId ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
        PostgresSchema.Migrate(_database, Component, Migrations);
        StudyId = OpenStudy(studyName);
        if (_options.HeartbeatInterval is { } interval) _heartbeat = new Timer(_ => Beat(), null, interval, interval);
    }

    public string StudyName { get; }
    public int StudyId { get; }
    public string WorkerId { get; }

    public FrozenTrial CreateTrial(FrozenTrial template)
    {
        ArgumentNullException.ThrowIfNull(template);
        using var connection = _database.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var created = Insert(connection, transaction, template);
        transaction.Commit();
        return created;
    }

    public void SaveTrial(FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        using var connection = _database.OpenConnection();
        using var transaction = connection.BeginTransaction();
        string? stored;
        using (var read = Command(connection, transaction, "SELECT state FROM autovision_trials WHERE study_id = @s AND number = @n FOR UPDATE"))
        {
            read.Parameters.AddWithValue("n", trial.Number);
            stored = (string?)read.ExecuteScalar();
        }
        if (stored is null)
        {
            throw new KeyNotFoundException($"There is no trial {trial.Number} in study '{StudyName}' (the store holds {Count(connection, transaction)}).");
        }
        if (Enum.Parse<TrialState>(stored).IsFinished())
            throw new InvalidOperationException($"Trial {trial.Number} is {stored}; a finished trial cannot be changed.");
        Update(connection, transaction, trial);
        transaction.Commit();
    }

    public FrozenTrial? ClaimWaitingTrial(DateTimeOffset startTime)
    {
        ReapStaleTrials();
        using var connection = _database.OpenConnection();
        using var transaction = connection.BeginTransaction();
        FrozenTrial? waiting = null;
        using (var read = Command(connection, transaction,
            "SELECT trial::text FROM autovision_trials WHERE study_id = @s AND state = 'Waiting' ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED"))
        {
            if (read.ExecuteScalar() is string json) waiting = Read(json);
        }
        if (waiting is null) return null;
        var running = waiting with { State = TrialState.Running, StartTime = startTime };
        Update(connection, transaction, running, claim: true);
        transaction.Commit();
        return running;
    }

    public IReadOnlyList<FrozenTrial> GetTrials()
    {
        using var connection = _database.OpenConnection();
        using var command = Command(connection, null, "SELECT trial::text FROM autovision_trials WHERE study_id = @s ORDER BY number");
        using var reader = command.ExecuteReader();
        var trials = ImmutableList.CreateBuilder<FrozenTrial>();
        while (reader.Read()) trials.Add(Read(reader.GetString(0)));
        return trials.ToImmutable();
    }

    /// <summary>
    /// Marks failed every running trial of this study whose heartbeat is older than the grace period, and queues a
    /// waiting copy of each (within the retry limit). Returns the numbers of the trials it failed. Safe to call from
    /// any number of processes at once: each stale trial is reaped by one of them.
    /// </summary>
    public IReadOnlyList<int> ReapStaleTrials()
    {
        using var connection = _database.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var stale = new List<(FrozenTrial Trial, string? Worker)>();
        using (var read = Command(connection, transaction,
            "SELECT trial::text, worker FROM autovision_trials WHERE study_id = @s AND state = 'Running' AND heartbeat < now() - @grace ORDER BY number FOR UPDATE SKIP LOCKED"))
        {
            read.Parameters.AddWithValue("grace", _options.Grace);
            using var reader = read.ExecuteReader();
            while (reader.Read()) stale.Add((Read(reader.GetString(0)), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }
        var now = DateTimeOffset.UtcNow;
        foreach (var (trial, worker) in stale)
        {
            Update(connection, transaction, trial with
            {
                State = TrialState.Fail,
                CompleteTime = now,
                FailReason = $"Worker {worker ?? "(unknown)"} stopped sending heartbeats: no sign of life for more than {_options.Grace.TotalSeconds:F0} s.",
            });
            int retries = trial.UserAttributes.TryGetValue("retryCount", out var r) && r is int n ? n : 0;
            if (retries >= _options.MaxRetries) continue;
            var fixedParams = trial.FixedParams.SetItems(trial.Params);
            Insert(connection, transaction, new FrozenTrial
            {
                Number = -1,
                State = TrialState.Waiting,
                FixedParams = fixedParams,
                UserAttributes = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new[]
                {
                    KeyValuePair.Create("retriedFrom", (object?)(trial.UserAttributes.TryGetValue("retriedFrom", out var first) && first is int f ? f : trial.Number)),
                    KeyValuePair.Create("retryCount", (object?)(retries + 1)),
                }),
            });
        }
        transaction.Commit();
        return stale.Select(s => s.Trial.Number).ToArray();
    }

    /// <summary>Stops the heartbeat (its running trials will be reaped by others once the grace period passes).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_heartbeat is not null)
        {
            using var stopped = new ManualResetEvent(false);
            if (_heartbeat.Dispose(stopped)) stopped.WaitOne();
        }
        if (_ownsDatabase) _database.Dispose();
    }

    private void Beat()
    {
        if (Volatile.Read(ref _disposed) != 0) return;
        try
        {
            using var connection = _database.OpenConnection();
            using var command = Command(connection, null,
                "UPDATE autovision_trials SET heartbeat = now() WHERE study_id = @s AND worker = @w AND state = 'Running'");
            command.Parameters.AddWithValue("w", WorkerId);
            command.ExecuteNonQuery();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ObjectDisposedException)
        {
            _warn($"Study '{StudyName}': the heartbeat of worker {WorkerId} could not be written ({ex.Message}); it is tried again in {_options.HeartbeatInterval?.TotalSeconds:F0} s.");
        }
    }

    private int OpenStudy(string name)
    {
        using var connection = _database.OpenConnection();
        using var command = new NpgsqlCommand(
            "INSERT INTO autovision_studies (name) VALUES (@name) ON CONFLICT (name) DO NOTHING; SELECT study_id FROM autovision_studies WHERE name = @name",
            connection);
        command.Parameters.AddWithValue("name", name);
        return (int)command.ExecuteScalar()!;
    }

    private FrozenTrial Insert(NpgsqlConnection connection, NpgsqlTransaction transaction, FrozenTrial template)
    {
        int number;
        using (var next = Command(connection, transaction,
            "UPDATE autovision_studies SET next_number = next_number + 1 WHERE study_id = @s RETURNING next_number - 1"))
        {
            number = (int)next.ExecuteScalar()!;
        }
        var created = template with { Number = number };
        using var insert = Command(connection, transaction,
            "INSERT INTO autovision_trials (study_id, number, state, trial, worker, heartbeat) VALUES (@s, @n, @state, @trial::json, @w, CASE WHEN @state = 'Running' AND @beats THEN now() END)");
        insert.Parameters.AddWithValue("beats", _options.HeartbeatInterval is not null);
        insert.Parameters.AddWithValue("n", number);
        insert.Parameters.AddWithValue("state", created.State.ToString());
        insert.Parameters.AddWithValue("trial", Write(created));
        insert.Parameters.AddWithValue("w", created.State == TrialState.Running ? WorkerId : DBNull.Value);
        insert.ExecuteNonQuery();
        return created;
    }

    private void Update(NpgsqlConnection connection, NpgsqlTransaction transaction, FrozenTrial trial, bool claim = false)
    {
        using var update = Command(connection, transaction, claim
            ? "UPDATE autovision_trials SET state = @state, trial = @trial::json, worker = @w, heartbeat = CASE WHEN @beats THEN now() END WHERE study_id = @s AND number = @n"
            : "UPDATE autovision_trials SET state = @state, trial = @trial::json WHERE study_id = @s AND number = @n");
        update.Parameters.AddWithValue("n", trial.Number);
        update.Parameters.AddWithValue("state", trial.State.ToString());
        update.Parameters.AddWithValue("trial", Write(trial));
        if (claim)
        {
            update.Parameters.AddWithValue("w", WorkerId);
            update.Parameters.AddWithValue("beats", _options.HeartbeatInterval is not null);
        }
        update.ExecuteNonQuery();
    }

    private int Count(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        using var count = Command(connection, transaction, "SELECT count(*) FROM autovision_trials WHERE study_id = @s");
        return Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("s", StudyId);
        return command;
    }

    private static string Write(FrozenTrial trial)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer)) TrialJson.WriteTrial(w, trial);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private FrozenTrial Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return TrialJson.ReadTrial(document.RootElement, "$");
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidDataException($"A trial of study '{StudyName}' in the database cannot be read: {ex.Message}", ex);
        }
    }
}
