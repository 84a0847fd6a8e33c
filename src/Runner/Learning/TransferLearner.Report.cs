using System.Globalization;
using AutoVision.Runner.Progress;

namespace AutoVision.Runner.Learning;

/// <summary>What the transfer learner reports to the progress display and the run's report.</summary>
public sealed partial class TransferLearner : ILearnerReport
{
    double? ILearnerReport.ValidationNauc => BestValidationNauc;

    long ILearnerReport.TrainedSteps => Steps;

    /// <summary>The learner's fixed choices: features that search them do not exist yet, so their defaults are reported as such.</summary>
    LearnerChoices ILearnerReport.Choices => new(
        Backbone: Backbone.Name + _warmStart switch
        {
            WarmStartKind.Whole => ", warm-started from an earlier run's whole network",
            WarmStartKind.Trunk => ", warm-started from an earlier run's trunk (new head)",
            _ => $", weights: {(_options.WeightsPath is { } file ? file : Backbone.Weights)}",
        } + (_model.Adapter is { } adapter ? $", {adapter.Channels}-channel 1x1 adapter" : ""),
        InputSize: string.Create(CultureInfo.InvariantCulture, $"linear probe {_options.ProbeInputSize} px, fine-tuning {_options.InputSize} px (fixed default; {LearnerChoices.NotSearched})"),
        Augmentation: $"random flip and shift (fixed default; policy {LearnerChoices.NotSearched})",
        Architecture: $"pretrained backbone + linear head (fixed; {LearnerChoices.NotSearched})",
        Hyperparameters: string.Create(CultureInfo.InvariantCulture,
            $"SGD Nesterov momentum 0.9, lr {_options.LearningRate:G3} (now {LearningRate:G3}), batch {_options.BatchSize}, weight decay {_options.WeightDecay:G3}, frozen BatchNorm {_options.FreezeBatchNorm}; handed-in prediction: {_recipe?.Describe() ?? "plain"} (chosen on validation)"));
}
