using System.Globalization;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Infrastructure.Email;
using Ressursvenn.Web.Infrastructure.Messaging;
using Ressursvenn.Web.Infrastructure.Scheduling;
using Ressursvenn.Web.Infrastructure.ReferenceData;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Infrastructure;

public static class InfrastructureServiceCollectionExtensions
{
    public const string CultureCookieName = "__Host-rv-lang";

    public static readonly CultureInfo[] Cultures = [new("nb-NO"), new("en")];

    public static WebApplicationBuilder AddInfrastructure(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<ReferenceDataLoader>();
        services.AddScoped<EmailTemplates>();
        services.AddSingleton<OwnAddress>();
        services.AddScoped<ProgrammeSettingsService>();
        services.AddScoped<VolunteerErasure>();
        services.AddSingleton<Backup.BackupService>();
        services.AddSingleton<DatabaseLocks>();
        services.AddSingleton<RunningInstanceMarker>();
        services.AddHostedService(sp => sp.GetRequiredService<RunningInstanceMarker>());
        services.Configure<KeyStorageOptions>(builder.Configuration.GetSection(KeyStorageOptions.Section));
        // The jobs run on the scheduler (ADR 0017): once per interval across instances, on a schedule kept in the database.
        services.AddSingleton<HousekeepingJob>();
        services.AddSingleton(new ScheduledJob("housekeeping", HousekeepingJob.Interval, (sp, ct) => sp.GetRequiredService<HousekeepingJob>().RunOnceAsync(ct)));
        services.AddSingleton<RenewalReminderJob>();
        services.AddSingleton(new ScheduledJob("renewal-reminders", RenewalReminderJob.Interval, (sp, ct) => sp.GetRequiredService<RenewalReminderJob>().RunOnceAsync(ct)));
        services.AddHostedService<JobScheduler>();
        services.AddOptions<OutboxOptions>().Bind(builder.Configuration.GetSection(OutboxOptions.Section));
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxCommitSignal>();
        services.AddScoped<Outbox>();
        services.AddHostedService<OutboxDispatcher>();

        services.AddOptions<EmailOptions>().Bind(builder.Configuration.GetSection(EmailOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, PublicBaseUrlValidator>());
        // Host filtering follows the public address unless AllowedHosts names hosts itself (loopback stays allowed for probes).
        services.PostConfigure<HostFilteringOptions>(o => o.AllowedHosts = AllowedHosts(o.AllowedHosts, builder.Configuration));
        var email = builder.Configuration.GetSection(EmailOptions.Section).Get<EmailOptions>() ?? new EmailOptions();
        EmailDeliveryValidator.Validate(email, builder.Environment);
        services.PostConfigure<EmailOptions>(o => o.PickupFolder = string.IsNullOrWhiteSpace(o.PickupFolder) ? email.PickupFolder : o.PickupFolder);
        services.AddSingleton<MailPickupFolder>();
        if (string.IsNullOrWhiteSpace(email.Smtp.Host))
        {
            services.AddSingleton<PickupFolderEmailSender>();
            services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<PickupFolderEmailSender>());
        }
        else
        {
            services.AddSingleton<IEmailSender, SmtpEmailSender>();
        }

        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders =
            [
                new CookieRequestCultureProvider { CookieName = CultureCookieName },
            ];
        });

        // Readiness: the database answers a query on the app's own schema (on SQLite, "can connect" only means the file exists).
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: [AppComposition.ReadinessTag],
            customTestQuery: async (db, ct) =>
            {
                _ = await db.Users.AnyAsync(ct);
                return true;
            });
        AddTelemetry(builder);
        return builder;
    }

    /// <summary>
    /// The hosts the app answers: those AllowedHosts names, or (when it is unset or "*") the host of Email:PublicBaseUrl
    /// and loopback. Without a public address (Development only) every host is allowed; links never use it anyway.
    /// </summary>
    public static IList<string> AllowedHosts(IList<string>? configured, IConfiguration configuration)
    {
        var explicitHosts = configured?.Where(h => !string.IsNullOrWhiteSpace(h)).ToList() ?? [];
        if (explicitHosts.Count > 0 && !(explicitHosts.Count == 1 && explicitHosts[0] == "*"))
        {
            return explicitHosts;
        }

        return PublicBaseUrlValidator.TryParse(configuration[$"{EmailOptions.Section}:{nameof(EmailOptions.PublicBaseUrl)}"], out var publicUrl)
            ? [publicUrl.IdnHost, "localhost", "127.0.0.1", "[::1]"]
            : ["*"];
    }

    /// <summary>OpenTelemetry traces and metrics, switched on by OpenTelemetry:Enabled (OTLP exporter, standard OTEL_* settings).</summary>
    private static void AddTelemetry(WebApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue("OpenTelemetry:Enabled", false))
        {
            return;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("ressursvenn"))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o =>
                {
                    // Paths can hold one-time tokens in query strings: never export them.
                    o.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
                })
                .AddOtlpExporter())
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentationIfAvailable()
                .AddOtlpExporter());
    }

    private static MeterProviderBuilder AddRuntimeInstrumentationIfAvailable(this MeterProviderBuilder builder) =>
        builder.AddMeter("System.Runtime", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel");
}
