using AutoVision.Transfer.Nas;

namespace AutoVision.Transfer.Checkpoints;

/// <summary>What a learner needs, besides the weights, to go on where it stopped.</summary>
public sealed record CheckpointMetadata
{
    /// <summary>Training rounds completed (the next round's number).</summary>
    public int Round { get; init; }

    /// <summary>Fine-tuning steps taken in all.</summary>
    public long Steps { get; init; }

    /// <summary>The fine-tuning learning rate in force.</summary>
    public double LearningRate { get; init; }

    /// <summary>Rounds in a row without a better validation score.</summary>
    public int RoundsWithoutGain { get; init; }

    /// <summary>The best validation NAUC so far (null: none measurable).</summary>
    public double? BestValidationNauc { get; init; }

    /// <summary>The learner's fine-tuning input size setting (the side of its square input; an elongated input keeps
    /// its aspect ratio around it: <see cref="InputHeight"/> × <see cref="InputWidth"/>).</summary>
    public int InputSize { get; init; }

    /// <summary>Height of the fine-tuning input the weights were trained at (0 in checkpoints that predate the field:
    /// a square of <see cref="InputSize"/>; see <see cref="InputShape"/>).</summary>
    public int InputHeight { get; init; }

    /// <summary>Width of the fine-tuning input (0 in checkpoints that predate the field; see <see cref="InputShape"/>).</summary>
    public int InputWidth { get; init; }

    /// <summary>The fine-tuning input as (height, width): <see cref="InputHeight"/> × <see cref="InputWidth"/>, or a square
    /// of <see cref="InputSize"/> for a checkpoint that does not record them.</summary>
    /// <param name="file">The checkpoint file, named in the error message.</param>
    /// <exception cref="InvalidDataException">Only one of height and width is recorded, or one is negative.</exception>
    public (int Height, int Width) InputShape(string? file = null) => (InputHeight, InputWidth) switch
    {
        (0, 0) => (InputSize, InputSize),
        ( > 0, > 0) => (InputHeight, InputWidth),
        _ => throw new InvalidDataException(
            $"{(file is null ? "The checkpoint" : $"'{file}'")}: its metadata records input height {InputHeight} and width {InputWidth}; expected both positive, or neither (a square of InputSize {InputSize})."),
    };

    /// <summary>Output classes of the model.</summary>
    public int Classes { get; init; }

    public int Seed { get; init; }

    /// <summary>Index of the last prediction file written before this checkpoint (-1: none).</summary>
    public int LastPredictionIndex { get; init; } = -1;

    /// <summary>Learning-rate rollbacks after a divergence, in all.</summary>
    public int Rollbacks { get; init; }

    /// <summary>When the checkpoint was written, seconds since the epoch.</summary>
    public double SavedAtUnixSeconds { get; init; }

    /// <summary>Channels of the images the model was trained on (1 or 3; 0 in checkpoints that predate this field).</summary>
    public int Channels { get; init; }

    /// <summary>Trained for several labels per example: probabilities are per-class sigmoids, not a softmax.</summary>
    public bool MultiLabel { get; init; }

    /// <summary>The class names in output order, when the dataset had them (null otherwise).</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Frames per example the model takes (1 for images; F for a video model, frames stacked on the channel axis).</summary>
    public int Frames { get; init; } = 1;

    /// <summary>What the backbone divides its preprocessed input by (<c>ResNet18Backbone.InputScale</c>).</summary>
    public double InputScale { get; init; } = ResNet18Backbone.FineTuningInputScale;

    /// <summary>The architecture the architecture search fixed, when these weights are a derived model's (extra
    /// <c>&lt;block&gt;_&lt;Op&gt;.*</c> and <c>head_mlp.*</c> tensors); null: the plain classifier.</summary>
    public Architecture? Architecture { get; init; }

    /// <summary>The backbone the model was built on (<see cref="BackboneRegistry"/>; checkpoints that predate the field
    /// hold the whole ResNet18).</summary>
    public string Backbone { get; init; } = BackboneNames.ResNet18;

    /// <summary>The validation NAUC of these weights (written for the top-k checkpoints; null otherwise).</summary>
    public double? ValidationNauc { get; init; }
}

/// <summary>A checkpoint: metadata, the best prediction handed in so far, and the model's state.</summary>
public sealed class Checkpoint(CheckpointMetadata metadata, float[,]? bestPrediction, ModelSnapshot state) : IDisposable
{
    public CheckpointMetadata Metadata { get; } = metadata;

    /// <summary>The best test prediction so far (test rows × classes), null before the first one.</summary>
    public float[,]? BestPrediction { get; } = bestPrediction;

    public ModelSnapshot State { get; } = state;

    public void Dispose() => State.Dispose();
}
