using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Participants;

/// <summary>
/// One woman's record for her association's coordinators: the safety marker first, then everything the
/// association holds, and the next steps of her lifecycle (acknowledge, intake, waiting list, decline), short notes,
/// and — for a new referral of a woman known before — linking it to her earlier record.
/// </summary>
public sealed class RecordModel(
    AppDbContext db, ParticipantLoader access, AuditTrail audit, TimeProvider clock, ParticipantDetailsBuilder details, ProgrammeSettingsService settings,
    ParticipantService participants)
    : ParticipantPageModel(db, access, audit, clock)
{
    public ParticipantDetails Details { get; private set; } = null!;

    public IReadOnlyList<EarlierRecord> EarlierRecords { get; private set; } = [];

    public Referral? OpenReferral { get; private set; }

    public DateOnly? AcknowledgeBy { get; private set; }

    /// <summary>Her open proposal or match (from proposed until closed), if any.</summary>
    public Domain.Matching.Match? OpenMatch { get; private set; }

    public sealed record EarlierRecord(Guid Id, ParticipantStatus Status, DateTime? ClosedAt, int Referrals);

    [BindProperty]
    public long Version { get; set; }

    /// <summary>The note form: bound only by its own handler, so no other form's post is checked against it.</summary>
    [HandlerInput]
    public NoteInput Note { get; set; } = new();

    public sealed class NoteInput
    {
        [Required(ErrorMessage = "Notes.Required")]
        [StringLength(500, ErrorMessage = "Notes.TooLong")]
        [Display(Name = "Notes.New")]
        public string? Text { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        return await ShowAsync();
    }

    public Task<IActionResult> OnPostAcknowledgeAsync(Guid id) => StepAsync(id, participants.Acknowledge(), "Participant.Acknowledged");

    public Task<IActionResult> OnPostWaitingListAsync(Guid id) => StepAsync(id, participants.PutOnWaitingList(), "Participant.NowWaiting");

    public async Task<IActionResult> OnPostLinkAsync(Guid id, Guid earlierId)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        var earlier = await Db.Participants.Include(p => p.Consents).Include(p => p.Referrals).AsSplitQuery().FirstOrDefaultAsync(p => p.Id == earlierId);
        if (earlier is null || !SameName(earlier, Participant))
        {
            return Denied();
        }

        var step = await participants.LinkToEarlierRecordAsync(Participant, earlier, HttpContext.RequestAborted);
        if (!Saved(await participants.RunAsync(Participant, Version, step, HttpContext.RequestAborted)))
        {
            return await ReopenAsync(id);
        }

        StatusMessage = T("Participant.Linked");
        return Redirect($"/deltaker/{earlier.Id}");
    }

    public async Task<IActionResult> OnPostNoteAsync(Guid id, NoteInput note)
    {
        ArgumentNullException.ThrowIfNull(note);
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        Note = note;
        if (!ModelState.IsValid)
        {
            return await ShowAsync();
        }

        var author = Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        if (!Saved(await participants.RunAsync(Participant, null, participants.AddNote(note.Text!, author), HttpContext.RequestAborted)))
        {
            return await ReopenAsync(id);
        }

        StatusMessage = T("Notes.Added");
        return BackToRecord();
    }

    private async Task<IActionResult> StepAsync(Guid id, ParticipantStep step, string done)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        if (!Saved(await participants.RunAsync(Participant, Version, step, HttpContext.RequestAborted)))
        {
            return await ReopenAsync(id);
        }

        StatusMessage = T(done);
        return BackToRecord();
    }

    /// <summary>After a refused or lost step (the unit of work discarded): her record as it stands now, with the message.</summary>
    private async Task<IActionResult> ReopenAsync(Guid id) => await OpenAsync(id) ? await ShowAsync() : Denied();

    private async Task<IActionResult> ShowAsync()
    {
        Details = await details.BuildAsync(Participant);
        Version = Participant.Version;
        OpenReferral = Participant.Referrals.Where(r => r.ClosedAt is null).OrderByDescending(r => r.CreatedAt).FirstOrDefault();
        if (OpenReferral is { AcknowledgedAt: null } open)
        {
            AcknowledgeBy = AcknowledgementDeadline.DueBy(open.CreatedAt, await settings.GetAsync());
        }

        if (Participant.Status == ParticipantStatus.Referred)
        {
            // A woman referred again: her earlier, closed record in this association (names compared after decryption).
            var closed = await Db.Participants.AsNoTracking().Include(p => p.Referrals)
                .Where(p => p.AssociationId == Participant.AssociationId && p.Id != Participant.Id
                            && (p.Status == ParticipantStatus.Closed || p.Status == ParticipantStatus.Declined))
                .ToListAsync();
            EarlierRecords = closed.Where(p => SameName(p, Participant))
                .Select(p => new EarlierRecord(p.Id, p.Status, p.ClosedAt, p.Referrals.Count)).ToList();
        }

        OpenMatch = await Db.Matches.AsNoTracking().FirstOrDefaultAsync(m => m.ParticipantId == Participant.Id && m.ParticipantSlot != null);
        await AuditViewAsync();
        return Page();
    }

    private static bool SameName(Participant a, Participant b) =>
        string.Equals(a.Name.Trim(), b.Name.Trim(), StringComparison.CurrentCultureIgnoreCase);
}
