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
    AppDbContext db, ParticipantLoader access, AuditTrail audit, TimeProvider clock, ParticipantDetailsBuilder details, ProgrammeSettingsService settings)
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

    [BindProperty]
    [Required(ErrorMessage = "Notes.Required")]
    [StringLength(500, ErrorMessage = "Notes.TooLong")]
    [Display(Name = "Notes.New")]
    public string? NoteText { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        return await ShowAsync();
    }

    public Task<IActionResult> OnPostAcknowledgeAsync(Guid id) =>
        StepAsync(id, p => ParticipantLifecycle.Acknowledge(p, Now), AuditActions.ReferralAcknowledged, "Participant.Acknowledged");

    public Task<IActionResult> OnPostWaitingListAsync(Guid id) =>
        StepAsync(id, p => ParticipantLifecycle.PutOnWaitingList(p, Now), AuditActions.ParticipantWaiting, "Participant.NowWaiting");

    public async Task<IActionResult> OnPostLinkAsync(Guid id, Guid earlierId)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        ModelState.Remove(nameof(NoteText));
        var earlier = await Db.Participants.Include(p => p.Consents).Include(p => p.Referrals).AsSplitQuery().FirstOrDefaultAsync(p => p.Id == earlierId);
        if (earlier is null || !SameName(earlier, Participant))
        {
            return Denied();
        }

        ExpectVersion(Db, Participant, Version);
        // A protected record keeps only a county: the one the new referral's municipality lies in, if it named one.
        var municipality = Participant.Area.MunicipalityCode;
        var county = municipality is null ? null
            : await Db.Municipalities.AsNoTracking().Where(m => m.Code == municipality).Select(m => m.CountyCode).FirstOrDefaultAsync();
        if (!TryStep(() => ParticipantLifecycle.LinkToEarlierRecord(Participant, earlier, _ => county)))
        {
            return await ShowAsync();
        }

        // The duplicate record goes; its referral now belongs to her earlier record.
        Db.Participants.Remove(Participant);
        Audit.Record(AuditActions.ParticipantLinked, nameof(Participant), earlier.Id);
        if (!await TrySaveStepAsync())
        {
            return await ShowAsync();
        }

        StatusMessage = T("Participant.Linked");
        return Redirect($"/deltaker/{earlier.Id}");
    }

    public async Task<IActionResult> OnPostNoteAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        if (!ModelState.IsValid)
        {
            return await ShowAsync();
        }

        // Added through its set: a new child with a client-made key found through a navigation would be taken for an update.
        Db.ParticipantNotes.Add(new ParticipantNote
        {
            ParticipantId = Participant.Id,
            Text = NoteText!.Trim(),
            AuthorUserId = Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!),
            CreatedAt = Now,
        });
        Audit.Record(AuditActions.NoteAdded, nameof(Participant), Participant.Id);
        await Db.SaveChangesAsync();
        StatusMessage = T("Notes.Added");
        return BackToRecord();
    }

    private async Task<IActionResult> StepAsync(Guid id, Action<Participant> step, string action, string done)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        ModelState.Remove(nameof(NoteText));
        ExpectVersion(Db, Participant, Version);
        if (!TryStep(() => step(Participant)))
        {
            return await ShowAsync();
        }

        Audit.Record(action, nameof(Participant), Participant.Id);
        if (!await TrySaveStepAsync())
        {
            return await ShowAsync();
        }

        StatusMessage = T(done);
        return BackToRecord();
    }

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
