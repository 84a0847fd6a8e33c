namespace AutoVision.Runner.Tests;

internal static class TestPaths
{
    /// <summary>The official miniciao sample (copied into the test output).</summary>
    public static string MiniCiao => Path.Combine(AppContext.BaseDirectory, "TestData", "autodl", "miniciao");

    /// <summary>The bundled Fashion-MNIST sample (copied next to the runner).</summary>
    public static string Sample => Path.Combine(AppContext.BaseDirectory, "samples", "fashion_mnist");

    public static string NewTempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "autovision-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
