using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Volunteers;

namespace Ressursvenn.Web.Security.Resources;

/// <summary>
/// The one decision about a volunteer's record (SR5, SR7): her association's coordinators read and screen it; a
/// coordinator whose association runs a match with her as a lent volunteer reads who she is (nothing of her
/// screening); she herself reads and changes her own record on her pages. Nobody else.
/// </summary>
public sealed class VolunteerAuthorizationHandler(AppDbContext db, DataScope scope) : ResourceAuthorizationHandler<VolunteerOperation, Volunteer>
{
    protected override async Task<bool> IsAllowedAsync(ClaimsPrincipal user, VolunteerOperation operation, Volunteer resource)
    {
        if (operation == VolunteerOperation.Self)
        {
            return Caller.VolunteerOf(user, scope) is { } userId && resource.UserId == userId;
        }

        var coordinator = Caller.IsCoordinator(user) && !scope.IsSystem;
        var ownAssociation = coordinator && scope.AssociationIds.Contains(resource.AssociationId);
        return ownAssociation || (operation == VolunteerOperation.Read && coordinator && await IsLentToMyAssociationAsync(resource));
    }

    /// <summary>A match run by one of the caller's associations holds her as a partner association's volunteer.</summary>
    private Task<bool> IsLentToMyAssociationAsync(Volunteer volunteer)
    {
        var associations = scope.AssociationIds;
        return db.Matches.AnyAsync(m => m.VolunteerId == volunteer.Id && m.VolunteerAssociationId == volunteer.AssociationId
            && associations.Contains(m.AssociationId));
    }
}
