namespace AutoVision.Data.AutoDL;

/// <summary>A decoded <c>tf.train.SequenceExample</c>: context features and feature lists by key.</summary>
internal sealed class SequenceExample
{
    /// <summary><c>context.feature</c>: one feature per key.</summary>
    public Dictionary<string, Feature> Context { get; } = new(StringComparer.Ordinal);

    /// <summary><c>feature_lists.feature_list</c>: one feature per time step, per key.</summary>
    public Dictionary<string, List<Feature>> FeatureLists { get; } = new(StringComparer.Ordinal);
}
