using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace AutoVision.Testing.Postgres;

/// <summary>
/// The PostgreSQL server the database tests use. When <c>AUTOVISION_TEST_POSTGRES</c> holds a connection (a
/// postgres:// URI or an Npgsql connection string, for a role allowed to create databases), that server; otherwise a
/// throwaway server started from the installed PostgreSQL programs (<c>initdb</c>, <c>pg_ctl</c>: Debian's
/// <c>/usr/lib/postgresql/&lt;version&gt;/bin</c>, <c>AUTOVISION_POSTGRES_BIN</c>, or PATH): a data folder in a
/// temporary folder (initialised as the <c>postgres</c> user when the tests run as root, which initdb refuses),
/// listening on a free loopback port with its socket in that folder, stopped and deleted on <see cref="Dispose"/>.
/// With neither, the constructor throws with a message that says how to get one.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    public const string ConnectionVariable = "AUTOVISION_TEST_POSTGRES";
    public const string BinVariable = "AUTOVISION_POSTGRES_BIN";

    private readonly string? _root;
    private readonly string? _bin;
    private readonly bool _asPostgresUser;
    private readonly List<string> _databases = [];
    private int _disposed;

    public PostgresServer()
        : this(Environment.GetEnvironmentVariable(ConnectionVariable), Environment.GetEnvironmentVariable(BinVariable), "/usr/lib/postgresql",
            Environment.GetEnvironmentVariable("PATH") ?? "", installIfMissing: true)
    {
    }

    /// <summary>As the environment would give them: the connection variable, the bin variable, Debian's folder of
    /// versions, PATH.</summary>
    /// <param name="installIfMissing">When no server programs are found and this process may (root, Debian's
    /// apt-get present), install Debian's <c>postgresql</c> package first — the test command then needs nothing but the
    /// .NET SDK on a fresh Debian machine, as the README promises.</param>
    internal PostgresServer(string? given, string? binVariable, string versionsRoot, string path, bool installIfMissing = false)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            AdminConnectionString = AutoVision.Search.Postgres.PostgresConnection.ToConnectionString(given);
            Description = $"the server in {ConnectionVariable}";
            return;
        }
        _bin = FindBin(binVariable, versionsRoot, path)
            ?? (installIfMissing && string.IsNullOrEmpty(binVariable) && TryInstall() ? FindBin(null, versionsRoot, path) : null)
            ?? throw new InvalidOperationException(
            $"No PostgreSQL for the database tests: {ConnectionVariable} is not set and no PostgreSQL server programs (initdb, pg_ctl) " +
            $"were found in /usr/lib/postgresql/<version>/bin, in {BinVariable} or on PATH. Install them (Debian/Ubuntu: " +
            $"apt-get install postgresql; .ci/run does this itself) or set {ConnectionVariable}=postgres://user:password@host:port/database " +
            "for a role that may create databases.");
        _asPostgresUser = Environment.IsPrivilegedProcess && OperatingSystem.IsLinux();
        _root = Directory.CreateTempSubdirectory("autovision-pg-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
        try
        {
            if (_asPostgresUser) Run("chown", ["-R", "postgres:postgres", _root], asPostgres: false);
            string data = Path.Combine(_root, "data");
            Run(Path.Combine(_bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"], asPostgres: _asPostgresUser);
            int port = 0;
            for (int attempt = 1; ; attempt++)
            {
                port = FreePort();
                try
                {
                    Run(Path.Combine(_bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "120", "-o",
                        $"-p {port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                        "start"], asPostgres: _asPostgresUser);
                    break;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                    // The port was taken between choosing and binding it: try another.
                }
            }
            StartWatchdog(data);
            AdminConnectionString = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres" }.ConnectionString;
            Description = $"a throwaway server from {_bin} on port {port}";
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>A connection to the server's maintenance database, as a role that may create databases.</summary>
    public string AdminConnectionString { get; } = "";

    public string Description { get; } = "";

    /// <summary>A new, empty database on the server (dropped on <see cref="Dispose"/>); its connection string.</summary>
    public string NewDatabase()
    {
        string name = "autovision_test_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }
        lock (_databases) _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, MaxPoolSize = 20 }.ConnectionString;
    }

    /// <summary>The same database as a postgres:// URI (for command lines).</summary>
    public static string ToUri(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        string user = b.Username is { Length: > 0 } u ? Uri.EscapeDataString(u) + (b.Password is { Length: > 0 } p ? ":" + Uri.EscapeDataString(p) : "") + "@" : "";
        return $"postgres://{user}{b.Host}:{b.Port}/{b.Database}";
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        NpgsqlConnection.ClearAllPools();
        if (_root is null)
        {
            string[] names;
            lock (_databases) names = [.. _databases];
            foreach (string name in names)
            {
                try
                {
                    using var connection = new NpgsqlConnection(AdminConnectionString);
                    connection.Open();
                    using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
                    command.ExecuteNonQuery();
                }
                catch (NpgsqlException)
                {
                    // Best effort: a database left behind on a shared server is named autovision_test_*.
                }
            }
            return;
        }
        string data = Path.Combine(_root, "data");
        if (_bin is not null && File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            try
            {
                Run(Path.Combine(_bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], asPostgres: _asPostgresUser);
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A shell that stops the server and deletes its folder once this process is gone, however it ended
    /// (a test host killed for a timeout never runs <see cref="Dispose"/>).</summary>
    private void StartWatchdog(string data)
    {
        string stop = $"{(_asPostgresUser ? "runuser -u postgres -- " : "")}'{Path.Combine(_bin!, "pg_ctl")}' -D '{data}' -m immediate -w stop";
        var info = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 2; done; if [ -f '{data}/postmaster.pid' ]; then {stop}; fi >/dev/null 2>&1; rm -rf '{_root}'");
        using var watchdog = Process.Start(info);
    }

    private static string? FindBin(string? given, string versionsRoot, string path)
    {
        static bool Has(string dir) => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));
        if (!string.IsNullOrEmpty(given))
            return Has(given) ? given : throw new InvalidOperationException($"{BinVariable}='{given}' does not hold initdb and pg_ctl.");
        if (Directory.Exists(versionsRoot))
        {
            var versions = Directory.EnumerateDirectories(versionsRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out int v) ? v : -1))
                .Where(d => Has(d.Dir))
                .OrderByDescending(d => d.Version);
            if (versions.FirstOrDefault() is { Dir: not null } best) return best.Dir;
        }
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(Has);
    }

    /// <summary>Installs Debian's PostgreSQL server programs (apt-get update, then apt-get install postgresql) when
    /// this process runs as root on a machine with apt-get; one installation at a time across test processes (a file
    /// lock). True when it ran and succeeded.</summary>
    private static bool TryInstall()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess || !File.Exists("/usr/bin/apt-get")) return false;
        using var gate = WaitForLock(Path.Combine(Path.GetTempPath(), "autovision-postgresql-install.lock"));
        if (FindBin(null, "/usr/lib/postgresql", "") is not null) return true;   // another test process installed it meanwhile
        try
        {
            Run("/usr/bin/apt-get", ["update"], asPostgres: false);
            Run("/usr/bin/env", ["DEBIAN_FRONTEND=noninteractive", "/usr/bin/apt-get", "install", "-y", "postgresql"], asPostgres: false);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static FileStream WaitForLock(string path)
    {
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); ; Thread.Sleep(500))
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(10))
            {
                // another test process is installing
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string program, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var info = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (string a in (string[])["-u", "postgres", "--", program]) info.ArgumentList.Add(a);
        }
        foreach (string a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"'{program}' could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"'{program} {string.Join(' ', arguments)}' did not finish in 3 minutes.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"'{program} {string.Join(' ', arguments)}' failed (exit code {process.ExitCode}): {stderr.Result}{stdout.Result}");
    }
}

/// <summary>One <see cref="PostgresServer"/> for every test class of the collection.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL server";
}
