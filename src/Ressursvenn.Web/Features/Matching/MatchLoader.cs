using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Security.Resources;

namespace Ressursvenn.Web.Features.Matching;

/// <summary>
/// The one way to open a match (ADR 0018): it loads it through the data scope and asks
/// <see cref="MatchAuthorizationHandler"/> for the operation; a refusal and an unknown id are both null (404, SR5). It
/// also holds the volunteer's one read of a woman's record past the participant filter (SR7).
/// </summary>
public sealed class MatchLoader(AppDbContext db, IAuthorizationService authorization)
{
    /// <summary>The match (tracked, so a step may change it), or null: "answer 404".</summary>
    public async Task<Match?> LoadAsync(ClaimsPrincipal user, Guid id, MatchOperation operation, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(operation);
        var match = await db.Matches.FirstOrDefaultAsync(m => m.Id == id, ct);
        return await authorization.PermittedAsync(user, match, operation);
    }

    /// <summary>
    /// The woman of a volunteer's own match (untracked, with her consents), or null when the caller is not the match's
    /// volunteer. A volunteer's data scope shows no participant at all: this is the one bypass of that filter for her,
    /// and the caller shows only the fields of the view (<see cref="MyPages.MyMatches"/>).
    /// </summary>
    public async Task<Participant?> WomanForVolunteerAsync(ClaimsPrincipal user, Match match, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(match);
        if (!user.IsInRole(Roles.Volunteer) || !(await authorization.AuthorizeAsync(user, match, MatchOperation.Read)).Succeeded)
        {
            return null;
        }

        return await db.Participants.IgnoreQueryFilters().AsNoTracking().Include(p => p.Consents)
            .FirstOrDefaultAsync(p => p.Id == match.ParticipantId && p.AssociationId == match.AssociationId, ct);
    }
}
