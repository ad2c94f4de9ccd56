using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.OpenApi;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Shared;

/// <summary>
/// The JSON API (version 1) for referrals, participants, volunteers and matching, and its OpenAPI document. It is the same application as
/// the pages, with the same login and the same authorization: the session cookie identifies the caller, every endpoint
/// names a policy of <see cref="Policies.RolesByPolicy"/> (the access-matrix test checks it), the data scope limits
/// what a query can see, and an unsafe request must carry the antiforgery token in the RequestVerificationToken header.
/// An anonymous call answers 401, a refused or missing record 404 (never 403), all as problem details.
/// </summary>
public static class ApiEndpoints
{
    public const string Prefix = "/api/v1";
    public const string OpenApiPath = "/openapi/v1.json";

    /// <summary>Whether a request is for the JSON API (its errors are problem details, an anonymous call is a 401).</summary>
    public static bool IsApi(PathString path) => path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));
        // Development would otherwise throw on a query value that cannot be bound (a 500); every environment answers 400.
        builder.Services.PostConfigure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        builder.Services.AddOpenApi(o =>
        {
            // Only the JSON API is described; pages, health checks and the document itself are not.
            o.ShouldInclude = d => d.RelativePath?.StartsWith(Prefix[1..] + "/", StringComparison.OrdinalIgnoreCase) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Ressursvenn API",
                    Version = "v1",
                    Description = "Referrals, participants, volunteers and matching, with the same authorization as the pages. Authenticate by logging in "
                        + "(the session cookie); send the antiforgery token from GET " + Prefix + "/antiforgery in the "
                        + "RequestVerificationToken header with every POST. Errors are RFC 9457 problem details.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
                {
                    ["session"] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.ApiKey,
                        In = ParameterLocation.Cookie,
                        Name = SecurityServiceCollectionExtensions.AuthCookieName,
                        Description = "The session cookie set by logging in through the pages (password and, for staff, a one-time code).",
                    },
                    ["antiforgery"] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.ApiKey,
                        In = ParameterLocation.Header,
                        Name = "RequestVerificationToken",
                        Description = "Required on POST: the token from GET " + Prefix + "/antiforgery (or the page's rv-csrf meta tag).",
                    },
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("session", document)] = [] }];
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary>The audit detail of a record or list read through the API rather than a page.</summary>
    public const string AuditDetail = "api";

    /// <summary>
    /// Maps the API, each capability's endpoints (its folder's <c>Map</c>) and the OpenAPI document. Call after the pages
    /// are mapped.
    /// </summary>
    public static WebApplication MapApi(this WebApplication app, params Action<RouteGroupBuilder>[] capabilities)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(capabilities);
        var api = app.MapGroup(Prefix).AddEndpointFilter<AntiforgeryFilter>();
        api.MapGet("/antiforgery", AntiforgeryToken)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("GetAntiforgeryToken")
            .WithTags("Session")
            .WithSummary("An antiforgery token for the RequestVerificationToken header of later POSTs.");
        foreach (var map in capabilities)
        {
            map(api);
        }

        app.MapOpenApi(OpenApiPath).RequireAuthorization(Policies.SignedIn);
        return app;
    }

    private static Ok<AntiforgeryTokenResponse> AntiforgeryToken(HttpContext http, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        TypedResults.Ok(new AntiforgeryTokenResponse(antiforgery.GetAndStoreTokens(http).RequestToken ?? string.Empty));
}
