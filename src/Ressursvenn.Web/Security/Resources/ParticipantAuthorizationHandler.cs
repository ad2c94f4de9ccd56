using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Participants;

namespace Ressursvenn.Web.Security.Resources;

/// <summary>
/// The one decision about a woman's record (SR5, SR8): her association's coordinators read, change and export it; a
/// national admin reads it only under an unexpired break-glass access of her own. Nobody else: not a coordinator of
/// another association, not a crisis centre, not a volunteer (her view of her woman goes through the match,
/// <see cref="MatchAuthorizationHandler"/>). A refusal is answered like a missing record by the callers (404).
/// </summary>
public sealed class ParticipantAuthorizationHandler(AppDbContext db, DataScope scope, TimeProvider clock)
    : ResourceAuthorizationHandler<ParticipantOperation, Participant>
{
    protected override async Task<bool> IsAllowedAsync(ClaimsPrincipal user, ParticipantOperation operation, Participant resource) =>
        operation == ParticipantOperation.BreakGlass
            ? user.IsInRole(Roles.NationalAdmin) && Caller.IdOf(user) is { } admin && await BreakGlassExpiresAtAsync(admin, resource.Id) is not null
            : Caller.IsCoordinator(user) && !scope.IsSystem && scope.AssociationIds.Contains(resource.AssociationId);

    /// <summary>When the admin's unexpired break-glass access to her record ends, or null when she holds none.</summary>
    public async Task<DateTime?> BreakGlassExpiresAtAsync(Guid adminId, Guid participantId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // A national admin has no association scope: her own grants are read past the filter (and only hers).
        return await db.BreakGlassAccesses.IgnoreQueryFilters()
            .Where(b => b.ParticipantId == participantId && b.UserId == adminId && b.ExpiresAt > now)
            .OrderByDescending(b => b.ExpiresAt)
            .Select(b => (DateTime?)b.ExpiresAt)
            .FirstOrDefaultAsync(ct);
    }
}
