using System.Globalization;
using AutoVision.Runner.Progress;
using AutoVision.Transfer;
using AutoVision.Transfer.Nas;

namespace AutoVision.Runner.Learning;

/// <summary>What the transfer learner reports to the progress display and the run's report.</summary>
public sealed partial class TransferLearner : ILearnerReport
{
    double? ILearnerReport.ValidationNauc => BestValidationNauc;

    long ILearnerReport.TrainedSteps => Steps;

    /// <summary>The augmentation in force, as set and (for <c>faa-search</c>) as found.</summary>
    private string DescribeAugmentation()
    {
        string setting = _options.Augmentation ?? AugmentationChoice.Default;
        return setting switch
        {
            AugmentationChoice.None => "none (learner.augmentation none)",
            AugmentationChoice.Flip => "random flip and shift (learner.augmentation flip)",
            AugmentationChoice.FaaSearch => FoundPolicy is { } found
                ? string.Create(CultureInfo.InvariantCulture, $"faa-search: the policy found ({found.SubPolicies.Count} sub-policies, {PolicyFileName}), then flip and shift")
                : SearchResult is { } r
                    ? string.Create(CultureInfo.InvariantCulture, $"faa-search: the search ran ({r.Trials} trials) and found no policy that beat no augmentation; random flip and shift")
                    : "faa-search: the search did not run (see the log); random flip and shift",
            _ => $"{setting}: the policy, then random flip and shift (learner.augmentation {setting})",
        };
    }

    /// <summary>The architecture in force, and what the search did (the record: <c>checkpoints/nas.json</c>).</summary>
    private string DescribeArchitecture()
    {
        if (Nas is { } record)
        {
            string inUse = _net is AdaptedClassifier ? "" : "; given up after a rollback: the plain classifier predicts";
            return string.Create(CultureInfo.InvariantCulture,
                $"searched (weight-sharing, operation sampling; {record.Seconds:F1} s, {record.WeightSteps} weight and {record.ArchSteps} architecture steps): {record.Chosen}{inUse}; softmax(α) over time in checkpoints/{NasCheckpoint.FileName}");
        }
        string plain = Backbone.Pretrained ? "pretrained backbone + linear head" : "backbone trained from scratch + linear head";
        if (_nasMode == NasMode.Off) return $"{plain} (learner.nas off)";
        return _nasDecision is { } decision
            ? $"{plain}; search not run: {decision.Reason}"
            : $"{plain}; learner.nas {_options.Nas}: the run ended before the search's round";
    }

    /// <summary>What the run measured against the backbone's registry costs.</summary>
    private string DescribeCost()
    {
        if (!_trainPrior.Measured && !_inferencePrior.Measured) return "";
        string Factor(RefinedCost c) => c.Measured ? string.Create(CultureInfo.InvariantCulture, $"{c.SpeedFactor:F2}×") : "not measured";
        return $"; cost measured against the registry's: training {Factor(_trainPrior)}, inference {Factor(_inferencePrior)}";
    }

    /// <summary>The learner's choices: as set, and as found where it searched them.</summary>
    LearnerChoices ILearnerReport.Choices => new(
        Backbone: Backbone.Name + _warmStart switch
        {
            WarmStartKind.Whole => ", warm-started from an earlier run's whole network",
            WarmStartKind.Trunk => ", warm-started from an earlier run's trunk (new head)",
            _ => $", weights: {(_options.WeightsPath is { } file ? file : Backbone.Weights)}",
        } + (_model.Adapter is { } adapter ? $", {adapter.Channels}-channel 1x1 adapter" : "")
            + (BackboneProbe is { } probe ? "; " + probe.Describe() : "") + DescribeCost(),
        InputSize: _shape.IsSquare
            ? string.Create(CultureInfo.InvariantCulture, $"linear probe {_probeShape} px, fine-tuning {_shape} px (fixed default; {LearnerChoices.NotSearched})")
            : string.Create(CultureInfo.InvariantCulture,
                $"linear probe {_probeShape} px, fine-tuning {_shape} px (width x height: elongated images keep their aspect ratio, typical training size {DescribeTypicalSize()}, learner.keepAspect {_options.KeepAspect}; {LearnerChoices.NotSearched})"),
        Augmentation: DescribeAugmentation(),
        Architecture: DescribeArchitecture(),
        Hyperparameters: string.Create(CultureInfo.InvariantCulture,
            $"SGD Nesterov momentum 0.9, lr {_options.LearningRate:G3} (now {LearningRate:G3}), batch {_options.BatchSize}, weight decay {_options.WeightDecay:G3}, frozen BatchNorm {FreezeBatchNorm}; handed-in prediction: {_recipe?.Describe() ?? "plain"} (chosen on validation)"));
}
