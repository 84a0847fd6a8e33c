namespace AutoVision.Runner.Platform;

/// <summary>Finds the <c>dotnet</c> host that starts a framework-dependent runner (<c>dotnet AutoVision.Runner.dll</c>).</summary>
internal static class DotnetHost
{
    public static string Path()
    {
        // The host running this process first (same runtime), then the one the SDK names, then DOTNET_ROOT, then PATH.
        if (Environment.ProcessPath is { } self && IsDotnet(self)) return self;
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root)
        {
            string candidate = System.IO.Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            if (File.Exists(candidate)) return candidate;
        }
        return "dotnet";
    }

    private static bool IsDotnet(string path) =>
        System.IO.Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
}
