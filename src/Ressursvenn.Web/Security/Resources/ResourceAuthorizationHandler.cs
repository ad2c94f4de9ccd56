using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Ressursvenn.Web.Security.Resources;

/// <summary>The shape of the one handler per resource: it answers whether the user may do the operation on the resource.</summary>
public abstract class ResourceAuthorizationHandler<TOperation, TResource> : AuthorizationHandler<TOperation, TResource>
    where TOperation : ResourceOperation
{
    protected sealed override async Task HandleRequirementAsync(AuthorizationHandlerContext context, TOperation requirement, TResource resource)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        ArgumentNullException.ThrowIfNull(resource);
        if (await IsAllowedAsync(context.User, requirement, resource))
        {
            context.Succeed(requirement);
        }
    }

    protected abstract Task<bool> IsAllowedAsync(ClaimsPrincipal user, TOperation operation, TResource resource);
}

public static class ResourceAuthorization
{
    /// <summary>
    /// The resource when the user may do the operation on it, else null: a refusal reads like a missing record, and the
    /// caller answers 404 either way (SR5).
    /// </summary>
    public static async Task<T?> PermittedAsync<T>(this IAuthorizationService authorization, ClaimsPrincipal user, T? resource, ResourceOperation operation)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(authorization);
        return resource is not null && (await authorization.AuthorizeAsync(user, resource, operation)).Succeeded ? resource : null;
    }
}
