using Npgsql;

namespace AutoVision.Search.Postgres;

/// <summary>Reads the ways a PostgreSQL database is named on the command line and in settings.</summary>
public static class PostgresConnection
{
    /// <summary>
    /// A connection string for Npgsql from either a URI (<c>postgres://user:password@host:port/database?sslmode=require</c>,
    /// also <c>postgresql://</c>; percent-encoded user and password; query parameters are Npgsql keywords, e.g.
    /// <c>host=/run/postgresql</c> for a Unix socket folder) or an Npgsql keyword string (<c>Host=…;Username=…</c>).
    /// </summary>
    /// <exception cref="FormatException">Neither form, or a parameter Npgsql does not know; the message says what was expected.</exception>
    public static string ToConnectionString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string Expected = "expected postgres://user:password@host:port/database (or postgresql://…) or an Npgsql connection string such as Host=…;Port=…;Username=…;Database=…";
        text = text.Trim();
        if (text.Length == 0) throw new FormatException($"The database connection is empty: {Expected}.");
        bool isUri = text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);
        try
        {
            if (!isUri)
            {
                if (!text.Contains('=', StringComparison.Ordinal)) throw new FormatException($"'{text}' is not a database connection: {Expected}.");
                return new NpgsqlConnectionStringBuilder(text).ConnectionString;
            }
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)) throw new FormatException($"'{Redact(text)}' is not a valid URI: {Expected}.");
            var builder = new NpgsqlConnectionStringBuilder();
            if (!string.IsNullOrEmpty(uri.Host)) builder.Host = uri.Host.Trim('[', ']');
            if (uri.Port > 0) builder.Port = uri.Port;
            if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                string[] parts = uri.UserInfo.Split(':', 2);
                builder.Username = Uri.UnescapeDataString(parts[0]);
                if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
            }
            string database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
            if (database.Length > 0) builder.Database = database;
            foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] kv = pair.Split('=', 2);
                string key = Uri.UnescapeDataString(kv[0]);
                string value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1].Replace('+', ' ')) : "";
                builder[key] = value;
            }
            if (string.IsNullOrEmpty(builder.Host)) throw new FormatException($"'{Redact(text)}' names no host: {Expected}.");
            return builder.ConnectionString;
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"'{Redact(text)}' is not a database connection ({ex.Message}): {Expected}.", ex);
        }
    }

    /// <summary>True when <paramref name="text"/> names a PostgreSQL database (a postgres:// URI or a keyword string).</summary>
    public static bool LooksLikeDatabase(string text) =>
        text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || text.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    /// <summary>The text with any password replaced by ***, for messages and logs.</summary>
    public static string Redact(string text)
    {
        int scheme = text.IndexOf("://", StringComparison.Ordinal);
        int at = text.IndexOf('@', StringComparison.Ordinal);
        if (scheme >= 0 && at > scheme)
        {
            int colon = text.IndexOf(':', scheme + 3);
            if (colon > 0 && colon < at) return string.Concat(text.AsSpan(0, colon + 1), "***", text.AsSpan(at));
            return text;
        }
        return System.Text.RegularExpressions.Regex.Replace(text, "(?i)(password|pwd)\\s*=\\s*[^;]*", "$1=***");
    }
}
