namespace AutoVision.Data.Tests.Support;

/// <summary>Locations of the sample datasets copied next to the test assembly.</summary>
internal static class TestPaths
{
    public static string AutoDLRoot => Path.Combine(AppContext.BaseDirectory, "TestData", "autodl");

    /// <summary>The image-folder subset of sign-language-digits (train/ and test/ with 10 class folders).</summary>
    public static string SignLanguageMini => Path.Combine(AppContext.BaseDirectory, "TestData", "sign-language-digits-mini");

    public static string Dataset(string name) => Path.Combine(AutoDLRoot, name);

    public static string DataFile(string dataset, string split) =>
        Directory.GetFiles(Path.Combine(Dataset(dataset), dataset + ".data", split), "sample*").Single();
}
