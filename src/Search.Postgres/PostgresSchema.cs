using Npgsql;

namespace AutoVision.Search.Postgres;

/// <summary>
/// Creates and upgrades the tables of one part of the program (a component: "search", "batch", …)
/// in a PostgreSQL database. The versions applied are rows of <c>autovision_schema_version (component, version,
/// applied_at)</c>; migration <c>k</c> (1-based) of the list takes the component from version <c>k − 1</c> to
/// <c>k</c>. Everything runs in one transaction under a transaction-level advisory lock, so processes that start
/// together apply each migration once and none sees half a schema; a database newer than this program is refused.
/// </summary>
public static class PostgresSchema
{
    public const string VersionTable = "autovision_schema_version";

    /// <summary>Brings <paramref name="component"/> to the last of <paramref name="migrations"/>; returns the version
    /// it was at before.</summary>
    /// <exception cref="InvalidOperationException">The database holds a later version than this program knows.</exception>
    public static int Migrate(NpgsqlDataSource database, string component, IReadOnlyList<string> migrations)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrEmpty(component);
        ArgumentNullException.ThrowIfNull(migrations);
        using var connection = database.OpenConnection();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext('autovision.schema'))");
        Execute(connection, transaction, $"""
            CREATE TABLE IF NOT EXISTS {VersionTable} (
                component text NOT NULL,
                version integer NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (component, version))
            """);
        int current;
        using (var read = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {VersionTable} WHERE component = @c", connection, transaction))
        {
            read.Parameters.AddWithValue("c", component);
            current = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        if (current > migrations.Count)
            throw new InvalidOperationException($"The database's '{component}' tables are at schema version {current}; this program knows versions up to {migrations.Count}. Use a newer AutoVision with this database.");
        for (int version = current + 1; version <= migrations.Count; version++)
        {
            Execute(connection, transaction, migrations[version - 1]);
            using var record = new NpgsqlCommand($"INSERT INTO {VersionTable} (component, version) VALUES (@c, @v)", connection, transaction);
            record.Parameters.AddWithValue("c", component);
            record.Parameters.AddWithValue("v", version);
            record.ExecuteNonQuery();
        }
        transaction.Commit();
        return current;
    }

    /// <summary>The version of <paramref name="component"/> in the database (0 when none was applied).</summary>
    public static int CurrentVersion(NpgsqlDataSource database, string component)
    {
        using var connection = database.OpenConnection();
        using var command = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {VersionTable} WHERE component = @c", connection);
        command.Parameters.AddWithValue("c", component);
        try
        {
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}
