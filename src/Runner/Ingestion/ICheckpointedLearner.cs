namespace AutoVision.Runner.Ingestion;

/// <summary>
/// A learner that can leave a checkpoint (so that <c>resume</c> continues from it) and, when the ingestion is
/// interrupted, hand over a prediction it already has.
/// </summary>
public interface ICheckpointedLearner
{
    /// <summary>A prediction better than the last one <see cref="ILearner.Test"/> returned, if the learner has one
    /// or can make one within <paramref name="allowance"/>; null otherwise. Called after an interruption.</summary>
    float[,]? ReadyPrediction(TimeSpan allowance);

    /// <summary>Writes the learner's state into <paramref name="folder"/>; <paramref name="lastPredictionIndex"/> is
    /// the index of the last prediction file written (-1: none).</summary>
    void SaveCheckpoint(string folder, int lastPredictionIndex);
}

/// <summary>Where a resumed ingestion goes on: the index of its next prediction file.</summary>
public sealed record IngestionResume(int NextIndex);
