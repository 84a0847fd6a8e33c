namespace AutoVision.Scoring;

/// <summary>
/// The content of the ingestion's <c>start.txt</c>: who ran, the task, the budget, when the clock started, and
/// when each prediction was made (key = prediction index, value = time in seconds since the epoch).
/// </summary>
/// <param name="Pid">The ingestion process id (<c>ingestion_pid</c>).</param>
/// <param name="TaskName">The task name (<c>task_name</c>); empty when the file has no such line.</param>
/// <param name="TimeBudget">The time budget in seconds (<c>time_budget</c>).</param>
/// <param name="StartTime">When the clock started, seconds since the epoch (<c>start_time</c>).</param>
/// <param name="Timestamps">The prediction timestamps by prediction index (lines <c>k: t</c>).</param>
public sealed record IngestionLog(
    int Pid,
    string TaskName,
    double TimeBudget,
    double StartTime,
    IReadOnlyDictionary<int, double> Timestamps)
{
    /// <summary>The timestamps of predictions 0, 1, 2, ... up to the first missing index, as the scorer reads them.</summary>
    public IReadOnlyList<double> ConsecutiveTimestamps()
    {
        var list = new List<double>();
        while (Timestamps.TryGetValue(list.Count, out double t)) list.Add(t);
        return list;
    }
}
