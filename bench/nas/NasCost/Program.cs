// The NAS cost benchmark: milliseconds per image of every option of the default adaptation space, on the
// pretrained ResNet18, at each input side; and of whole networks at the extremes of the space.
//   dotnet run --project bench/nas/NasCost -c Release -- [--sizes 32,64] [--batch 32] [--repeats 15] [--threads N]
// Prints Markdown tables (parts timed interleaved; minimum over the repeats, median in brackets; two warm-up rounds). The CPU load is printed before and
// after: figures taken while other processes use the CPU are slower than the machine is.
using System.Globalization;
using AutoVision.Transfer;
using AutoVision.Transfer.FineTuning;
using AutoVision.Transfer.Nas;
using static TorchSharp.torch;

var sizes = new[] { 32, 64 };
int batch = 32, repeats = 15, threads = 0;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--sizes": sizes = Next().Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray(); break;
        case "--batch": batch = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--repeats": repeats = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--threads": threads = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"Unknown option {args[i]}; expected --sizes, --batch, --repeats, --threads."); return 2;
    }
}

string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
TorchRuntime.EnsureLoaded();
if (threads > 0) set_num_threads(threads);
Console.WriteLine($"load average before: {Load()}; torch threads: {get_num_threads()}; batch {batch}; {repeats} repeats; {Environment.ProcessorCount} logical CPUs");
manual_seed(1);
var backbone = PretrainedResNet18.Load();
backbone.RescaleInput(ResNet18Backbone.FineTuningInputScale);
using var classifier = new ImageClassifier(backbone, 10);
using var supernet = new AdaptationSupernet(classifier);
var space = supernet.Space;

var perSize = sizes.ToDictionary(s => s, s => OperationCosts.Measure(supernet, s, batch, repeats));
Console.WriteLine();
Console.WriteLine("Parts (Keep: the pretrained block, what skip saves; +X: the added module alone). Minimum over the repeats, median in brackets.");
Console.WriteLine();
Console.WriteLine("| decision | part | " + string.Join(" | ", sizes.Select(s => $"{s}px infer ms/img | {s}px train ms/img")) + " |");
Console.WriteLine("|---|---|" + string.Concat(sizes.Select(_ => "---:|---:|")));
var rows = perSize[sizes[0]];
for (int r = 0; r < rows.Count; r++)
    Console.WriteLine($"| {rows[r].Decision} | {rows[r].Option} | " +
        string.Join(" | ", sizes.Select(s => $"{perSize[s][r].InferenceMs:F3} ({perSize[s][r].InferenceMedianMs:F3}) | {perSize[s][r].TrainMs:F3} ({perSize[s][r].TrainMedianMs:F3})")) + " |");

int[] Indices(Func<int, int> pick) => Enumerable.Range(0, space.DecisionCount).Select(pick).ToArray();
int IndexOf(int d, string option) => Math.Max(0, space.OptionNames(d).ToList().IndexOf(option));
var paths = new (string Name, int[] Indices)[]
{
    ("pretrained (all keep, linear)", Indices(_ => 0)),
    ("all skippable blocks skipped", Indices(d => IndexOf(d, "Skip"))),
    ("every block + adapter, MLP head", Indices(d => d < space.Blocks.Count ? IndexOf(d, "Adapter") : IndexOf(d, "Mlp"))),
    ("every block + SE, MLP head", Indices(d => d < space.Blocks.Count ? IndexOf(d, "SqueezeExcite") : IndexOf(d, "Mlp"))),
};
var pathCosts = sizes.ToDictionary(s => s, s => OperationCosts.MeasurePaths(supernet, paths.Select(p => (IReadOnlyList<int>)p.Indices).ToArray(), s, batch, repeats));
Console.WriteLine();
Console.WriteLine("| whole network | " + string.Join(" | ", sizes.Select(s => $"{s}px infer ms/img | {s}px train ms/img")) + " |");
Console.WriteLine("|---|" + string.Concat(sizes.Select(_ => "---:|---:|")));
for (int p = 0; p < paths.Length; p++)
    Console.WriteLine($"| {paths[p].Name} | " + string.Join(" | ", sizes.Select(s => $"{pathCosts[s][p].InferenceMs:F3} ({pathCosts[s][p].InferenceMedianMs:F3}) | {pathCosts[s][p].TrainMs:F3} ({pathCosts[s][p].TrainMedianMs:F3})")) + " |");
Console.WriteLine();
Console.WriteLine($"load average after: {Load()}");
return 0;
