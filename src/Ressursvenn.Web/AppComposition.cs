using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Features;
using Ressursvenn.Web.Features.Shared;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web;

public static class AppComposition
{
    /// <summary>The tag of the health checks /health/ready (and /health) runs; /health/live runs none.</summary>
    public const string ReadinessTag = "ready";

    public static WebApplicationBuilder AddRessursvenn(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddInfrastructure().AddData().AddSecurity().AddFeatures().AddApi();
    }

    /// <summary>The request pipeline. The order matters and is explained line by line.</summary>
    public static WebApplication UseRessursvenn(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Configuration.GetValue("ForwardedHeaders:Enabled", false))
        {
            // Behind a reverse proxy (README: topology): trust X-Forwarded-For/-Proto from the configured proxies.
            app.UseForwardedHeaders();
        }

        // Headers first, so even error pages carry the CSP, no-store and the rest.
        app.UseMiddleware<SecurityHeadersMiddleware>();
        // Never a stack trace to the browser (SR3): a neutral error page, and 404/429 pages in the user's language.
        app.UseExceptionHandler("/feil");
        app.UseStatusCodePagesWithReExecute("/status/{0}");
        // The JSON API answers errors (500) and the same refusals (401 anonymous, 404 denied or missing, ...) as problem
        // details instead, in every environment; a request it cannot read (bad query value) is a 400, never a 500.
        app.UseWhen(c => ApiEndpoints.IsApi(c.Request.Path), api => api
            .UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandler = ApiProblems.WriteProblemAsync,
                StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            })
            .UseStatusCodePages(ApiProblems.WriteStatusCodeAsync));
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = "public, max-age=86400",
        });
        // A NUL in a posted form is removed before anything reads the form (it would otherwise refuse the whole post).
        app.UseMiddleware<NulCharacterMiddleware>();
        app.UseCookiePolicy();
        app.UseRouting();
        app.UseRequestLocalization();
        app.UseRateLimiter();
        app.UseAuthentication();
        // After authentication has found an expired session, before authorization sends the user to log in.
        app.UseMiddleware<FormDraftMiddleware>();
        app.UseAuthorization();
        app.UseMiddleware<Data.DataScopeMiddleware>();

        app.MapRazorPages();
        // A page without a role entry stops the app here, before it serves anything.
        PageAccess.EnsureEveryPageHasARole(app.Services.GetRequiredService<Microsoft.AspNetCore.Mvc.Infrastructure.IActionDescriptorCollectionProvider>()
            .ActionDescriptors.Items.OfType<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>().Select(page => page.ViewEnginePath));
        app.MapApi(
            Features.Referrals.ReferralEndpoints.Map,
            Features.Participants.ParticipantEndpoints.Map,
            Features.Volunteers.VolunteerEndpoints.Map,
            Features.Matching.MatchingEndpoints.Map);
        // Liveness: the process answers (no dependency checked, so a database outage never restarts the instances).
        // Readiness: the instance can serve, its database included; /health is the same as readiness (kept for
        // existing monitors).
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous().DisableRateLimiting();
        var readiness = new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadinessTag) };
        app.MapHealthChecks("/health/ready", readiness).AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks("/health", readiness).AllowAnonymous().DisableRateLimiting();
        return app;
    }

    /// <summary>Prepares the database (a clear message if it cannot), starts serving, and prints the setup link when needed.</summary>
    public static async Task PrepareAndRunAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var database = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        await StartupTasks.PrepareDatabaseAsync(app.Services, database.MigrateOnStart, markRunning: true);
        await app.StartAsync();
        await StartupTasks.PrintSetupLinkIfNeededAsync(app.Services, Console.Out);
        await app.WaitForShutdownAsync();
    }
}
