using AutoVision.Data.AutoDL;
using AutoVision.Runner.Ingestion;
using AutoVision.Runner.Progress;

namespace AutoVision.Runner.Reports;

/// <summary>Wall time per phase of a run, in order: <see cref="End"/> closes the phase that began at the previous call.</summary>
public sealed class PhaseClock(TimeProvider time)
{
    private readonly List<PhaseTime> _phases = [];
    private long _since = time.GetTimestamp();

    public IReadOnlyList<PhaseTime> Phases => _phases;

    public void End(string phase)
    {
        long now = time.GetTimestamp();
        _phases.Add(new PhaseTime(phase, time.GetElapsedTime(_since, now).TotalSeconds));
        _since = now;
    }
}

/// <summary>Builds the run's learner when the ingestion asks (timing its construction as a phase of its own) and
/// keeps it, so that the report can ask it what it chose (<see cref="ILearnerReport"/>) after the run.</summary>
internal sealed class LearnerHandle(Func<DataSpecification, ILearner> create, DataSpecification metadata, PhaseClock phases, IRunProgress progress)
{
    public ILearner? Learner { get; private set; }

    public ILearner Create()
    {
        progress.Phase(RunPhases.BuildingLearner);
        phases.End("preparing data (outside the budget)");
        Learner = create(metadata);
        phases.End("building the learner (outside the budget for a new run)");
        return Learner;
    }
}
