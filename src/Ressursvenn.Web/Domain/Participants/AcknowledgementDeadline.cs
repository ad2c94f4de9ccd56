using Ressursvenn.Web.Domain.Calendar;

namespace Ressursvenn.Web.Domain.Participants;

public enum AcknowledgementState
{
    /// <summary>Acknowledged: nothing to flag.</summary>
    Done = 0,

    /// <summary>Not yet acknowledged, still within the limit.</summary>
    Due = 1,

    /// <summary>Past the limit: flagged on the coordinators' home page.</summary>
    Overdue = 2,

    /// <summary>Past the second limit: also counted for the national admin (no identity).</summary>
    Escalated = 3,
}

/// <summary>
/// The acknowledgement rule (docs/domain.md §4.2): a referral is acknowledged within a number of working days (Norwegian
/// public holidays are not working days); past it the coordinators see a flag, past a second limit the national
/// admin sees a count.
/// </summary>
public static class AcknowledgementDeadline
{
    public static DateOnly DueBy(DateTime receivedAt, ProgrammeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return WorkingDays.Deadline(Utc(receivedAt), settings.AcknowledgeWorkingDays);
    }

    public static AcknowledgementState StateOf(DateTime receivedAt, DateTime? acknowledgedAt, ProgrammeSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (acknowledgedAt is not null)
        {
            return AcknowledgementState.Done;
        }

        var received = Utc(receivedAt);
        return WorkingDays.IsOverdue(received, settings.EscalateWorkingDays, now) ? AcknowledgementState.Escalated
            : WorkingDays.IsOverdue(received, settings.AcknowledgeWorkingDays, now) ? AcknowledgementState.Overdue
            : AcknowledgementState.Due;
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
