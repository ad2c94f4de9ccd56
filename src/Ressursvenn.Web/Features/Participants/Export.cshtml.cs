using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Calendar;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Features.Apply;
using Ressursvenn.Web.Security;
using Ressursvenn.Web.Security.Resources;

namespace Ressursvenn.Web.Features.Participants;

/// <summary>
/// The data-subject export (innsyn, GDPR art. 15): everything stored about one woman, as a page that prints well
/// and as a JSON download, for her association's coordinators only. Each export is audited; nothing is written to
/// disk, and the answer is never cached. Staff appear by role, never by name.
/// Volunteers and matches do not exist yet (a later issue): when they do, her matches, meetings and what the
/// volunteer was shown belong in this export too.
/// </summary>
public sealed class ExportModel(AppDbContext db, ParticipantLoader access, AuditTrail audit, TimeProvider clock, ParticipantDetailsBuilder details)
    : ParticipantPageModel(db, access, audit, clock)
{
    /// <summary>The record as shown (note authors replaced by their role).</summary>
    public ParticipantDetails Details { get; private set; } = null!;

    public IReadOnlyList<ConsentRow> Consents { get; private set; } = [];

    public IReadOnlyList<ReferralRow> Referrals { get; private set; } = [];

    public IReadOnlyList<AuditRow> AuditTrail { get; private set; } = [];

    public DateTime ExportedAt { get; private set; }

    public sealed record ConsentRow(ConsentKind Kind, bool Given, DateTime RecordedAt, string TextVersion, DateTime? WithdrawnAt);

    public sealed record ReferralRow(
        string Reference, string Centre, DateTime SentAt, ReferralStatus Status, DeclineReason? Reason, DateTime? AcknowledgedAt, DateTime? ClosedAt,
        DateOnly? StartMeetingOn);

    /// <summary>One audit entry about her record: when, what, and the role of who did it (null: the system).</summary>
    public sealed record AuditRow(DateTime At, string Action, string? ActorRole);

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await OpenAsync(id, ParticipantOperation.Export))
        {
            return Denied();
        }

        await CollectAsync();
        await AuditExportAsync("html");
        DataSubjectExport.NoStore(Response);
        return Page();
    }

    public async Task<IActionResult> OnGetJsonAsync(Guid id)
    {
        if (!await OpenAsync(id, ParticipantOperation.Export))
        {
            return Denied();
        }

        await CollectAsync();
        var document = ToDocument();
        await AuditExportAsync("json");
        return DataSubjectExport.JsonDownload(Response, document, ExportedAt);
    }

    private async Task AuditExportAsync(string format)
    {
        Audit.Record(AuditActions.ParticipantExported, nameof(Participant), Participant.Id, format);
        await Db.SaveChangesAsync(HttpContext.RequestAborted);
    }

    private async Task CollectAsync()
    {
        var ct = HttpContext.RequestAborted;
        ExportedAt = Now;
        var p = Participant;
        var built = await details.BuildAsync(p, ct);

        var referralIds = p.Referrals.Select(r => (Guid?)r.Id).ToList();
        var entries = await Db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityId == p.Id || referralIds.Contains(e.EntityId))
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);

        // Roles only (a plain column): staff names are not part of her data.
        var actorIds = entries.Select(e => e.UserId)
            .Concat(p.Notes.Select(n => n.AuthorUserId))
            .OfType<Guid>().Distinct().ToList();
        var roles = await Db.Users.AsNoTracking().Where(u => actorIds.Contains(u.Id))
            .Select(u => new { u.Id, u.Role }).ToDictionaryAsync(u => u.Id, u => u.Role, ct);
        string? RoleOf(Guid? user) => user is { } u ? roles.GetValueOrDefault(u) : null;

        Details = built with
        {
            Notes = p.Notes.OrderByDescending(n => n.CreatedAt)
                .Select(n => new ParticipantDetails.NoteRow(n.CreatedAt, RoleOf(n.AuthorUserId) is { } role ? T("Role." + role) : "–", n.Text))
                .ToList(),
        };
        Consents = p.Consents.OrderBy(c => c.Kind).ThenBy(c => c.RecordedAt)
            .Select(c => new ConsentRow(c.Kind, c.Given, c.RecordedAt, c.TextVersion, c.WithdrawnAt))
            .ToList();
        var centres = built.Referrals.ToDictionary(r => r.Id, r => r.Centre);
        Referrals = p.Referrals.OrderBy(r => r.CreatedAt)
            .Select(r => new ReferralRow(
                r.Reference, centres.GetValueOrDefault(r.Id, "–"), r.CreatedAt, r.Status, r.DeclineReason, r.AcknowledgedAt, r.ClosedAt, r.StartMeetingOn))
            .ToList();
        AuditTrail = entries.Select(e => new AuditRow(e.At, e.Action, RoleOf(e.UserId))).ToList();
    }

    /// <summary>The same content as the page, in plain words in the user's language, for the JSON download.</summary>
    private object ToDocument()
    {
        var p = Participant;
        var contact = p.Contact;
        var profile = p.Profile;
        var risk = p.Risk;
        var intake = p.Intake;
        List<string> Words(string prefix, IEnumerable<string> codes) => codes.Select(c => T(prefix + c)).ToList();
        return new
        {
            exportedAt = ExportedAt,
            participant = new
            {
                name = p.Name,
                status = T("ParticipantStatus." + p.Status),
                protectedIdentity = p.IsProtected,
                safetyMarker = p.SafetyMarker,
                association = Details.Association,
                registeredAt = p.CreatedAt,
                waitingSince = p.WaitingSince,
                closedAt = p.ClosedAt,
            },
            safeContact = new
            {
                channel = T("Channel." + contact.Channel),
                phone = contact.Phone,
                email = contact.Email,
                safeTimes = contact.SafeTimes,
                mayLeaveMessage = contact.MayLeaveMessage,
                codeWord = contact.CodeWord,
            },
            area = new
            {
                municipality = Details.Municipality,
                postalCode = p.Area.PostalCode,
                county = Details.County,
            },
            profile = new
            {
                languages = Words("Language.", profile.Languages),
                ageGroup = profile.AgeGroup is { } ageGroup ? T("AgeGroup." + ageGroup) : null,
                needsSameLanguage = profile.NeedsSameLanguage,
                needsInterpreter = profile.NeedsInterpreter,
                interests = Words("Interest.", profile.Interests),
                needs = Words("Need.", profile.Needs),
                otherNeeds = profile.OtherNeeds,
                movesOutOn = profile.MovesOutOn,
            },
            safetyInMatching = new
            {
                honourRelatedViolence = risk.HonourRelatedViolence,
                negativeSocialControl = risk.NegativeSocialControl,
                forcedMarriage = risk.ForcedMarriage,
                municipalitiesToAvoid = Details.MunicipalitiesToAvoid,
                networksToAvoid = risk.NetworksToAvoid,
            },
            intake = intake is null ? null : new
            {
                heldOn = intake.HeldOn,
                summary = intake.Summary,
                volunteerMinAge = intake.VolunteerMinAge,
                volunteerMaxAge = intake.VolunteerMaxAge,
                outsideOwnCommunity = intake.OutsideOwnCommunity,
                wishedLanguages = intake.WishedLanguages.Select(l => T("Language." + l)).ToList(),
                wishes = intake.Wishes,
                availability = AvailabilityGrid.Days.Select((day, d) => new
                {
                    day = T("Apply.Day." + day),
                    free = AvailabilityGrid.PartNames.Where((_, part) => (intake.Availability & (1 << AvailabilityGrid.Slot(d, part))) != 0)
                        .Select(part => T("Apply.Part." + part)).ToList(),
                }),
            },
            consents = Consents.Select(c => new
            {
                consent = T("Consent." + c.Kind),
                given = c.Given,
                recordedAt = c.RecordedAt,
                textVersion = c.TextVersion,
                withdrawnAt = c.WithdrawnAt,
            }),
            referrals = Referrals.Select(r => new
            {
                reference = r.Reference,
                crisisCentre = r.Centre,
                sentAt = r.SentAt,
                status = T("ReferralStatus." + r.Status),
                declineReason = r.Reason is { } reason ? T("DeclineReason." + reason) : null,
                acknowledgedAt = r.AcknowledgedAt,
                closedAt = r.ClosedAt,
                startMeetingOn = r.StartMeetingOn,
            }),
            notes = Details.Notes.Select(n => new { at = n.At, by = n.Author, text = n.Text }),
            auditTrail = AuditTrail.Select(a => new
            {
                at = a.At,
                action = T("AuditAction." + a.Action),
                by = a.ActorRole is { } role ? T("Role." + role) : T("Export.System"),
            }),
        };
    }
}
