namespace AutoVision.Scoring;

/// <summary>The content of the ingestion's <c>end.txt</c>.</summary>
/// <param name="Duration">Seconds from the start of the clock to the end (<c>ingestion_duration</c>).</param>
/// <param name="Success">False when the ingestion stopped on an error (<c>ingestion_success: 0</c>).</param>
/// <param name="EndTime">When the ingestion ended, seconds since the epoch (<c>end_time</c>).</param>
public sealed record IngestionEnd(double Duration, bool Success, double EndTime);
