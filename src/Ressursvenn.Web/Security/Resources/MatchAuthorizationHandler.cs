using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Matching;

namespace Ressursvenn.Web.Security.Resources;

/// <summary>
/// The one decision about a match (SR5, SR7): coordinators of the association that runs it (the woman's) read it and
/// take its steps; the volunteer of the match reads it and answers its proposal before the start meeting. What she then
/// sees of the woman is shaped by the page (SR7). Nobody else, also not the lending partner association: it sees that
/// its volunteer is taken through the match filter in lists, never the match record (decline note).
/// </summary>
public sealed class MatchAuthorizationHandler(AppDbContext db, DataScope scope) : ResourceAuthorizationHandler<MatchOperation, Match>
{
    protected override async Task<bool> IsAllowedAsync(ClaimsPrincipal user, MatchOperation operation, Match resource)
    {
        var runsIt = Caller.IsCoordinator(user) && !scope.IsSystem && scope.AssociationIds.Contains(resource.AssociationId);
        if (runsIt && operation != MatchOperation.Answer)
        {
            return true;
        }

        var hers = operation == MatchOperation.Read || (operation == MatchOperation.Answer && resource.IsBeforeStart);
        return hers && await IsHerOwnAsync(user, resource);
    }

    /// <summary>The signed-in volunteer is the match's volunteer (her record read through her own scope).</summary>
    private async Task<bool> IsHerOwnAsync(ClaimsPrincipal user, Match match) =>
        Caller.VolunteerOf(user, scope) is { } userId && match.VolunteerId is { } volunteerId
        && await db.Volunteers.AnyAsync(v => v.Id == volunteerId && v.UserId == userId);
}
