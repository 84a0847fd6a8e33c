using System.Diagnostics;
using System.Globalization;
using AutoVision.Policies;
using AutoVision.Policies.Operations;
using AutoVision.Transfer;
using AutoVision.Transfer.FineTuning;
using TorchSharp;
using static TorchSharp.torch;

// Augmentation throughput next to the fine-tuning step rate of the ResNet18 classifier, in images per second,
// on the CPU, at several input sides. Usage:
//   dotnet run --project bench/AugmentBench -c Release -- [--sizes 32,64,112] [--batch 32] [--seconds 4] [--threads N]
// Augmentations measured: a uniform random FAA policy (every operation of the search space, probability 1, a
// random level: every image gets two operations), FAA reduced ImageNet, RandAugment (2, 9), TrivialAugment Wide,
// each followed by flip-and-shift as in training, and flip-and-shift alone. Training: SGD with Nesterov
// momentum, cross-entropy, gradient clipping, BatchNorm frozen (the learner's step), random weights (the same cost).

var sizes = new[] { 32, 64, 112 };
int batch = 32;
double seconds = 4;
bool kernels = false;
for (int i = 0; i < args.Length; i += 2)
{
    if (args[i] == "--kernels") { kernels = true; i--; continue; }
    string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--sizes": sizes = value.Split(',').Select(int.Parse).ToArray(); break;
        case "--batch": batch = int.Parse(value, CultureInfo.InvariantCulture); break;
        case "--seconds": seconds = double.Parse(value, CultureInfo.InvariantCulture); break;
        case "--threads": torch.set_num_threads(int.Parse(value, CultureInfo.InvariantCulture)); break;
        default: throw new ArgumentException($"unknown argument {args[i]}; expected --sizes, --batch, --seconds, --threads, --kernels");
    }
}
TorchRuntime.EnsureLoaded();
torch.manual_seed(1);
var rng = new Random(1);

var full = new Policy(FaaOperations.SearchSpace.SelectMany(a => FaaOperations.SearchSpace.Select(b =>
    new SubPolicy(new PolicyOperation(a.Name, 1, rng.NextDouble()), new PolicyOperation(b.Name, 1, rng.NextDouble())))));
var augmentations = new (string Name, IAugmentation Augmentation)[]
{
    ("full random FAA policy + flip", new SequentialAugmentation(full, new FlipAndShift())),
    ("FAA reduced ImageNet + flip", new SequentialAugmentation(PublishedPolicies.FaaReducedImageNet, new FlipAndShift())),
    ("RandAugment(2,9) + flip", new SequentialAugmentation(new RandAugment(), new FlipAndShift())),
    ("TrivialAugment + flip", new SequentialAugmentation(new TrivialAugmentWide(), new FlipAndShift())),
    ("flip-and-shift", new FlipAndShift()),
};

if (kernels)
{
    // Each kernel alone on the whole batch (images/s), to find the expensive ones.
    Console.WriteLine("| kernel | " + string.Join(" | ", sizes.Select(z => $"{z} px")) + " |");
    Console.WriteLine("|---|" + string.Concat(sizes.Select(_ => "---|")));
    foreach (var k in Enum.GetValues<Kernel>().Where(k => k != Kernel.Identity))
    {
        var op = new KernelOnly(k);
        Console.WriteLine($"| {k} | " + string.Join(" | ", sizes.Select(z => $"{AugmentationRate(op, z):F0}")) + " |");
    }
    return;
}
Console.WriteLine($"threads {torch.get_num_threads()}, batch {batch}, about {seconds} s per figure, {Environment.ProcessorCount} logical CPUs visible");
Console.WriteLine();
Console.WriteLine("| side | training step (img/s) | " + string.Join(" | ", augmentations.Select(a => a.Name + " (img/s, × training)")) + " |");
Console.WriteLine("|---|---|" + string.Concat(augmentations.Select(_ => "---|")));
foreach (int size in sizes)
{
    double train = TrainingRate(size);
    var cells = augmentations.Select(a =>
    {
        double rate = AugmentationRate(a.Augmentation, size);
        return $"{rate:F0} ({rate / train:F1}×)";
    });
    Console.WriteLine($"| {size} | {train:F1} | " + string.Join(" | ", cells) + " |");
}

double AugmentationRate(IAugmentation augmentation, int size)
{
    using var images = rand(batch, 3, size, size);
    for (int w = 0; w < 2; w++) using (augmentation.Apply(images, rng)) { }
    long done = 0;
    var sw = Stopwatch.StartNew();
    while (sw.Elapsed.TotalSeconds < seconds)
    {
        using var y = augmentation.Apply(images, rng);
        done += batch;
    }
    return done / sw.Elapsed.TotalSeconds;
}

double TrainingRate(int size)
{
    using var model = new ImageClassifier(new ResNet18Backbone(), 10);
    model.train();
    foreach (var bn in model.modules().OfType<TorchSharp.Modules.BatchNorm2d>()) bn.eval();
    using var optimizer = optim.SGD(model.parameters(), 0.01, momentum: 0.9, weight_decay: 2.5e-4, nesterov: true);
    using var images = rand(batch, 3, size, size);
    using var labels = randint(0, 10, new long[] { batch });
    void Step()
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(model.call(images), labels);
        loss.backward();
        nn.utils.clip_grad_norm_(model.parameters(), 5.0);
        optimizer.step();
    }
    Step();
    long done = 0;
    var sw = Stopwatch.StartNew();
    while (sw.Elapsed.TotalSeconds < seconds || done == 0)
    {
        Step();
        done += batch;
    }
    return done / sw.Elapsed.TotalSeconds;
}

/// <summary>One kernel on every image, at a mid value.</summary>
sealed class KernelOnly(Kernel kernel) : IAugmentation
{
    public Tensor Apply(Tensor batch, Random rng)
    {
        int n = (int)batch.shape[0];
        double v = kernel switch
        {
            Kernel.ShearX or Kernel.ShearY => 0.2, Kernel.TranslateX or Kernel.TranslateY => 5, Kernel.Rotate => 20,
            Kernel.Solarize => 128, Kernel.Posterize => 5, Kernel.Cutout => 6, _ => 1.5,
        };
        return BatchKernels.Apply(kernel, batch, Enumerable.Repeat(v, n).ToArray(), Enumerable.Repeat(8.0, n).ToArray(), Enumerable.Repeat(8.0, n).ToArray());
    }
}
