using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Calendar;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.MyPages;

/// <summary>
/// A printable confirmation of her volunteer service (tjenestebekreftelse): her name, her association, since when she
/// has been approved (or the period to her leaving), the training she completed, and how many matches and start
/// meetings she had — only what happened, never anything about a participant. Issuing it is audited.
/// </summary>
public sealed class ServiceLetterModel(AppDbContext db, MyVolunteer mine, AuditTrail audit, TimeProvider clock) : MyPageModel(db, mine, audit, clock)
{
    public string AssociationName { get; private set; } = string.Empty;

    public DateOnly From { get; private set; }

    public DateOnly To { get; private set; }

    public DateOnly IssuedOn { get; private set; }

    public IReadOnlyList<CompletedModule> Training { get; private set; } = [];

    /// <summary>Her matches that reached a start meeting (<see cref="Domain.Matching.Match.HasStarted"/>); proposals are not counted.</summary>
    public int Matches { get; private set; }

    /// <summary>
    /// The start meetings she took part in. Until the meeting log exists (docs/domain.md §6) these are the only meetings the
    /// system knows of, and the letter names them as what they are.
    /// </summary>
    public int Meetings { get; private set; }

    /// <summary>She has left (or her record ended): the letter gives a period; otherwise it says since when she has been approved.</summary>
    public bool Ended { get; private set; }

    public bool Available => Me?.ApprovedAt is not null;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await OpenAsync() || Me!.ApprovedAt is not { } approvedAt)
        {
            return Page();
        }

        var me = Me;
        AssociationName = await Db.Associations.Where(a => a.Id == me.AssociationId).Select(a => a.Name).FirstOrDefaultAsync(HttpContext.RequestAborted) ?? string.Empty;
        IssuedOn = WorkingDays.OsloDate(Now);
        From = WorkingDays.OsloDate(approvedAt);
        Ended = me.EndedAt is not null;
        To = me.EndedAt is { } ended ? WorkingDays.OsloDate(ended) : IssuedOn;
        Training = (await Mine.OverviewAsync(me, HttpContext.RequestAborted)).Done;
        // Counts only: her own matches (the data scope and her id), never who they were with.
        var started = await Db.Matches.AsNoTracking().Where(m => m.VolunteerId == me.Id)
            .Select(m => new { m.Status, m.StartMeetingOn }).ToListAsync(HttpContext.RequestAborted);
        Matches = started.Count(m => Match.Started.Contains(m.Status));
        Meetings = started.Count(m => m.StartMeetingOn is not null);
        Audit.Record(AuditActions.ServiceLetterIssued, nameof(Volunteer), me.Id);
        await Db.SaveChangesAsync(HttpContext.RequestAborted);
        return Page();
    }
}
