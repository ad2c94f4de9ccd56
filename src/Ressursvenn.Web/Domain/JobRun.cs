namespace Ressursvenn.Web.Domain;

/// <summary>
/// When a scheduled job last ran (ADR 0017): the schedule lives in the database, so a restart neither repeats a job
/// that ran an hour ago nor forgets one that is overdue, and several instances agree on whether a run is due.
/// </summary>
public sealed class JobRun
{
    /// <summary>The job's name, e.g. "retention".</summary>
    public string Name { get; set; } = string.Empty;

    public DateTime LastStartedAt { get; set; }

    /// <summary>Null while a run is under way, or when the last one failed.</summary>
    public DateTime? LastFinishedAt { get; set; }
}
