using AutoVision.Testing.Postgres;

namespace AutoVision.Search.Postgres.Tests;

/// <summary>How the tests' server is found when there is none to find.</summary>
public class PostgresServerTests
{
    [Fact]
    public void NoServerAndNoProgramsAnywhere_FailsSayingHowToInstall()
    {
        string empty = Directory.CreateTempSubdirectory("autovision-nopg-").FullName;
        try
        {
            var ex = Assert.Throws<InvalidOperationException>(() => new PostgresServer(given: null, binVariable: null, versionsRoot: empty, path: empty));
            Assert.Contains("apt-get install postgresql", ex.Message);
            Assert.Contains(PostgresServer.ConnectionVariable, ex.Message);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void BinVariableWithoutThePrograms_IsNamedInTheError()
    {
        string empty = Directory.CreateTempSubdirectory("autovision-nopg-").FullName;
        try
        {
            var ex = Assert.Throws<InvalidOperationException>(() => new PostgresServer(given: null, binVariable: empty, versionsRoot: "/usr/lib/postgresql", path: ""));
            Assert.Contains(PostgresServer.BinVariable, ex.Message);
            Assert.Contains("does not hold initdb and pg_ctl", ex.Message);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
