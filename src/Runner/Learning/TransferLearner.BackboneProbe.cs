using System.Diagnostics;
using System.Globalization;
using AutoVision.Budget;
using AutoVision.Transfer;
using AutoVision.Transfer.FineTuning;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoVision.Runner.Learning;

/// <summary>What the backbone probe found (<see cref="TransferLearner.BackboneProbe"/>).</summary>
/// <param name="Pretrained">The pretrained backbone the learner started from.</param>
/// <param name="PretrainedNauc">Validation NAUC of the linear probe on its frozen features (round 0).</param>
/// <param name="ScratchNauc">Validation NAUC of the same probe — same examples, size and fit — on the randomly
/// initialised features of <c>scratch-resnet10</c>; null when the probe was skipped.</param>
/// <param name="Switched">Whether the learner switched to <c>scratch-resnet10</c>.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record BackboneProbeResult(string Pretrained, double? PretrainedNauc, double? ScratchNauc, bool Switched, string Reason)
{
    /// <summary>One line for logs and the run report.</summary>
    public string Describe() => ScratchNauc is double scratch
        ? string.Create(CultureInfo.InvariantCulture,
            $"backbone probe: linear probe validation NAUC {Validation.Format(PretrainedNauc)} on {Pretrained}'s pretrained features, {scratch:F4} on random features; {Reason}")
        : $"backbone probe: {Reason}";
}

/// <summary>
/// The backbone probe: whether ImageNet features help this task at all. With <c>learner.backbone auto</c>, round 1
/// fits the same linear probe as round 0 — the same examples, validation rows and input size — on the features of a
/// randomly initialised <c>scratch-resnet10</c>. When random features beat the pretrained ones by
/// <see cref="ScratchProbeMargin"/> or more, the pretrained features do not describe what separates the classes (a
/// non-natural input: codes, grids, symbols), and the learner switches to training <c>scratch-resnet10</c> from scratch
/// (about three times the steps of the truncated ResNet18 in the same time). Otherwise it goes on with the pretrained
/// backbone, having spent a fraction of a second.
/// </summary>
public sealed partial class TransferLearner
{
    /// <summary>How much higher the random features' probe NAUC must be than the pretrained features' for the learner
    /// to switch: well above the spread of a 50–256-row validation NAUC, so that a tie or a near-tie keeps the
    /// pretrained backbone (on every photo-like benchmark dataset of docs/learner.md the pretrained features win or
    /// tie). Set from two development datasets (docs/learner.md): on code grids random features led by 0.27 and
    /// training from scratch won clearly; on Fashion-MNIST strips they led by 0.07 and switching was level on ALC but
    /// cost 0.015 of final NAUC, so a lead of 0.07 does not switch.</summary>
    public const double ScratchProbeMargin = 0.1;

    /// <summary>The fewest validation rows the probe compares on: with fewer, NAUC moves too much between two fits.</summary>
    public const int MinScratchProbeValidation = 50;

    /// <summary>The largest share of the time left the probe may take (estimated from the registry's inference cost of
    /// <c>scratch-resnet10</c> times this machine's measured speed factor).</summary>
    public const double ScratchProbeTimeShare = 0.1;

    private (long[] Rows, double? Validation)? _firstProbe;   // round 0's probe: its rows and validation NAUC

    /// <summary>What the backbone probe found; null when it did not run (a backbone was named, a warm start, video,
    /// too few validation rows, or round 1 not reached).</summary>
    public BackboneProbeResult? BackboneProbe { get; private set; }

    private bool ScratchProbeDue() =>
        BackboneProbe is null && _firstProbe is { Validation: not null } && BackboneRegistry.IsAuto(_options.Backbone)
        && Backbone.Pretrained && _warmStart == WarmStartKind.None && Frames == 1
        && _data!.ValidationRows.Length >= MinScratchProbeValidation;

    /// <summary>Runs the backbone probe; switches to <c>scratch-resnet10</c> when random features beat the pretrained
    /// ones by the margin, fitting its head and making its test prediction.</summary>
    /// <returns>Whether the learner switched.</returns>
    private bool ProbeScratch(TimeSpan left, CancellationToken cancellation)
    {
        var data = _data!;
        var (rows, pretrainedNauc) = _firstProbe!.Value;
        var entry = BackboneRegistry.Get(BackboneNames.ScratchResNet10);
        var size = _probeShape;
        double perImage = entry.Cost.InferenceMsPerImage(size.Height, size.Width) * _inferencePrior.SpeedFactor / 1000;
        double estimate = perImage * (rows.Length + data.ValidationRows.Length + data.TestCount);
        if (estimate > ScratchProbeTimeShare * left.TotalSeconds)
        {
            BackboneProbe = new(Backbone.Name, pretrainedNauc, null, false, string.Create(CultureInfo.InvariantCulture,
                $"skipped: about {estimate:F1} s at the measured speed, more than {ScratchProbeTimeShare:P0} of the {left.TotalSeconds:F0} s left"));
            _log.LogInformation(LogEvents.ProbeFitted, "Round {Round}: {Probe}", _round, BackboneProbe.Describe());
            return false;
        }

        var sw = Stopwatch.StartNew();
        var candidate = CreateClassifier(entry, BackboneRegistry.LoadPretrained(entry.Name));   // seeded random weights
        bool adopted = false;
        try
        {
            var images = data.Images(size);
            FitHead(candidate, images.Train, rows, cancellation);
            var values = HeadPrediction(candidate, images.Train, data.ValidationRows, cancellation);
            double? scratchNauc = _validation.Nauc(data.ValidationSolution, values);
            bool better = scratchNauc is double s && pretrainedNauc is double p && s >= p + ScratchProbeMargin;
            BackboneProbe = new(Backbone.Name, pretrainedNauc, scratchNauc, better, better
                ? string.Create(CultureInfo.InvariantCulture, $"random features ahead by {ScratchProbeMargin} or more: the pretrained features do not help; switched to {entry.Name}, trained from scratch")
                : string.Create(CultureInfo.InvariantCulture, $"random features not ahead by {ScratchProbeMargin}: {Backbone.Name} kept"));
            _log.LogInformation(LogEvents.ProbeFitted, "Round {Round}: {Probe} ({Seconds:F1} s)", _round, BackboneProbe.Describe(), sw.Elapsed.TotalSeconds);
            if (!better) return false;

            var testWatch = Stopwatch.StartNew();
            var prediction = HeadPrediction(candidate, images.Test, null, cancellation);
            SwitchBackbone(entry, candidate);
            adopted = true;
            ObserveInference(testWatch.Elapsed, size);
            _candidate = new TestTimeRecipe(false, null, values);
            if (Judge(scratchNauc, $"linear probe at {size}px on {entry.Name}'s random features")) _pendingPrediction = prediction;
            return true;
        }
        finally
        {
            if (!adopted) candidate.Dispose();
        }
    }

    /// <summary>A classifier on <paramref name="backbone"/> for this task, on the device, laid out as the learner's is.</summary>
    private ImageClassifier CreateClassifier(BackboneEntry entry, ResNet18Backbone backbone)
    {
        backbone.RescaleInput(entry.FineTuningScale);
        var model = new ImageClassifier(backbone, Classes, Channels, Frames);
        model.to(_device);
        // Channels-last convolution weights: a faster CPU step (docs/learner.md); unmeasured on CUDA, left as it was there.
        if (_device.type == DeviceType.CPU) ChannelsLastWeights.Apply(model);
        return model;
    }

    /// <summary>
    /// Makes <paramref name="model"/> (on <paramref name="entry"/>) the network the learner trains: the old one is
    /// disposed with its optimizer, good weights and top-k entries (they belong to another network; the prediction
    /// handed in stays until the new network is judged better), and cost measurements start again.
    /// </summary>
    private void SwitchBackbone(BackboneEntry entry, ImageClassifier model)
    {
        _optimizer?.Dispose();
        _optimizer = null;
        _bestWeights?.Dispose();
        _bestWeights = null;
        _bestNet = null;
        _top.Clear();
        if (!ReferenceEquals(_net, _model)) _net.Dispose();
        _model.Dispose();
        _model = model;
        _net = model;
        Backbone = entry;
        _inferencePrior = RefinedCost.Inference(entry.Cost);
        _trainPrior = RefinedCost.Training(entry.Cost);
        _inferenceCost = new CostMeter();
        _inferenceSize = null;
    }

    /// <summary>Resuming, or warm-starting from, a run whose backbone probe switched backbones: the checkpoint's
    /// backbone <paramref name="name"/> if it may replace the one <c>auto</c> resolved to — only with
    /// <c>learner.backbone auto</c>, only before the first round, and only a registered backbone that needs no weights
    /// file (the checkpoint then fills its tensors); null when the learner keeps its own.</summary>
    private BackboneEntry? AdoptableBackbone(string? name)
    {
        if (name is null || _round > 0 || string.Equals(name, Backbone.Name, StringComparison.OrdinalIgnoreCase) || !BackboneRegistry.IsAuto(_options.Backbone)) return null;
        var entry = BackboneRegistry.All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
        return entry is null || entry.NeedsWeightsFile ? null : entry;
    }

    /// <summary>Continues on <paramref name="entry"/> (from <see cref="AdoptableBackbone"/>): a new network of it, whose
    /// tensors the checkpoint then fills.</summary>
    private void AdoptBackbone(BackboneEntry entry)
    {
        SwitchBackbone(entry, CreateClassifier(entry, BackboneRegistry.Create(entry.Name)));
        _log.LogInformation(LogEvents.Restored, "The checkpoint was trained on {Backbone} (learner.backbone auto): continuing on it", entry.Name);
    }
}
