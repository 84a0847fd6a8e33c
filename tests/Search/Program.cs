namespace AutoVision.Search.Tests;

/// <summary>
/// The test assembly's entry point (the test host does not use it): <c>dotnet AutoVision.Search.Tests.dll
/// journal-worker …</c> runs one <see cref="JournalWorker"/>, so that tests can start real worker processes.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 5 && args[0] == JournalWorker.Verb)
            return JournalWorker.Run(args[1], args[2], args[3], int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture));
        Console.Error.WriteLine($"usage: AutoVision.Search.Tests {JournalWorker.Verb} <journal> <worker> <other worker> <trials>");
        return 2;
    }
}
