using AutoVision.Runner.Cli;
using AutoVision.Runner.Platform;

namespace AutoVision.Runner.Tests;

public class PackageManifestTests
{
    /// <summary>A package folder as pack lays it out, with a stand-in runner (no publish needed).</summary>
    private static string FakePackage()
    {
        var dir = TestPaths.NewTempDir();
        Directory.CreateDirectory(Path.Combine(dir, "runner", "models"));
        Directory.CreateDirectory(Path.Combine(dir, "entry"));
        File.WriteAllText(Path.Combine(dir, "runner", "AutoVision.Runner.dll"), "not really an assembly");
        File.WriteAllText(Path.Combine(dir, "runner", "models", "ResNet18.onnx"), "weights");
        File.Copy(Path.Combine(TestPaths.DefaultEntry, "profile.json"), Path.Combine(dir, "entry", "profile.json"));
        new PackageManifest
        {
            Entry = "default",
            Version = "1.0.0+test",
            Created = "2026-01-01T00:00:00Z",
            Runner = "runner/AutoVision.Runner.dll",
            Profile = "entry/profile.json",
            Files = PackageManifest.HashFiles(dir),
        }.Write(dir);
        return dir;
    }

    [Fact]
    public void Verify_UntouchedPackage_ReturnsTheManifest()
    {
        var dir = FakePackage();
        var manifest = PackageManifest.Verify(dir);
        Assert.Equal("default", manifest.Entry);
        Assert.Equal(new[] { "entry/profile.json", "runner/AutoVision.Runner.dll", "runner/models/ResNet18.onnx" }, manifest.Files.Keys);
        Assert.Equal(PackageManifest.Sha256(Path.Combine(dir, "runner", "models", "ResNet18.onnx")), manifest.Files["runner/models/ResNet18.onnx"]);
        Assert.Equal(64, manifest.Files["entry/profile.json"].Length);
    }

    [Fact]
    public void Verify_ChangedFile_IsRefusedNamingTheFileAndBothChecksums()
    {
        var dir = FakePackage();
        var weights = Path.Combine(dir, "runner", "models", "ResNet18.onnx");
        string expected = PackageManifest.Sha256(weights);
        File.WriteAllText(weights, "other weights");
        var ex = Assert.Throws<InvalidDataException>(() => PackageManifest.Verify(dir));
        Assert.Contains(weights, ex.Message);
        Assert.Contains(expected, ex.Message);
        Assert.Contains(PackageManifest.Sha256(weights), ex.Message);
        Assert.Contains("changed after the package was made", ex.Message);
    }

    [Fact]
    public void Verify_MissingFile_IsRefused()
    {
        var dir = FakePackage();
        File.Delete(Path.Combine(dir, "runner", "models", "ResNet18.onnx"));
        var ex = Assert.Throws<InvalidDataException>(() => PackageManifest.Verify(dir));
        Assert.Contains("ResNet18.onnx is listed", ex.Message);
        Assert.Contains("missing", ex.Message);
    }

    [Fact]
    public void Verify_UnlistedFile_IsRefused()
    {
        var dir = FakePackage();
        File.WriteAllText(Path.Combine(dir, "runner", "extra.dll"), "x");
        var ex = Assert.Throws<InvalidDataException>(() => PackageManifest.Verify(dir));
        Assert.Contains("extra.dll is not listed", ex.Message);
    }

    [Fact]
    public void Verify_OtherFormat_IsRefused()
    {
        var dir = FakePackage();
        var path = Path.Combine(dir, "manifest.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"format\": 1", "\"format\": 9"));
        var ex = Assert.Throws<InvalidDataException>(() => PackageManifest.Verify(dir));
        Assert.Contains("'format': expected 1, found 9", ex.Message);
    }

    [Fact]
    public async Task Platform_PackageWithAChangedFile_ExitsWith2BeforeStartingAnything()
    {
        var dir = FakePackage();
        File.AppendAllText(Path.Combine(dir, "entry", "profile.json"), " ");
        var output = Path.Combine(TestPaths.NewTempDir(), "out");
        int code = await CommandLine.InvokeAsync(new[] { "platform", "--entry", dir, "--dataset", TestPaths.MiniCiao, "--output", output, "--budget", "5" });
        Assert.Equal(PlatformExitCodes.BadInput, code);
        Assert.False(Directory.Exists(output));
        Assert.Throws<InvalidDataException>(() => PlatformEntry.Open(dir));
    }
}
