namespace AutoVision.Runner.Tests;

/// <summary>Entry folders made on the fly for platform tests.</summary>
internal static class TestEntries
{
    /// <summary>An entry whose profile runs the diagnostic learner with the given settings (a JSON object body).</summary>
    public static string Diagnostic(string settings, int seed = 7)
    {
        var dir = Path.Combine(TestPaths.NewTempDir(), "diagnostic");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "profile.json"),
            $$"""{ "format": 1, "seed": {{seed}}, "device": "cpu", "diagnostic": { {{settings}} } }""");
        return dir;
    }

    public static string WithProfile(string json)
    {
        var dir = Path.Combine(TestPaths.NewTempDir(), "entry");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "profile.json"), json);
        return dir;
    }
}
