using System.CommandLine;
using AutoVision.Data;
using AutoVision.Data.AutoDL;
using AutoVision.Data.Images;
using AutoVision.Data.Profiling;

namespace AutoVision.Runner.Cli;

/// <summary>
/// The data verbs: <c>inspect DIR [--json]</c> prints a dataset's profile; <c>convert INPUT --output DIR</c> writes
/// any dataset the runner reads (image folders, a CSV manifest, AutoDL) in the AutoDL format, with the
/// <c>.solution</c> when the test labels are known.
/// </summary>
internal static class DataVerbs
{
    public static Command BuildInspect()
    {
        var dataset = new Argument<string>("dataset") { Description = "An AutoDL folder, a folder of class folders (train/ and test/, or one folder), or a CSV manifest" };
        var json = new Option<bool>("--json") { Description = "Print the profile as JSON instead of a table" };
        var maxSide = MaxSideOption();
        var inspect = new Command("inspect", "Read a dataset and print its profile: modality, sizes, channels, value range, classes, labels per example, class counts and imbalance, classes absent from train. Writes nothing.")
            { dataset, json, maxSide };
        inspect.SetAction(parse => Guard(() =>
        {
            var source = DatasetSources.Open(parse.GetValue(dataset)!, Options(parse.GetValue(maxSide), null, null));
            var profile = DatasetProfile.Compute(source);
            Console.Out.WriteLine(parse.GetValue(json) ? profile.ToJson() : profile.ToText());
            return 0;
        }));
        return inspect;
    }

    public static Command BuildConvert()
    {
        var input = new Argument<string>("input") { Description = "An image-folder dataset, a CSV manifest (with a split column), or an AutoDL folder" };
        var output = new Option<string>("--output") { Description = "Folder to write <name>.data/ (and <name>.solution) into", Required = true };
        var name = new Option<string?>("--name") { Description = "Dataset name (default: the input's name)" };
        var maxSide = MaxSideOption();
        var testFraction = new Option<double?>("--test-fraction") { Description = "Share of each class held out as test when the input has no test split (default 0.2)" };
        var seed = new Option<int?>("--seed") { Description = "Seed of that split (default 0)" };
        var convert = new Command("convert", "Write a dataset in the AutoDL format: TFRecords of SequenceExamples with one PNG per frame, metadata.textproto, and <name>.solution when the test labels are known")
            { input, output, name, maxSide, testFraction, seed };
        convert.SetAction(parse => Guard(() =>
        {
            var source = DatasetSources.Open(parse.GetValue(input)!,
                Options(parse.GetValue(maxSide), parse.GetValue(testFraction), parse.GetValue(seed)));
            var taskName = DatasetConversion.TaskName(parse.GetValue(name) ?? source.Name);
            var result = AutoDLWriter.Write(source, parse.GetValue(output)!, taskName);
            Console.Out.WriteLine($"wrote {result.TrainCount} train and {result.TestCount} test examples to {Path.Combine(result.DatasetDir, taskName + ".data")}");
            Console.Out.WriteLine(result.SolutionPath is null ? "no test labels: no .solution written" : $"solution: {result.SolutionPath}");
            if (result.Skipped.Count > 0)
            {
                Console.Out.WriteLine($"skipped {result.Skipped.Count} unreadable training images:");
                foreach (var s in result.Skipped) Console.Out.WriteLine($"  {s.Path}: {s.Reason}");
            }
            return 0;
        }));
        return convert;
    }

    private static Option<int?> MaxSideOption() =>
        new("--max-side") { Description = "Decode images at reduced scale so that their larger side is at most this many pixels" };

    private static ImageSourceOptions Options(int? maxSide, double? testFraction, int? seed)
    {
        var options = ImageSourceOptions.Default with { MaxSide = maxSide };
        if (testFraction is { } f) options = options with { TestFraction = f };
        if (seed is { } s) options = options with { Seed = s };
        options.Validate();
        return options;
    }

    private static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or NotSupportedException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 2;
        }
    }
}
