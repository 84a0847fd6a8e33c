using System.Diagnostics;
using AutoVision.Policies;
using AutoVision.Policies.Search;
using AutoVision.Transfer.FineTuning;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoVision.Runner.Learning;

/// <summary>The in-budget Fast AutoAugment search of <see cref="LearnerOptions.Augmentation"/> = <c>faa-search</c>.</summary>
public sealed partial class TransferLearner
{
    /// <summary>Name of the found policy's JSON, written into the run's output folder (the checkpoint folder's
    /// parent) and the checkpoint folder when the learner checkpoints.</summary>
    public const string PolicyFileName = "augmentation_policy.json";

    /// <summary>Augmented views per held-out example when scoring a candidate; the example's lowest loss counts
    /// (FAA scores the best of its 5 views; 3 here to save CPU time).</summary>
    public const int SearchViews = 3;

    /// <summary>A search gets at least this much time, or is skipped.</summary>
    public static readonly TimeSpan MinSearchSlice = TimeSpan.FromSeconds(5);

    private bool _augmentationSearched;

    /// <summary>The search's settings; null: FAA's defaults with the learner's seed (tests make it small).</summary>
    internal DensityMatchingOptions? SearchOptions { get; set; }

    /// <summary>The policy the search found and the learner uses (null: none searched, or none beat no augmentation).</summary>
    public Policy? FoundPolicy { get; private set; }

    /// <summary>The last search's result (null before a search).</summary>
    public DensityMatchingResult? SearchResult { get; private set; }

    /// <summary>After the first fine-tuning round, with the current model: FAA density matching on the validation
    /// split within <see cref="LearnerOptions.AugmentationSearchFraction"/> of the budget (at most half of what is left).</summary>
    private void MaybeSearchAugmentation(TimeSpan left, CancellationToken cancellation)
    {
        if (_options.Augmentation != AugmentationChoice.FaaSearch || _augmentationSearched) return;
        _augmentationSearched = true;
        if (DoneTraining)
        {
            _log.LogInformation(LogEvents.RoundTrained, "Augmentation search skipped: training is done");
            return;
        }
        var slice = TimeSpan.FromSeconds(Math.Min(_total.TotalSeconds * _options.AugmentationSearchFraction, left.TotalSeconds / 2));
        if (slice < MinSearchSlice)
        {
            _log.LogInformation(LogEvents.RoundTrained, "Augmentation search skipped: a slice of {Seconds:F1} s is too short", slice.TotalSeconds);
            return;
        }
        SearchAugmentation(slice, cancellation);
    }

    /// <summary>Runs the search now with the current model, within <paramref name="slice"/>, and switches to the
    /// found policy if it beats no augmentation on the held-out split.</summary>
    internal void SearchAugmentation(TimeSpan slice, CancellationToken cancellation)
    {
        var data = _data ?? throw new InvalidOperationException("The augmentation search needs the data: call Train first.");
        _augmentationSearched = true;
        if (data.ValidationRows.Length == 0)
        {
            _log.LogInformation(LogEvents.RoundTrained, "Augmentation search skipped: no held-out examples");
            return;
        }
        var sw = Stopwatch.StartNew();
        var images = data.Images(_shape).Train;
        var search = new DensityMatchingSearch(SearchOptions ?? new DensityMatchingOptions { Seed = _options.Seed });
        var result = search.Run((augmentation, heldOut, rng) =>
            HeldOutLoss(images, heldOut.Select(i => (long)data.ValidationRows[i]).ToArray(), augmentation, rng, cancellation),
            data.ValidationRows.Length, slice, cancellation);
        SearchResult = result;
        if (result.Policy is { } policy && result.Improves) UsePolicy(policy);
        _log.LogInformation(LogEvents.RoundTrained,
            "Augmentation search: {Trials} trials on {Folds} fold(s) in {Seconds:F1} s (slice {Slice:F1} s, {PerEval:F2} s per held-out scoring); " +
            "held-out loss without augmentation {Baseline:F4}, with the found policy ({Count} sub-policies) {Found}: {Decision}",
            result.Trials, result.Folds, sw.Elapsed.TotalSeconds, slice.TotalSeconds, result.SecondsPerEvaluation, result.BaselineScore,
            result.Policy?.SubPolicies.Count ?? 0, result.PolicyScore is double s ? s.ToString("F4") : "-",
            FoundPolicy is null ? "keeping flip-and-shift" : "fine-tuning goes on with the found policy, then flip-and-shift");
        if (FoundPolicy is not null) _log.LogInformation(LogEvents.RoundTrained, "Found augmentation policy: {Json}", FoundPolicy.ToJson());
    }

    /// <summary>The model's mean per-example loss on augmented held-out rows, each example's lowest over
    /// <see cref="SearchViews"/> views.</summary>
    private double HeldOutLoss(ImageSet images, long[] rows, IAugmentation augmentation, Random rng, CancellationToken cancellation)
    {
        var data = _data!;
        // No augmentation is scored with as many views as a candidate (the same loss each time): the search times
        // it to size its trials.
        const int views = SearchViews;
        _model.eval();
        double sum = 0;
        using var noGrad = torch.no_grad();
        for (int start = 0; start < rows.Length; start += _options.InferenceBatchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var part = rows.AsSpan(start, Math.Min(_options.InferenceBatchSize, rows.Length - start));
            var index = tensor(part.ToArray());
            var x = images.Batch(part, _device);
            var y = data.Targets.index_select(0, index).to(_device);
            Tensor? best = null;
            for (int v = 0; v < views; v++)
            {
                var logits = _model.call(augmentation.Apply(x, rng));
                var loss = data.MultiLabel
                    ? nn.functional.binary_cross_entropy_with_logits(logits, y, reduction: nn.Reduction.None).mean(new long[] { 1 })
                    : nn.functional.cross_entropy(logits, y.argmax(1), reduction: nn.Reduction.None);
                best = best is null ? loss : minimum(best, loss);
            }
            sum += best!.sum().item<float>();
        }
        return sum / rows.Length;
    }

    /// <summary>Fine-tunes from now on with <paramref name="policy"/>, then flip-and-shift, as if the search had found it.</summary>
    public void UsePolicy(Policy policy)
    {
        FoundPolicy = policy;
        _augmentation = AugmentationChoice.ThenFlip(policy);
        _augmentationSearched = true;
    }

    /// <summary>Writes the found policy next to the checkpoints and into the run's output folder (their parent).</summary>
    private void SaveFoundPolicy(string checkpointFolder)
    {
        if (FoundPolicy is null) return;
        Directory.CreateDirectory(checkpointFolder);
        FoundPolicy.Save(Path.Combine(checkpointFolder, PolicyFileName));
        if (Path.GetDirectoryName(Path.GetFullPath(checkpointFolder)) is { } output)
            FoundPolicy.Save(Path.Combine(output, PolicyFileName));
    }

    /// <summary>A resumed learner keeps the policy its run found (and does not search again).</summary>
    private void RestoreFoundPolicy(string checkpointFolder)
    {
        string path = Path.Combine(checkpointFolder, PolicyFileName);
        if (_options.Augmentation != AugmentationChoice.FaaSearch || !File.Exists(path)) return;
        UsePolicy(Policy.Load(path));
    }
}
