using System.Diagnostics;
using System.Globalization;
using AutoVision.Search;
using AutoVision.SearchBench;

// AutoVision side of the search benchmark: for each function, sampler and seed, one study of N trials; writes one CSV
// row per run with the best value after 25, 50 and 100 trials (the checkpoints asked for) and the time per trial of
// the whole ask–sample–tell loop (the objectives take microseconds, so this is the sampler's and study's overhead).
//   dotnet AutoVision.SearchBench.dll --seeds 0-9 --trials 100 --out results.csv [--functions a,b] [--samplers a,b]

var options = ParseArgs(args);
var samplers = new Dictionary<string, Func<int, ISampler>>
{
    ["autovision-tpe"] = seed => new TpeSampler(seed),   // the defaults
    ["autovision-tpe-optuna31"] = seed => new TpeSampler(TpeSamplerOptions.Optuna31 with { Seed = seed }),
    ["autovision-tpe-optuna31-multivariate"] = seed => new TpeSampler(TpeSamplerOptions.Optuna31 with { Seed = seed, Multivariate = true }),
    ["autovision-random"] = seed => new RandomSampler(seed),
};
foreach (var (name, spec) in options.Variants)   // --variant NAME=key=value;key=value (for tuning runs)
{
    samplers["autovision-tpe-" + name] = seed => new TpeSampler(TpeVariant.Parse(spec) with { Seed = seed });
    options.Samplers?.Add("autovision-tpe-" + name);   // a variant asked for is always run
}
int[] checkpoints = [25, 50, 100];

// One unreported run first so that JIT compilation does not count as sampler overhead.
RunOnce(samplers["autovision-tpe"](12345), Functions.Mixed, 30);

using var output = new StreamWriter(options.Out);
output.WriteLine("implementation,sampler,function,seed,trials," + string.Join(",", checkpoints.Select(c => $"best_at_{c}")) + ",ms_per_trial");
foreach (var (function, objective) in Functions.All.Where(f => options.Functions is null || options.Functions.Contains(f.Key)))
    foreach (var (samplerName, make) in samplers.Where(s => options.Samplers is null || options.Samplers.Contains(s.Key)))
        foreach (int seed in options.Seeds)
        {
            var (bestAt, msPerTrial) = RunOnce(make(seed), objective, options.Trials);
            string Cell(int c) => c <= bestAt.Length ? bestAt[c - 1].ToString("R", CultureInfo.InvariantCulture) : "";
            output.WriteLine(string.Join(",", "autovision", samplerName, function, seed.ToString(CultureInfo.InvariantCulture),
                options.Trials.ToString(CultureInfo.InvariantCulture), string.Join(",", checkpoints.Select(Cell)),
                msPerTrial.ToString("F4", CultureInfo.InvariantCulture)));
            output.Flush();
            Console.Error.Write('.');
        }
Console.Error.WriteLine();
return 0;

static (double[] BestAt, double MsPerTrial) RunOnce(ISampler sampler, Func<Trial, double> objective, int trials)
{
    var study = new Study(new StudyOptions { Sampler = sampler, Pruner = new NopPruner() });
    var clock = Stopwatch.StartNew();
    study.Optimize(objective, nTrials: trials);
    double ms = clock.Elapsed.TotalMilliseconds / trials;
    var bestAt = new double[trials];
    double best = double.PositiveInfinity;
    foreach (var t in study.Trials)
    {
        if (t.State == TrialState.Complete && t.Value < best) best = t.Value!.Value;
        bestAt[t.Number] = best;
    }
    return (bestAt, ms);
}

static (int[] Seeds, int Trials, string Out, HashSet<string>? Functions, HashSet<string>? Samplers, List<(string, string)> Variants) ParseArgs(string[] args)
{
    var variants = new List<(string, string)>();
    int[] seeds = Enumerable.Range(0, 10).ToArray();
    int trials = 100;
    string output = "search-bench-autovision.csv";
    HashSet<string>? functions = null, samplerNames = null;
    for (int i = 0; i < args.Length; i += 2)
    {
        string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"Option {args[i]} needs a value.");
        switch (args[i])
        {
            case "--seeds":
                var parts = value.Split('-');
                int from = int.Parse(parts[0], CultureInfo.InvariantCulture), to = int.Parse(parts[^1], CultureInfo.InvariantCulture);
                seeds = Enumerable.Range(from, to - from + 1).ToArray();
                break;
            case "--trials": trials = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--out": output = value; break;
            case "--functions": functions = value.Split(',').ToHashSet(); break;
            case "--samplers": samplerNames = value.Split(',').ToHashSet(); break;
            case "--variant":
                int eq = value.IndexOf('=');
                variants.Add(eq < 0 ? (value, "") : (value[..eq], value[(eq + 1)..]));
                break;
            default: throw new ArgumentException($"Unknown option {args[i]} (known: --seeds A-B, --trials N, --out FILE, --functions a,b, --samplers a,b, --variant NAME=SPEC).");
        }
    }
    return (seeds, trials, output, functions, samplerNames, variants);
}
