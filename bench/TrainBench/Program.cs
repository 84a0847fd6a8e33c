using System.Diagnostics;
using System.Globalization;
using AutoVision.Transfer;
using AutoVision.Transfer.FineTuning;
using TorchSharp;
using static TorchSharp.torch;

// The learner's fine-tuning step, timed: the pretrained ResNet18 with a 10-class head, BatchNorm statistics frozen
// (eval mode), SGD with Nesterov momentum 0.9 and weight decay, cross-entropy, gradient clipping at norm 5, one batch
// of random images in [0,1] (forward + backward + step), convolution weights channels-last as the learner has them on
// the CPU (--contiguous: the default NCHW weights instead). --inference times the learner's inference pass instead:
// eval mode, no gradients, forward only (use --batch 128, the learner's inference batch). Prints one line per input size:
//   autovision <size> <batch> <steps> <seconds> <images/s> [backbone] [inference]
// Usage: TrainBench [--sizes 32,64,112] [--batch 32] [--steps 20] [--warmup 3] [--threads N (default: every CPU)]
//                   [--contiguous] [--backbone NAME (a registry entry; default resnet18)] [--inference]
var args_ = args.ToList();
string Arg(string name, string fallback) { int i = args_.IndexOf(name); return i >= 0 && i + 1 < args_.Count ? args_[i + 1] : fallback; }
var sizes = Arg("--sizes", "32,64,112").Split(',').Select(int.Parse).ToArray();
int batch = int.Parse(Arg("--batch", "32"), CultureInfo.InvariantCulture);
int steps = int.Parse(Arg("--steps", "20"), CultureInfo.InvariantCulture);
int warmup = int.Parse(Arg("--warmup", "3"), CultureInfo.InvariantCulture);
bool channelsLast = !args_.Contains("--contiguous");
bool inference = args_.Contains("--inference");
string backboneName = Arg("--backbone", BackboneNames.ResNet18);
int threads = int.Parse(Arg("--threads", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

TorchRuntime.EnsureLoaded();
set_num_threads(threads);
manual_seed(0);
Console.Error.WriteLine($"threads: {get_num_threads()}");
foreach (int size in sizes)
{
    // The pretrained ResNet18 by default; --backbone NAME builds any registry entry (random weights: a step costs
    // the same whatever the values, so entries that need a weights file can be timed too).
    var entry = BackboneRegistry.Get(backboneName);
    var backbone = backboneName == BackboneNames.ResNet18 ? PretrainedResNet18.Load() : BackboneRegistry.Create(backboneName);
    backbone.RescaleInput(entry.FineTuningScale);
    using var model = new ImageClassifier(backbone, 10);
    model.train();
    foreach (var bn in model.modules().OfType<TorchSharp.Modules.BatchNorm2d>()) bn.eval();
    if (channelsLast) ChannelsLastWeights.Apply(model);   // as the learner does on the CPU
    using var optimizer = optim.SGD(model.parameters(), 0.01, momentum: 0.9, weight_decay: 2.5e-4, nesterov: true);
    using var x = rand(batch, 3, size, size);
    using var y = randint(0, 10, new long[] { batch });
    var sw = new Stopwatch();
    for (int s = 0; s < warmup + steps; s++)
    {
        if (s == warmup) sw.Start();
        using var scope = NewDisposeScope();
        if (inference)
        {
            model.eval();
            using var _ = no_grad();
            model.call(x);
            continue;
        }
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(model.call(x), y);
        loss.backward();
        nn.utils.clip_grad_norm_(model.parameters(), 5.0);
        optimizer.step();
    }
    sw.Stop();
    double seconds = sw.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"autovision {size} {batch} {steps} {seconds:F3} {batch * steps / seconds:F1}{(backboneName == BackboneNames.ResNet18 && !inference ? "" : " " + backboneName)}{(inference ? " inference" : "")}"));
}
