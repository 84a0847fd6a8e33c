using System.Globalization;
using System.Runtime.InteropServices;
using TorchSharp;

namespace AutoVision.Transfer;

/// <summary>
/// Loads TorchSharp's native backend once per process with a clear diagnosis when it cannot be loaded,
/// and turns a device name from configuration into a <see cref="torch.Device"/>.
/// </summary>
/// <remarks>
/// Call <see cref="EnsureLoaded"/> before the first use of <c>torch</c>. TorchSharp's own first-use failure is a
/// <see cref="TypeInitializationException"/> that blames a missing libtorch package, which is misleading when the
/// real cause is the dynamic loader refusing <c>libLibTorchSharp.so</c>; after such a failure it also leaves a
/// ~475 MB copy of libtorch in a <c>cpu/</c> folder next to <c>TorchSharp.dll</c>. This class checks the library
/// with the dynamic loader first, reports the loader's own message, and removes that copy.
/// </remarks>
public static class TorchRuntime
{
    private const string NativeLibraryFileName = "libLibTorchSharp.so";

    private static readonly object Gate = new();
    private static volatile bool _loaded;
    private static string? _failureMessage;

    /// <summary>
    /// Loads the native TorchSharp backend (CPU; CUDA as well when the CUDA libtorch is deployed).
    /// Idempotent and thread-safe. After a failure every later call throws the same diagnosis.
    /// </summary>
    /// <exception cref="InvalidOperationException">The native backend could not be loaded.</exception>
    public static void EnsureLoaded()
    {
        if (_loaded)
        {
            return;
        }

        lock (Gate)
        {
            if (_loaded)
            {
                return;
            }

            if (_failureMessage is not null)
            {
                throw new InvalidOperationException(_failureMessage);
            }

            try
            {
                Load();
                _loaded = true;
            }
            catch (InvalidOperationException ex)
            {
                _failureMessage = ex.Message;
                throw;
            }
        }
    }

    /// <summary>
    /// Loads the backend, then returns <paramref name="value"/>: lets a module constructor load it before its
    /// base constructor (which already calls into libtorch) runs.
    /// </summary>
    internal static T LoadedThen<T>(T value)
    {
        EnsureLoaded();
        return value;
    }

    /// <summary>
    /// Resolves a device name: <c>"auto"</c> (CUDA when <c>torch.cuda.is_available()</c>, otherwise CPU),
    /// <c>"cpu"</c>, <c>"cuda"</c> or <c>"cuda:N"</c>. Case-insensitive; surrounding white space is ignored.
    /// </summary>
    /// <exception cref="ArgumentException">The name is none of the above.</exception>
    /// <exception cref="InvalidOperationException">CUDA was asked for but is not available.</exception>
    public static torch.Device ResolveDevice(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string s = spec.Trim().ToLowerInvariant();
        int index = 0;
        if (s.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!int.TryParse(s["cuda:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out index))
            {
                throw new ArgumentException($"Invalid CUDA device index in '{spec}'. Expected 'cuda:N' with N = 0, 1, ...", nameof(spec));
            }
        }
        else if (s != "auto" && s != "cpu" && s != "cuda")
        {
            throw new ArgumentException(
                $"Unknown device '{spec}'. Expected 'auto', 'cpu', 'cuda' or 'cuda:N'.", nameof(spec));
        }

        EnsureLoaded();

        if (s == "cpu")
        {
            return torch.CPU;
        }

        bool cudaAvailable = torch.cuda.is_available();
        if (s == "auto")
        {
            return cudaAvailable ? new torch.Device(DeviceType.CUDA, 0) : torch.CPU;
        }

        if (!cudaAvailable)
        {
            throw new InvalidOperationException(
                $"Device '{spec}' was requested but CUDA is not available in this process: " +
                "torch.cuda.is_available() is false. Either the loaded libtorch is the CPU-only build (this project deploys " +
                "libtorch-cpu-linux-x64) or no CUDA device and driver are present. Use 'cpu' or 'auto'.");
        }

        int count = torch.cuda.device_count();
        if (index >= count)
        {
            throw new InvalidOperationException(
                $"Device '{spec}' was requested but only {count} CUDA device(s) are visible.");
        }

        return new torch.Device(DeviceType.CUDA, index);
    }

    private static void Load()
    {
        string torchSharpDir = TorchSharpDirectory();

        // 1. Ask the dynamic loader about the output copy of libLibTorchSharp.so directly. Its RUNPATH is $ORIGIN,
        //    so libtorch's libraries next to it resolve. Doing this before TorchSharp tries means a refusal is
        //    reported with the loader's own words, and TorchSharp's fallback never starts copying libtorch.
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            string? libraryPath = FindNativeLibrary(torchSharpDir);
            if (libraryPath is not null)
            {
                try
                {
                    NativeLibrary.Load(libraryPath);
                }
                catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
                {
                    DeleteFallbackCopies(torchSharpDir);
                    throw new InvalidOperationException(Diagnosis(libraryPath, ex.Message), ex);
                }
            }
        }

        // 2. Let TorchSharp initialise itself (this also runs its static constructor).
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            string torchSharpMessage = FirstLine(Innermost(ex).Message);
            string loaderMessage = torchSharpMessage;

            // TorchSharp's fallback copied libtorch and libLibTorchSharp.so into cpu/ and tried that copy too; its
            // own message does not say why the loader refused it, so ask the loader once before deleting the copy.
            string fallbackCopy = Path.Combine(torchSharpDir, "cpu", NativeLibraryFileName);
            if (File.Exists(fallbackCopy))
            {
                try
                {
                    NativeLibrary.Load(fallbackCopy);
                }
                catch (Exception loadError) when (loadError is DllNotFoundException or BadImageFormatException)
                {
                    loaderMessage = $"{loadError.Message} (TorchSharp reported: {torchSharpMessage})";
                }
            }

            DeleteFallbackCopies(torchSharpDir);
            string? libraryPath = FindNativeLibrary(torchSharpDir);
            throw new InvalidOperationException(
                libraryPath is null ? MissingDiagnosis(torchSharpDir, loaderMessage) : Diagnosis(libraryPath, loaderMessage), ex);
        }
    }

    private static string FirstLine(string message)
    {
        string trimmed = message.Trim();
        int end = trimmed.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? trimmed : trimmed[..end].Trim();
    }

    private static string Diagnosis(string libraryPath, string loaderMessage) =>
        $"TorchSharp's native library libLibTorchSharp.so could not be loaded from '{libraryPath}'. " +
        "Likely cause: on Debian 12 (libstdc++ up to GLIBCXX_3.4.30) this library's need for GLIBCXX_3.4.32 " +
        "is refused by the dynamic loader because the build step that marks that version need weak " +
        "(build/LibTorchSharpElfPatch.targets) did not run on this output folder. Rebuild with `dotnet build` " +
        "(or `dotnet publish`) so the step patches this folder's copy. " +
        $"Loader message: {loaderMessage}";

    private static string MissingDiagnosis(string torchSharpDir, string loaderMessage) =>
        $"TorchSharp's native library libLibTorchSharp.so could not be loaded: it is not in the output folder '{torchSharpDir}' " +
        "(nor its runtimes/<rid>/native/ folder), and TorchSharp's fallback copy from the NuGet cache was refused as well. " +
        "Likely cause: the output folder is incomplete, and the NuGet cache's unpatched copy needs GLIBCXX_3.4.32, which " +
        "Debian 12's libstdc++ lacks; the build step that marks that version need weak (build/LibTorchSharpElfPatch.targets) " +
        "only patches the build output. Rebuild with `dotnet build` (or `dotnet publish`). " +
        $"Loader message: {loaderMessage}";

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    private static string TorchSharpDirectory()
    {
        // typeof() does not run torch's static constructor, so this is safe before the backend is loaded.
        string location = typeof(torch).Assembly.Location;
        string? dir = string.IsNullOrEmpty(location) ? null : Path.GetDirectoryName(location);
        return string.IsNullOrEmpty(dir) ? AppContext.BaseDirectory : dir;
    }

    private static string? FindNativeLibrary(string torchSharpDir)
    {
        string rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        string[] candidates =
        [
            Path.Combine(torchSharpDir, "runtimes", rid, "native", NativeLibraryFileName),
            Path.Combine(torchSharpDir, NativeLibraryFileName),
            Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native", NativeLibraryFileName),
            Path.Combine(AppContext.BaseDirectory, NativeLibraryFileName),
        ];
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Removes the folders TorchSharp's fallback loader fills with copies of libtorch from the NuGet cache
    /// (<c>cpu/</c>, and <c>cuda-*</c> for the CUDA variant) next to TorchSharp.dll. Only folders that hold
    /// libtorch's files are removed.
    /// </summary>
    private static void DeleteFallbackCopies(string torchSharpDir)
    {
        if (!Directory.Exists(torchSharpDir))
        {
            return;
        }

        var folders = new List<string> { Path.Combine(torchSharpDir, "cpu") };
        folders.AddRange(Directory.GetDirectories(torchSharpDir, "cuda-*"));
        foreach (string folder in folders)
        {
            try
            {
                if (!Directory.Exists(folder))
                {
                    continue;
                }

                bool holdsLibTorch = Directory.EnumerateFiles(folder).Select(Path.GetFileName).Any(name =>
                    name is not null &&
                    (name.StartsWith("libtorch", StringComparison.Ordinal) ||
                     name.StartsWith("libc10", StringComparison.Ordinal) ||
                     name.StartsWith("libLibTorchSharp", StringComparison.Ordinal) ||
                     name.StartsWith("torch", StringComparison.OrdinalIgnoreCase) ||
                     name.StartsWith("LibTorchSharp", StringComparison.Ordinal)));
                if (holdsLibTorch)
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
            catch (IOException)
            {
                // Best effort: the diagnosis matters more than the clean-up.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
