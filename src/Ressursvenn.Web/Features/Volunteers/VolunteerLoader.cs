using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Security.Resources;

namespace Ressursvenn.Web.Features.Volunteers;

/// <summary>
/// The one way to open a volunteer's record by id (ADR 0018): it loads her and asks
/// <see cref="VolunteerAuthorizationHandler"/> for the operation; a refusal and an unknown id are both null (404, SR5).
/// <see cref="VolunteerOperation.Screen"/> and <see cref="VolunteerOperation.Self"/> read through the data scope with
/// her screening (tracked). <see cref="VolunteerOperation.Read"/> by a partner association's coordinator is the one read
/// past the volunteer filter: the bare record (untracked, no interview, certificate, training or declarations), and
/// only when the handler finds a match of the caller's association that holds her.
/// </summary>
public sealed class VolunteerLoader(AppDbContext db, IAuthorizationService authorization)
{
    /// <summary>Her record for this operation, or null: "answer 404".</summary>
    public async Task<Volunteer?> LoadAsync(ClaimsPrincipal user, Guid id, VolunteerOperation operation, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(operation);
        var volunteer = operation == VolunteerOperation.Read
            ? await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct)
              ?? await db.Volunteers.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct)
            : await db.Volunteers.WithScreening().FirstOrDefaultAsync(v => v.Id == id, ct);
        return await authorization.PermittedAsync(user, volunteer, operation);
    }
}
