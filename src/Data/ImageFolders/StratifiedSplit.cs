namespace AutoVision.Data.ImageFolders;

/// <summary>
/// Seeded stratified split of labelled files into train and test.
/// </summary>
/// <remarks>
/// One <see cref="Random"/> seeded with the given seed serves all classes, visited in class-index order. In each
/// class the files (in ordinal path order) are shuffled with Fisher–Yates and the first
/// <c>round(n · fraction)</c> go to test, at least 1 and at most n − 1 when the class has 2 files or more (a class
/// with a single file keeps it in train). Both parts are then put back in ordinal path order. A seeded
/// <see cref="Random"/> produces the same sequence on every platform and .NET version, so the split is reproducible.
/// </remarks>
internal static class StratifiedSplit
{
    /// <summary>Splits <paramref name="filesByClass"/> (index = class) into train and test files per class.</summary>
    public static (string[][] Train, string[][] Test) Split(IReadOnlyList<IReadOnlyList<string>> filesByClass, double testFraction, int seed)
    {
        var random = new Random(seed);
        var train = new string[filesByClass.Count][];
        var test = new string[filesByClass.Count][];
        for (int c = 0; c < filesByClass.Count; c++)
        {
            string[] files = filesByClass[c].Order(StringComparer.Ordinal).ToArray();
            random.Shuffle(files);
            int n = files.Length;
            int nTest = n < 2 ? 0 : Math.Clamp((int)Math.Round(n * testFraction, MidpointRounding.AwayFromZero), 1, n - 1);
            test[c] = files[..nTest].Order(StringComparer.Ordinal).ToArray();
            train[c] = files[nTest..].Order(StringComparer.Ordinal).ToArray();
        }

        return (train, test);
    }
}
