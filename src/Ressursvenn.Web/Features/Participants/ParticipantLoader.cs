using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Security.Resources;

namespace Ressursvenn.Web.Features.Participants;

/// <summary>
/// The one way to open a woman's record (ADR 0018): it loads her with consents, notes and referrals and asks
/// <see cref="ParticipantAuthorizationHandler"/> for the operation. A refused operation and an unknown id are both null,
/// so the caller answers 404 either way (SR5). Only <see cref="ParticipantOperation.BreakGlass"/> reads past the
/// association filter, untracked, and only to hand the record to the handler's break-glass check. Every opening is
/// audited by the caller's page.
/// </summary>
public sealed class ParticipantLoader(AppDbContext db, IAuthorizationService authorization, ParticipantAuthorizationHandler handler)
{
    /// <summary>Her record (tracked, so a page may change it; untracked under break-glass), or null: "answer 404".</summary>
    public async Task<Participant?> LoadAsync(ClaimsPrincipal user, Guid id, ParticipantOperation operation, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(operation);
        var participant = operation == ParticipantOperation.BreakGlass
            ? await WithDetails(db.Participants.IgnoreQueryFilters()).AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct)
            : await WithDetails(db.Participants).FirstOrDefaultAsync(p => p.Id == id, ct);
        return await authorization.PermittedAsync(user, participant, operation);
    }

    /// <summary>When the admin's unexpired break-glass access to this record ends (UTC), or null.</summary>
    public Task<DateTime?> BreakGlassExpiresAtAsync(Guid adminId, Guid participantId, CancellationToken ct = default) =>
        handler.BreakGlassExpiresAtAsync(adminId, participantId, ct);

    /// <summary>
    /// The record a referral reference names, for a national admin asking for break-glass (she has no association
    /// scope): its id and association only, or null when the reference is unknown or her record is gone.
    /// </summary>
    public async Task<(Guid Id, Guid AssociationId)?> FindForBreakGlassAsync(string reference, CancellationToken ct = default)
    {
        var participantId = await db.Referrals.IgnoreQueryFilters()
            .Where(r => r.Reference == reference && r.ParticipantId != null)
            .Select(r => r.ParticipantId)
            .FirstOrDefaultAsync(ct);
        var found = participantId is { } id
            ? await db.Participants.IgnoreQueryFilters().Where(p => p.Id == id).Select(p => new { p.Id, p.AssociationId }).FirstOrDefaultAsync(ct)
            : null;
        return found is null ? null : (found.Id, found.AssociationId);
    }

    private static IQueryable<Participant> WithDetails(IQueryable<Participant> query) =>
        query.Include(p => p.Consents).Include(p => p.Notes).Include(p => p.Referrals).AsSplitQuery();
}
