using System.Globalization;

namespace AutoVision.Search.Postgres.Tests;

/// <summary>
/// The test assembly's entry point (the test host does not use it): <c>dotnet AutoVision.Search.Postgres.Tests.dll
/// postgres-worker …</c> runs one <see cref="PostgresWorker"/>, so that tests can start real worker processes.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 7 && args[0] == PostgresWorker.Verb)
            return PostgresWorker.Run(args[1], args[2], args[3], args[4], args[5], int.Parse(args[6], CultureInfo.InvariantCulture));
        Console.Error.WriteLine($"usage: AutoVision.Search.Postgres.Tests {PostgresWorker.Verb} <connection> <study> <folder> <worker> <other worker> <trials>");
        return 2;
    }
}
