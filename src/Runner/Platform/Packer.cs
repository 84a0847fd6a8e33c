using System.Diagnostics;
using AutoVision.Runner.Profiles;
using Microsoft.Extensions.Logging;

namespace AutoVision.Runner.Platform;

/// <summary>The result of <c>pack</c>.</summary>
public sealed record PackResult(string PackageDir, PackageManifest Manifest, long Bytes);

/// <summary><c>dotnet publish</c> failed; the message carries its last lines.</summary>
public sealed class PublishFailedException(string message) : Exception(message);

/// <summary>
/// Makes a versioned package of an entry: a framework-dependent publish of the runner for linux-x64 (which also
/// applies the libLibTorchSharp.so loader fix to the published copy), the entry's files, and a manifest with the
/// SHA-256 of every file. It runs <c>dotnet publish</c> on the runner project, so it needs the .NET SDK and a
/// checkout of the repository (found above the entry folder or the current folder, or given).
/// </summary>
/// <remarks>Package layout: <c>manifest.json</c>, <c>entry/</c> (the entry folder's files), <c>runner/</c> (the publish output).</remarks>
public sealed class Packer
{
    /// <summary>The runner project, relative to the repository root.</summary>
    public const string RunnerProject = "src/Runner/AutoVision.Runner.csproj";

    public const string RuntimeIdentifier = "linux-x64";

    private readonly ILogger _log;
    private readonly TimeProvider _time;

    public Packer(ILogger<Packer> log, TimeProvider time)
    {
        _log = log;
        _time = time;
    }

    /// <exception cref="DirectoryNotFoundException">The entry folder does not exist.</exception>
    /// <exception cref="InvalidDataException">A bad entry or profile, an output folder that is not empty, no runner project.</exception>
    /// <exception cref="PublishFailedException"><c>dotnet publish</c> failed.</exception>
    public async Task<PackResult> PackAsync(string entryDir, string outputDir, string? project, CancellationToken cancellation)
    {
        string entry = Path.GetFullPath(entryDir);
        string output = Path.GetFullPath(outputDir);
        if (!Directory.Exists(entry)) throw new DirectoryNotFoundException($"{entry}: entry folder not found.");
        if (File.Exists(Path.Combine(entry, PackageManifest.FileName)))
            throw new InvalidDataException($"{entry}: this is already a package (it has {PackageManifest.FileName}); pack an entry folder.");
        string profilePath = Path.Combine(entry, EntryProfile.FileName);
        ProfileReader.Load(profilePath);
        if (IsInside(output, entry))
            throw new InvalidDataException($"{output}: the package folder cannot be inside the entry folder {entry}.");
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
            throw new InvalidDataException($"{output}: the package folder must be new or empty.");
        string projectPath = project is null ? FindRunnerProject(entry) : Path.GetFullPath(project);
        if (!File.Exists(projectPath)) throw new InvalidDataException($"{projectPath}: runner project not found.");

        string runnerDir = Path.Combine(output, PackageManifest.RunnerFolder);
        await PublishAsync(projectPath, runnerDir, cancellation);
        string runner = Path.Combine(runnerDir, "AutoVision.Runner.dll");
        if (!File.Exists(runner)) throw new PublishFailedException($"dotnet publish succeeded but {runner} is missing.");

        string entryCopy = Path.Combine(output, PackageManifest.EntryFolder);
        foreach (string file in Directory.EnumerateFiles(entry, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(entryCopy, Path.GetRelativePath(entry, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var manifest = new PackageManifest
        {
            Entry = new DirectoryInfo(entry).Name,
            Version = FileVersionInfo.GetVersionInfo(runner).ProductVersion ?? "unknown",
            Created = _time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            Runner = $"{PackageManifest.RunnerFolder}/AutoVision.Runner.dll",
            Profile = $"{PackageManifest.EntryFolder}/{EntryProfile.FileName}",
            Files = PackageManifest.HashFiles(output),
        };
        manifest.Write(output);
        long bytes = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        _log.LogInformation(LogEvents.Packed, "Packed entry {Entry} (runner {Version}): {Count} files, {MB:F0} MB in {Dir}",
            manifest.Entry, manifest.Version, manifest.Files.Count, bytes / 1e6, output);
        return new PackResult(output, manifest, bytes);
    }

    /// <summary>The runner project of the repository that holds <paramref name="entryDir"/> or the current folder.</summary>
    public static string FindRunnerProject(string entryDir)
    {
        foreach (string start in new[] { entryDir, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, RunnerProject);
                if (File.Exists(candidate)) return candidate;
            }
        }
        throw new InvalidDataException(
            $"pack builds the runner from source: no {RunnerProject} found above {entryDir} or {Environment.CurrentDirectory}. " +
            "Run it inside a checkout of the repository, or give --project.");
    }

    private async Task PublishAsync(string projectPath, string runnerDir, CancellationToken cancellation)
    {
        string[] arguments =
        [
            "publish", projectPath, "-c", "Release", "-r", RuntimeIdentifier, "--self-contained", "false",
            "-o", runnerDir, "--nologo", "--disable-build-servers", "-nodeReuse:false", "-p:UseSharedCompilation=false",
        ];
        _log.LogInformation(LogEvents.Publishing, "dotnet {Arguments}", string.Join(' ', arguments));
        // A parent dotnet CLI (dotnet run, dotnet test) may have pointed these at its own MSBuild.
        var environment = new Dictionary<string, string?>
        {
            ["MSBUILD_EXE_PATH"] = null,
            ["MSBuildExtensionsPath"] = null,
            ["MSBuildSDKsPath"] = null,
        };
        using var publish = ChildProcess.Start(DotnetHost.Path(), arguments, "[publish] ", environment);
        await publish.Exited.WaitAsync(cancellation);
        publish.WaitForExit();
        if (publish.ExitCode != 0)
        {
            throw new PublishFailedException(
                $"dotnet publish of {projectPath} failed with exit code {publish.ExitCode}:{Environment.NewLine}" +
                string.Join(Environment.NewLine, publish.Tail));
        }
    }

    private static bool IsInside(string path, string folder)
    {
        string relative = Path.GetRelativePath(folder, path);
        return relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
    }
}
