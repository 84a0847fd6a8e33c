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

    public static readonly EventId LearnerReady = new(2000, nameof(LearnerReady));
    public static readonly EventId DataDecoded = new(2001, nameof(DataDecoded));
    public static readonly EventId ProbeFitted = new(2002, nameof(ProbeFitted));
    public static readonly EventId RoundTrained = new(2003, nameof(RoundTrained));
    public static readonly EventId Validated = new(2004, nameof(Validated));
}
