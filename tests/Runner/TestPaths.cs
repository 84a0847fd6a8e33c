namespace AutoVision.Runner.Tests;

internal static class TestPaths
{
    /// <summary>The official miniciao sample (copied into the test output).</summary>
    public static string MiniCiao => Path.Combine(AppContext.BaseDirectory, "TestData", "autodl", "miniciao");

    /// <summary>The bundled Fashion-MNIST sample (copied next to the runner).</summary>
    public static string Sample => Path.Combine(AppContext.BaseDirectory, "samples", "fashion_mnist");

    /// <summary>The shipped default entry, submissions/default (copied into the test output).</summary>
    public static string DefaultEntry => Path.Combine(AppContext.BaseDirectory, "submissions", "default");

    /// <summary>The runner's main assembly, next to the tests (the test project references the runner).</summary>
    public static string RunnerAssembly => Path.Combine(AppContext.BaseDirectory, "AutoVision.Runner.dll");

    public static string NewTempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "autovision-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
