using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AutoVision.Runner.Platform;

/// <summary>
/// The <c>manifest.json</c> of a package made by <c>pack</c>: what it is (entry name, runner version, format) and
/// the SHA-256 of every other file in the package, so that the platform can refuse a package changed after it
/// was made.
/// </summary>
public sealed record PackageManifest
{
    public const string FileName = "manifest.json";

    /// <summary>The only manifest format this version reads.</summary>
    public const int CurrentFormat = 1;

    /// <summary>Where the runner's files are inside a package.</summary>
    public const string RunnerFolder = "runner";

    /// <summary>Where the entry's own files (its profile, its notes) are inside a package.</summary>
    public const string EntryFolder = "entry";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public int Format { get; init; } = CurrentFormat;

    /// <summary>The entry's name (its folder name under <c>submissions/</c>).</summary>
    public required string Entry { get; init; }

    /// <summary>The runner's informational version (version + source revision).</summary>
    public required string Version { get; init; }

    /// <summary>When the package was made (UTC, ISO 8601).</summary>
    public required string Created { get; init; }

    /// <summary>The runner's main assembly, relative to the package folder.</summary>
    public required string Runner { get; init; }

    /// <summary>The entry's profile, relative to the package folder.</summary>
    public required string Profile { get; init; }

    /// <summary>Lower-case hexadecimal SHA-256 of every file but the manifest, by path relative to the package
    /// folder with '/' separators, in ordinal order.</summary>
    public required SortedDictionary<string, string> Files { get; init; }

    /// <summary>Hashes every file under <paramref name="packageDir"/> except the manifest itself.</summary>
    public static SortedDictionary<string, string> HashFiles(string packageDir)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(packageDir, "*", SearchOption.AllDirectories))
        {
            string relative = Relative(packageDir, path);
            if (relative == FileName) continue;
            files[relative] = Sha256(path);
        }
        return files;
    }

    public static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Writes the manifest into <paramref name="packageDir"/> (temporary file, then rename).</summary>
    public void Write(string packageDir)
    {
        string path = Path.Combine(packageDir, FileName);
        string temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Json) + "\n");
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads the manifest of <paramref name="packageDir"/>.</summary>
    /// <exception cref="InvalidDataException">Missing, not JSON, or not this format; the message names the file.</exception>
    public static PackageManifest Read(string packageDir)
    {
        string path = Path.Combine(packageDir, FileName);
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: not found; a package made by 'pack' has one.");
        PackageManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<PackageManifest>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a package manifest ({ex.Message}).", ex);
        }
        if (manifest is null) throw new InvalidDataException($"{path}: not a package manifest (null).");
        if (manifest.Format != CurrentFormat)
            throw new InvalidDataException($"{path}: field 'format': expected {CurrentFormat}, found {manifest.Format}; this package was made by another version of 'pack'.");
        return manifest;
    }

    /// <summary>
    /// Reads the manifest and checks the package against it: every listed file present with its SHA-256, and no
    /// file that the manifest does not list.
    /// </summary>
    /// <exception cref="InvalidDataException">The first difference found, with both checksums.</exception>
    public static PackageManifest Verify(string packageDir)
    {
        string manifestPath = Path.Combine(packageDir, FileName);
        var manifest = Read(packageDir);
        foreach (string required in new[] { manifest.Runner, manifest.Profile })
        {
            if (!manifest.Files.ContainsKey(required))
                throw new InvalidDataException($"{manifestPath}: '{required}' is named by the manifest but not listed among its files.");
        }
        foreach (var (relative, expected) in manifest.Files)
        {
            string path = Path.Combine(packageDir, relative);
            if (!File.Exists(path))
                throw new InvalidDataException($"Package check failed: {path} is listed in {manifestPath} but missing. The package is incomplete; copy it again or run 'pack' again.");
            string actual = Sha256(path);
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException(
                    $"Package check failed: {path} has SHA-256 {actual}, but {manifestPath} says {expected}. " +
                    "The file was changed after the package was made; refusing to run it. Run 'pack' again.");
            }
        }
        foreach (string path in Directory.EnumerateFiles(packageDir, "*", SearchOption.AllDirectories))
        {
            string relative = Relative(packageDir, path);
            if (relative != FileName && !manifest.Files.ContainsKey(relative))
                throw new InvalidDataException($"Package check failed: {path} is not listed in {manifestPath}; a package holds only the files it was made with. Remove it or run 'pack' again.");
        }
        return manifest;
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
