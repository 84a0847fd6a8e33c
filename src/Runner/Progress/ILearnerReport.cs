namespace AutoVision.Runner.Progress;

/// <summary>
/// What a learner can say about itself for the progress display and the run's report. A learner that does not
/// implement it is shown without these figures, and its report says "not reported".
/// </summary>
public interface ILearnerReport
{
    /// <summary>Validation NAUC of the model whose predictions are handed in; null when not known yet.</summary>
    double? ValidationNauc { get; }

    /// <summary>Optimisation steps trained so far.</summary>
    long TrainedSteps { get; }

    /// <summary>The choices the learner made or was given; features that do not exist yet say "not searched".</summary>
    LearnerChoices Choices { get; }
}

/// <summary>The choices behind a run's model, as <c>summary.json</c> records them.</summary>
/// <param name="Backbone">The pretrained network.</param>
/// <param name="InputSize">Side of the square input, in pixels, by stage (e.g. "probe 32, fine-tuning 64").</param>
/// <param name="Augmentation">The augmentation policy.</param>
/// <param name="Architecture">The architecture and its search.</param>
/// <param name="Hyperparameters">Optimiser settings in force.</param>
public sealed record LearnerChoices(string Backbone, string InputSize, string Augmentation, string Architecture, string Hyperparameters)
{
    public const string NotSearched = "not searched";
    public const string NotReported = "not reported";

    /// <summary>For a learner that reports nothing.</summary>
    public static readonly LearnerChoices Unknown = new(NotReported, NotReported, NotReported, NotReported, NotReported);
}
