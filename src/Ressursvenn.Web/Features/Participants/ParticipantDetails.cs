using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Participants;

namespace Ressursvenn.Web.Features.Participants;

/// <summary>Everything shown about one woman, with codes resolved to names: her record page, the break-glass view and the data-subject export.</summary>
public sealed record ParticipantDetails(
    Participant Participant,
    string Association,
    string? Municipality,
    string? County,
    IReadOnlyList<string> MunicipalitiesToAvoid,
    IReadOnlyList<ParticipantDetails.ReferralRow> Referrals,
    IReadOnlyList<ParticipantDetails.NoteRow> Notes)
{
    public sealed record ReferralRow(Guid Id, string Reference, string Centre, DateTime SentAt, ReferralStatus Status, DeclineReason? Reason, DateTime? AcknowledgedAt, DateTime? ClosedAt);

    public sealed record NoteRow(DateTime At, string Author, string Text);
}

/// <summary>Builds <see cref="ParticipantDetails"/> for a record already opened through <see cref="ParticipantLoader"/>.</summary>
public sealed class ParticipantDetailsBuilder(AppDbContext db)
{
    public async Task<ParticipantDetails> BuildAsync(Participant participant, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(participant);
        var area = participant.Area;
        var risk = participant.Risk;
        var codes = risk.MunicipalitiesToAvoid.Append(area.MunicipalityCode ?? string.Empty).ToList();
        var municipalities = await db.Municipalities.AsNoTracking().Where(m => codes.Contains(m.Code)).ToDictionaryAsync(m => m.Code, m => m.Name, ct);
        var county = area.CoarseCountyCode is { } code ? await db.Counties.Where(c => c.Code == code).Select(c => c.Name).FirstOrDefaultAsync(ct) : null;
        var association = await db.Associations.Where(a => a.Id == participant.AssociationId).Select(a => a.Name).FirstOrDefaultAsync(ct) ?? string.Empty;
        var centres = await db.CrisisCentres.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var authorIds = participant.Notes.Select(n => n.AuthorUserId).OfType<Guid>().Distinct().ToList();
        // Whole users, not projections: display names are encrypted and decrypted on load (ADR 0008).
        var authors = (await db.Users.AsNoTracking().Where(u => authorIds.Contains(u.Id)).ToListAsync(ct)).ToDictionary(u => u.Id, u => u.DisplayName);
        return new ParticipantDetails(
            participant,
            association,
            area.MunicipalityCode is { } m ? municipalities.GetValueOrDefault(m, m) : null,
            county,
            risk.MunicipalitiesToAvoid.Select(c => municipalities.GetValueOrDefault(c, c)).ToList(),
            participant.Referrals.OrderByDescending(r => r.CreatedAt)
                .Select(r => new ParticipantDetails.ReferralRow(r.Id, r.Reference, centres.GetValueOrDefault(r.CrisisCentreId, "–"), r.CreatedAt, r.Status, r.DeclineReason, r.AcknowledgedAt, r.ClosedAt))
                .ToList(),
            participant.Notes.OrderByDescending(n => n.CreatedAt)
                .Select(n => new ParticipantDetails.NoteRow(n.CreatedAt, n.AuthorUserId is { } a ? authors.GetValueOrDefault(a, "–") : "–", n.Text))
                .ToList());
    }
}
