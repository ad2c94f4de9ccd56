using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Data;

/// <summary>Sets the request's <see cref="DataScope"/> from the signed-in user: a coordinator's associations, a crisis-centre employee's centre, a volunteer's own record.</summary>
public sealed class DataScopeMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, DataScope scope, AppDbContext db)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            if (user.IsInRole(Roles.Coordinator))
            {
                scope.UseAssociations(await db.CoordinatorAssociations.Where(c => c.UserId == userId).Select(c => c.AssociationId).ToListAsync(context.RequestAborted));
            }
            else if (user.IsInRole(Roles.Volunteer))
            {
                scope.UseVolunteer(userId);
            }
            else if (user.IsInRole(Roles.CrisisCentreStaff)
                     && await db.Users.Where(u => u.Id == userId).Select(u => u.CrisisCentreId).FirstOrDefaultAsync(context.RequestAborted) is { } centre)
            {
                scope.UseCrisisCentre(centre);
            }
        }

        await next(context);
    }
}
