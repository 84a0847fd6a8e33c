using AutoVision.Data;
using AutoVision.Data.AutoDL;
using AutoVision.Data.Profiling;
using AutoVision.Runner.Ingestion;
using AutoVision.Runner.Progress;
using AutoVision.Scoring;
using Microsoft.Extensions.Logging;

namespace AutoVision.Runner.Reports;

/// <summary>Gathers a finished run's report (profile, choices, phases, scores) and writes it (<see cref="RunReportWriter"/>).</summary>
internal static class RunReports
{
    public static void Write(string outputDir, AutoDLDataset dataset, RunRecord record, IngestionResult result, ScoreReport? score,
        PhaseClock phases, LearnerHandle learner, ILogger log)
    {
        DatasetProfile? profile = null;
        string? profileError = null;
        try
        {
            profile = DatasetProfile.Compute(DatasetSources.Open(record.DatasetDir));
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException or ArgumentException)
        {
            profileError = ex.Message;
        }
        phases.End("dataset profile (for the report)");

        var report = learner.Learner as ILearnerReport;
        var summary = new RunSummary
        {
            Task = dataset.Name,
            DatasetDir = record.DatasetDir,
            BudgetSeconds = record.BudgetSeconds,
            T0 = score?.T0 ?? record.T0,
            State = record.State,
            StoppedBy = result.StoppedBy.ToString(),
            Error = result.Error is { } e ? $"{e.GetType().Name}: {e.Message}" : null,
            Profile = profile,
            ProfileError = profileError,
            Choices = report?.Choices ?? LearnerChoices.Unknown,
            Phases = phases.Phases,
            ValidationNauc = report?.ValidationNauc,
            TrainingSteps = report?.TrainedSteps,
            Predictions = result.Predictions.Select(p => new PredictionTime(p.Index, p.AfterStart.TotalSeconds)).ToArray(),
            Scores = score is null ? null : new ScoreSummary(score.Alc, score.TimeBudget, score.T0,
                score.Nauc.Count > 0 ? score.Nauc[^1] : null, score.Accuracy is { Count: > 0 } a ? a[^1] : null, score.Nauc),
            WrittenAt = DateTimeOffset.UtcNow,
        };
        try
        {
            RunReportWriter.Write(outputDir, summary);
            log.LogInformation(LogEvents.ReportWritten, "Report written: {Path}", Path.Combine(outputDir, RunReportWriter.Markdown));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.LogWarning(LogEvents.ReportWritten, ex, "The report could not be written; the challenge files are complete");
        }
    }
}
