using System.Text.Json;

namespace AutoVision.Transfer.Nas;

/// <summary>
/// The search's record next to a learner's checkpoints (<c>nas.json</c>): what the run's output shows about the search,
/// and what a resumed run needs to rebuild the derived architecture before it loads the weights
/// (<see cref="AdaptationSupernet.Build"/>). Written under a temporary name and renamed.
/// </summary>
public static class NasCheckpoint
{
    public const string FileName = "nas.json";

    public static void Save(string folder, NasRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, FileName);
        string temp = path + ".tmp";
        File.WriteAllText(temp, record.ToJson());
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The record in <paramref name="folder"/>, or null when there is none (the search did not run).</summary>
    /// <exception cref="InvalidDataException">The file is not a NAS record; the message names it.</exception>
    public static NasRecord? Load(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            var record = NasRecord.FromJson(File.ReadAllText(path));
            if (record.Chosen?.Blocks is null) throw new JsonException("field 'chosen' is missing or has no 'blocks'");
            return record;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a NAS record ({ex.Message}); expected the JSON that NasRecord.ToJson writes.", ex);
        }
    }
}
