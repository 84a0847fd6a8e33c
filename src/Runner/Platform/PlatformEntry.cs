using System.Reflection;
using AutoVision.Runner.Profiles;

namespace AutoVision.Runner.Platform;

/// <summary>
/// What <c>platform --entry</c> runs: either an entry folder (a <c>profile.json</c>, run with the current build)
/// or a package made by <c>pack</c> (checked against its manifest, then run with its own runner).
/// </summary>
/// <param name="Name">The entry's name.</param>
/// <param name="Path">The folder given.</param>
/// <param name="ProfilePath">The profile the ingestion reads.</param>
/// <param name="Profile">That profile, already checked.</param>
/// <param name="RunnerAssembly">The runner's main assembly the ingestion is started from.</param>
/// <param name="Version">The runner's version.</param>
/// <param name="Package">The manifest, for a package; null for an entry folder.</param>
public sealed record PlatformEntry(
    string Name,
    string Path,
    string ProfilePath,
    EntryProfile Profile,
    string RunnerAssembly,
    string Version,
    PackageManifest? Package)
{
    /// <summary>The main assembly of the running program.</summary>
    public static string CurrentRunnerAssembly
    {
        get
        {
            string location = typeof(PlatformEntry).Assembly.Location;
            return location.Length > 0 ? location : System.IO.Path.Combine(AppContext.BaseDirectory, "AutoVision.Runner.dll");
        }
    }

    /// <summary>The running program's informational version (version + source revision).</summary>
    public static string CurrentVersion =>
        typeof(PlatformEntry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Opens an entry folder or a package folder; a package's checksums are verified first.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">Neither kind of folder, a checksum mismatch, or a bad profile.</exception>
    public static PlatformEntry Open(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"{full}: entry folder not found.");
        if (File.Exists(System.IO.Path.Combine(full, PackageManifest.FileName)))
        {
            var manifest = PackageManifest.Verify(full);
            string profilePath = System.IO.Path.Combine(full, manifest.Profile);
            return new PlatformEntry(manifest.Entry, full, profilePath, ProfileReader.Load(profilePath),
                System.IO.Path.Combine(full, manifest.Runner), manifest.Version, manifest);
        }
        string profile = System.IO.Path.Combine(full, EntryProfile.FileName);
        if (File.Exists(profile))
        {
            return new PlatformEntry(new DirectoryInfo(full).Name, full, profile, ProfileReader.Load(profile),
                CurrentRunnerAssembly, CurrentVersion, null);
        }
        throw new InvalidDataException(
            $"{full}: neither an entry folder (with {EntryProfile.FileName}) nor a package made by 'pack' (with {PackageManifest.FileName}).");
    }

    /// <summary>One line for the summary.</summary>
    public string Describe() => Package is { } p
        ? $"entry: {Name}   package {Path} (runner {Version}; SHA-256 of {p.Files.Count} files verified)"
        : $"entry: {Name}   folder {Path} (current build, runner {Version})";
}
