namespace AutoVision.Transfer.Nas;

/// <summary>A batch of (N,C,H,W) images in [0,1] and their (N,classes) 0/1 targets. Tensors the source creates while
/// it is called are freed with the search step that asked for them.</summary>
public delegate (TorchSharp.torch.Tensor Input, TorchSharp.torch.Tensor Target) BatchSource();

/// <summary>Settings of the architecture search; every value has a default.</summary>
public sealed record NasOptions
{
    /// <summary>The space searched.</summary>
    public AdaptationSpace Space { get; init; } = AdaptationSpace.Default;

    /// <summary>Sizes of the added operations.</summary>
    public SupernetOptions Supernet { get; init; } = new();

    /// <summary>Sigmoid per class (binary cross-entropy) instead of a softmax over classes.</summary>
    public bool MultiLabel { get; init; }

    /// <summary>Learning rate of the network weights (SGD, Nesterov momentum 0.9, as the learner's fine-tuning).</summary>
    public double LearningRate { get; init; } = 0.01;

    public double WeightDecay { get; init; } = 2.5e-4;

    /// <summary>Weight gradients are clipped to this global L2 norm before each step.</summary>
    public double MaxGradientNorm { get; init; } = 5.0;

    /// <summary>Keep BatchNorm statistics fixed (BN layers in eval mode), as the learner's fine-tuning does by default.</summary>
    public bool FreezeBatchNorm { get; init; } = true;

    /// <summary>Learning rate of the architecture logits (Adam). High enough for the logits to move by a few units in
    /// the one to three hundred steps a CPU slice affords.</summary>
    public double ArchLearningRate { get; init; } = 0.05;

    /// <summary>The temperature schedule over the search (its share of the planned length).</summary>
    public TemperatureSchedule Temperature { get; init; } = new();

    /// <summary>An architecture step (on a validation batch) follows every this many weight steps.</summary>
    public int ArchEvery { get; init; } = 1;

    /// <summary>The architecture probabilities are recorded every this many weight steps (and at the start and the end).</summary>
    public int HistoryEvery { get; init; } = 10;
}
