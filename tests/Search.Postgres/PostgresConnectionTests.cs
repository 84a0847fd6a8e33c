using Npgsql;

namespace AutoVision.Search.Postgres.Tests;

public class PostgresConnectionTests
{
    [Fact]
    public void ToConnectionString_Uri_TakesEveryPart()
    {
        var b = new NpgsqlConnectionStringBuilder(PostgresConnection.ToConnectionString("postgres://av%40team:p%3Ass@db.example:6543/studies?sslmode=require&timeout=7"));
        Assert.Equal("db.example", b.Host);
        Assert.Equal(6543, b.Port);
        Assert.Equal("av@team", b.Username);
        Assert.Equal("p:ss", b.Password);
        Assert.Equal("studies", b.Database);
        Assert.Equal(SslMode.Require, b.SslMode);
        Assert.Equal(7, b.Timeout);
    }

    [Fact]
    public void ToConnectionString_UriWithoutPort_KeepsTheDefaultPort()
    {
        var b = new NpgsqlConnectionStringBuilder(PostgresConnection.ToConnectionString("postgresql://u@localhost/d"));
        Assert.Equal(5432, b.Port);
        Assert.Equal("u", b.Username);
        Assert.Null(b.Password);
    }

    [Fact]
    public void ToConnectionString_KeywordString_PassesThrough()
    {
        var b = new NpgsqlConnectionStringBuilder(PostgresConnection.ToConnectionString("Host=h;Port=1;Username=u;Database=d"));
        Assert.Equal(("h", 1, "u", "d"), (b.Host, b.Port, b.Username, b.Database));
    }

    [Theory]
    [InlineData("")]
    [InlineData("results.csv")]
    [InlineData("postgres://u:secret@h/d?nosuchoption=1")]
    public void ToConnectionString_NotAConnection_SaysWhatIsExpected(string text)
    {
        var ex = Assert.Throws<FormatException>(() => PostgresConnection.ToConnectionString(text));
        Assert.Contains("expected postgres://user:password@host:port/database", ex.Message);
        Assert.DoesNotContain("secret", ex.Message);
    }

    [Theory]
    [InlineData("postgres://u:secret@h:1/d", "postgres://u:***@h:1/d")]
    [InlineData("Host=h;Password=secret;Username=u", "Host=h;Password=***;Username=u")]
    [InlineData("postgres://h/d", "postgres://h/d")]
    public void Redact_HidesThePassword(string text, string expected) => Assert.Equal(expected, PostgresConnection.Redact(text));
}
