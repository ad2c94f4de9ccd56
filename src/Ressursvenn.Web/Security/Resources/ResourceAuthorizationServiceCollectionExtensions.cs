using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Ressursvenn.Web.Security.Resources;

public static class ResourceAuthorizationServiceCollectionExtensions
{
    /// <summary>
    /// The one handler per resource (ADR 0018). Scoped: they read the request's <see cref="Data.DataScope"/> and context.
    /// The participant handler is also resolved by its type, for the break-glass expiry it owns.
    /// </summary>
    public static IServiceCollection AddResourceAuthorization(this IServiceCollection services)
    {
        services.AddScoped<ParticipantAuthorizationHandler>();
        services.AddScoped<IAuthorizationHandler>(sp => sp.GetRequiredService<ParticipantAuthorizationHandler>());
        services.AddScoped<IAuthorizationHandler, MatchAuthorizationHandler>();
        services.AddScoped<IAuthorizationHandler, VolunteerAuthorizationHandler>();
        return services;
    }
}
