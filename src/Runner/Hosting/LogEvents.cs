using Microsoft.Extensions.Logging;

namespace AutoVision.Runner;

/// <summary>Every log event id of the runner, in one place.</summary>
public static class LogEvents
{
    public static readonly EventId DatasetOpened = new(1000, nameof(DatasetOpened));
    public static readonly EventId ClockStarted = new(1001, nameof(ClockStarted));
    public static readonly EventId PredictionWritten = new(1002, nameof(PredictionWritten));
    public static readonly EventId IngestionEnded = new(1003, nameof(IngestionEnded));
    public static readonly EventId HardDeadline = new(1004, nameof(HardDeadline));
    public static readonly EventId LearnerFailed = new(1005, nameof(LearnerFailed));
    public static readonly EventId Scored = new(1006, nameof(Scored));
    public static readonly EventId Signalled = new(1007, nameof(Signalled));
    public static readonly EventId CheckpointWritten = new(1008, nameof(CheckpointWritten));
    public static readonly EventId Resumed = new(1009, nameof(Resumed));
    public static readonly EventId Progress = new(1010, nameof(Progress));
    public static readonly EventId SettingsResolved = new(1011, nameof(SettingsResolved));
    public static readonly EventId ReportWritten = new(1012, nameof(ReportWritten));

    public static readonly EventId BatchStarted = new(4000, nameof(BatchStarted));
    public static readonly EventId BatchDatasetStarted = new(4001, nameof(BatchDatasetStarted));
    public static readonly EventId BatchDatasetFinished = new(4002, nameof(BatchDatasetFinished));
    public static readonly EventId BatchDatasetFailed = new(4003, nameof(BatchDatasetFailed));
    public static readonly EventId BatchSkipped = new(4004, nameof(BatchSkipped));
    public static readonly EventId LeaderboardWritten = new(4005, nameof(LeaderboardWritten));

    public static readonly EventId LearnerReady = new(2000, nameof(LearnerReady));
    public static readonly EventId DataDecoded = new(2001, nameof(DataDecoded));
    public static readonly EventId ProbeFitted = new(2002, nameof(ProbeFitted));
    public static readonly EventId RoundTrained = new(2003, nameof(RoundTrained));
    public static readonly EventId Validated = new(2004, nameof(Validated));
    public static readonly EventId Diverged = new(2005, nameof(Diverged));
    public static readonly EventId Restored = new(2006, nameof(Restored));
    public static readonly EventId MemoryShort = new(2007, nameof(MemoryShort));
    public static readonly EventId WarmStarted = new(2020, nameof(WarmStarted));
    public static readonly EventId Predicted = new(2021, nameof(Predicted));

    public static readonly EventId IngestionLaunched = new(3000, nameof(IngestionLaunched));
    public static readonly EventId ClockSeen = new(3001, nameof(ClockSeen));
    public static readonly EventId PredictionScored = new(3002, nameof(PredictionScored));
    public static readonly EventId IngestionKilled = new(3003, nameof(IngestionKilled));
    public static readonly EventId IngestionExited = new(3004, nameof(IngestionExited));
    public static readonly EventId ConstructionOverCap = new(3005, nameof(ConstructionOverCap));
    public static readonly EventId PackageVerified = new(3006, nameof(PackageVerified));
    public static readonly EventId Publishing = new(3007, nameof(Publishing));
    public static readonly EventId Packed = new(3008, nameof(Packed));
    public static readonly EventId ProfileLoaded = new(3009, nameof(ProfileLoaded));
}
