using AutoVision.Data.AutoDL;

namespace AutoVision.Runner.Ingestion;

/// <summary>
/// The model side of the AutoDL ingestion contract (<c>model.py</c>: <c>train</c>, <c>test</c>, <c>done_training</c>).
/// It is constructed before the clock starts; every call receives the time left in the budget.
/// </summary>
public interface ILearner : IDisposable
{
    /// <summary>Set by <see cref="Train"/> when no further training round is worth starting; the ingestion then
    /// calls <see cref="Test"/> once more and stops.</summary>
    bool DoneTraining { get; }

    /// <summary>Trains for a while (the learner decides how long, within <paramref name="remaining"/>).</summary>
    void Train(AutoDLDataset dataset, TimeSpan remaining, CancellationToken cancellation);

    /// <summary>Probabilities for every test example, in test-record order: shape (test sample_count, output_dim);
    /// null stops the ingestion without writing a prediction.</summary>
    float[,]? Test(AutoDLDataset dataset, TimeSpan remaining, CancellationToken cancellation);
}
