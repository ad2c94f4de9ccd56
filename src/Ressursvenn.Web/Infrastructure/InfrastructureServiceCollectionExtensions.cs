using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.Razor;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Infrastructure.Email;
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
        services.AddScoped<ProgrammeSettingsService>();
        services.AddScoped<VolunteerErasure>();
        services.AddSingleton<Backup.BackupService>();
        services.Configure<KeyStorageOptions>(builder.Configuration.GetSection(KeyStorageOptions.Section));
        services.AddHostedService<HousekeepingJob>();
        services.AddHostedService<RetentionJob>();
        services.AddHostedService<RenewalReminderJob>();

        var email = builder.Configuration.GetSection(EmailOptions.Section).Get<EmailOptions>() ?? new EmailOptions();
        EmailDeliveryValidator.Validate(email, builder.Environment);
        services.Configure<EmailOptions>(builder.Configuration.GetSection(EmailOptions.Section));
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

        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database");
        AddTelemetry(builder);
        return builder;
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
