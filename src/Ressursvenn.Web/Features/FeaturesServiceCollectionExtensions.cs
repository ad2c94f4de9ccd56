using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features;

public static class FeaturesServiceCollectionExtensions
{
    /// <summary>
    /// Razor Pages, one folder per feature. Authorization is attached by folder convention, so a new page is
    /// protected without anyone remembering to: everything needs a completed login (SignedIn), each folder its role
    /// (<see cref="PageAccess.FolderPolicies"/>), and only the pages in <see cref="PageAccess.PublicPages"/> are open.
    /// </summary>
    public static WebApplicationBuilder AddFeatures(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<FormDraftRestoreFilter>();
        builder.Services.AddScoped<Admin.UserInvitations>();
        builder.Services.AddScoped<Account.LoginCompletion>();
        builder.Services.AddScoped<Account.TotpEnrolment>();
        builder.Services.AddScoped<Account.Reauthentication>();
        builder.Services.AddScoped<Admin.AdminOptions>();
        builder.Services.AddScoped<Participants.ParticipantFormOptions>();
        builder.Services.AddScoped<Referrals.ReferralService>();
        builder.Services.AddScoped<Participants.ParticipantService>();
        builder.Services.AddScoped<Participants.ParticipantLoader>();
        builder.Services.AddScoped<Volunteers.VolunteerLoader>();
        builder.Services.AddScoped<Matching.MatchLoader>();
        builder.Services.AddScoped<Participants.ParticipantErasure>();
        builder.Services.AddSingleton<Participants.RetentionJob>();
        builder.Services.AddSingleton(new Infrastructure.Scheduling.ScheduledJob(
            Participants.RetentionJob.JobName, Participants.RetentionJob.Interval, (services, ct) => services.GetRequiredService<Participants.RetentionJob>().RunAsync(ct)));
        builder.Services.AddScoped<Participants.ParticipantDetailsBuilder>();
        builder.Services.AddScoped<BreakGlass.BreakGlassNotices>();
        builder.Services.AddScoped<Admin.AssociationAccessGrants>();
        builder.Services.AddScoped<Messages.UndeliveredMessages>();
        builder.Services.AddScoped<MyPages.MyVolunteer>();
        builder.Services.AddScoped<Volunteers.VolunteerNotifier>();
        builder.Services.AddScoped<Volunteers.VolunteerScreeningService>();
        builder.Services.AddSingleton<Matching.GeoIndex>();
        builder.Services.AddSingleton<Matching.VolunteerPoolCache>();
        builder.Services.AddScoped<Matching.MatchingService>();
        builder.Services.AddScoped<Matching.MatchWorkflowService>();
        builder.Services.AddScoped<Matching.WideningService>();
        builder.Services.AddScoped<Matching.MatchNotifier>();
        builder.Services.AddScoped<MyPages.MyMatches>();
        builder.Services
            .AddRazorPages(o =>
            {
                o.RootDirectory = "/Features";
                // Everything needs a completed login; each feature folder its role (PageAccess); a few pages are open.
                o.Conventions.AuthorizeFolder("/", Policies.SignedIn);
                foreach (var (folder, policy) in PageAccess.FolderPolicies)
                {
                    o.Conventions.AuthorizeFolder(folder, policy);
                }

                foreach (var page in PageAccess.PublicPages)
                {
                    o.Conventions.AllowAnonymousToPage(page);
                }
            })
            .AddMvcOptions(o =>
            {
                o.Filters.AddService<FormDraftRestoreFilter>();
                o.Filters.Add(new ControlCharacterFilter());
                o.ModelBinderProviders.Insert(0, new BlankTextModelBinderProvider());
                var t = SharedLocalizer();
                o.ModelBindingMessageProvider.SetValueMustNotBeNullAccessor(_ => t["Validation.Required"]);
                o.ModelBindingMessageProvider.SetMissingBindRequiredValueAccessor(_ => t["Validation.Required"]);
                o.ModelBindingMessageProvider.SetAttemptedValueIsInvalidAccessor((_, _) => t["Validation.Invalid"]);
                o.ModelBindingMessageProvider.SetValueIsInvalidAccessor(_ => t["Validation.Invalid"]);
                o.ModelBindingMessageProvider.SetUnknownValueIsInvalidAccessor(_ => t["Validation.Invalid"]);
                o.ModelBindingMessageProvider.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => t["Validation.Invalid"]);
                o.ModelBindingMessageProvider.SetMissingKeyOrValueAccessor(() => t["Validation.Required"]);
                o.ModelBindingMessageProvider.SetValueMustBeANumberAccessor(_ => t["Validation.Number"]);
                o.ModelBindingMessageProvider.SetNonPropertyValueMustBeANumberAccessor(() => t["Validation.Number"]);
                o.ModelBindingMessageProvider.SetMissingRequestBodyRequiredValueAccessor(() => t["Validation.Required"]);
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, f) => f.Create(typeof(SharedResource)));
        return builder;
    }

    /// <summary>Model-binding messages are set once at start; the localizer reads the current UI culture when a message is shown.</summary>
    private static IStringLocalizer SharedLocalizer() =>
        new ResourceManagerStringLocalizerFactory(
                Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance)
            .Create(typeof(SharedResource));
}
