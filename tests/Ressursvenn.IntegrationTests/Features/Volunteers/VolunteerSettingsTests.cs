using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Infrastructure;

namespace Ressursvenn.IntegrationTests.Features.Volunteers;

/// <summary>
/// The volunteer rules and the matching settings on the admin settings page (docs/domain.md §7): each its own form, the same
/// patterns as the referral settings (clear messages per field, what was typed kept, lost updates refused, every change
/// audited), used by the screening pages and the matching engine at once, and the national admin's alone.
/// </summary>
public sealed class VolunteerSettingsTests
{
    private const string SettingsUrl = "/admin/innstillinger";
    private const string VolunteersUrl = "/admin/innstillinger/frivillige";
    private const string MatchingUrl = "/admin/innstillinger/kobling";
    private const string ReferralsUrl = "/admin/innstillinger/henvisninger";

    /// <summary>Each settings page has its one form.</summary>
    private const string Form = "main form.rv-form";

    private static readonly string[] Fields =
    [
        "Volunteers.VolunteerMinimumAge", "Volunteers.PoliceCertificateMaxAgeMonths", "Volunteers.PoliceCertificateRenewalYears",
        "Volunteers.RenewalFirstReminderDays", "Volunteers.RenewalSecondReminderDays", "Volunteers.RejectedApplicationRetentionMonths",
        "Volunteers.VolunteerRetentionMonths",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AdminSavesTheVolunteerRules_WhichAreStoredAuditedAndUsed()
    {
        await using var app = await TestApp.CreateAsync();
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        using var client = await app.LoggedInClientAsync(admin);

        var overview = await Html.ParseAsync(await client.GetUrlAsync(SettingsUrl));
        Assert.NotNull(overview.QuerySelector($"main a[href='{VolunteersUrl}']"));
        var page = await Html.ParseAsync(await client.GetUrlAsync(VolunteersUrl));
        Assert.Equal(new string?[] { "25", "3", "3", "60", "30", "6", "24" }, Fields.Select(f => Html.InputValue(page, f)));

        var saved = await client.SubmitFormAsync(VolunteersUrl, Form, Values("30", "2", "5", "90", "14", "12", "36"));
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, string.Join(" | ", Html.ErrorMessages(await Html.ParseAsync(saved))));
        Assert.Equal(VolunteersUrl, saved.Location());
        var stored = await SettingsAsync(app);
        Assert.Equal((30, 2, 5, 90, 14, 12, 36), (stored.VolunteerMinimumAge, stored.PoliceCertificateMaxAgeMonths, stored.PoliceCertificateRenewalYears,
            stored.RenewalFirstReminderDays, stored.RenewalSecondReminderDays, stored.RejectedApplicationRetentionMonths, stored.VolunteerRetentionMonths));
        // The referral settings are untouched.
        Assert.Equal((5, 10, 12, 30), (stored.AcknowledgeWorkingDays, stored.EscalateWorkingDays, stored.ParticipantRetentionMonths, stored.BreakGlassMinutes));
        await using (var scope = app.Services.CreateSystemScope())
        {
            // Seven changes are more than one detail holds: they are split over entries of at most 200 characters.
            var entries = await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.Where(e => e.Action == AuditActions.SettingsChanged).ToListAsync(Ct);
            Assert.All(entries, e => Assert.Equal(admin.Id, e.UserId));
            Assert.All(entries, e => Assert.InRange(e.Detail!.Length, 1, 200));
            var details = string.Join(", ", entries.Select(e => e.Detail));
            Assert.Contains("PoliceCertificateMaxAgeMonths 3→2", details, StringComparison.Ordinal);
            Assert.Contains("VolunteerMinimumAge 25→30", details, StringComparison.Ordinal);
            Assert.Contains("VolunteerRetentionMonths 24→36", details, StringComparison.Ordinal);
        }

        // Both forms work on the same row, one after the other.
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync(ReferralsUrl, Form,
            [new("Input.AcknowledgeWorkingDays", "4"), new("Input.EscalateWorkingDays", "9"), new("Input.ParticipantRetentionMonths", "12"), new("Input.BreakGlassMinutes", "30")])).StatusCode);
        Assert.Equal((4, 2), ((await SettingsAsync(app)).AcknowledgeWorkingDays, (await SettingsAsync(app)).PoliceCertificateMaxAgeMonths));

        // The screening uses the new limit: two months and a day is now too old.
        var (association, _) = await app.CreateOrganisationAsync("Regler");
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var id = await PlantedVolunteers.PlantAsync(app, association, "Regel Frivillig", Ressursvenn.Web.Domain.Volunteers.VolunteerStatus.Checks);
        var refused = await coordinator.SubmitFormAsync($"/frivillig/{id}/politiattest", "main form.rv-form",
            [new("Certificate.ShownOn", "2026-11-25"), new("Certificate.IssuedOn", "2026-09-24"), new("Certificate.Purpose", "Frivillig")]);
        Assert.Contains(Html.ErrorMessages(await Html.ParseAsync(refused)), m => m.StartsWith("Attesten var utstedt mer enn 2 måneder", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadValues_KeepWhatWasTyped_ShowClearMessages_AndStoreNothing()
    {
        await using var app = await TestApp.CreateAsync();
        using var client = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.NationalAdmin));

        var bad = await client.SubmitFormAsync(VolunteersUrl, Form, Values("17", "13", "0", "ti", "0", "61", "121"));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var page = await Html.ParseAsync(bad);
        Assert.Equal(new string?[] { "17", "13", "0", "ti", "0", "61", "121" }, Fields.Select(f => Html.InputValue(page, f)));
        var messages = Html.ErrorMessages(page).ToList();
        foreach (var expected in new[]
                 {
                     "Skriv en hel alder fra 18 til 99.",
                     "Skriv et helt antall måneder fra 1 til 12.",
                     "Skriv et helt antall år fra 1 til 10.",
                     "Skriv et helt antall dager fra 1 til 365.",
                     "Skriv et helt antall måneder fra 1 til 60.",
                     "Skriv et helt antall måneder fra 1 til 120.",
                 })
        {
            Assert.Contains(expected, messages);
        }

        // The page holds the volunteer form only; the referral form, on its own page, shows what is stored, untouched.
        Assert.Null(page.QuerySelector("[name='Input.AcknowledgeWorkingDays']"));
        var referrals = await Html.ParseAsync(await client.GetUrlAsync(ReferralsUrl));
        Assert.Equal("5", Html.InputValue(referrals, "Input.AcknowledgeWorkingDays"));
        Assert.Null(referrals.QuerySelector("#Input_AcknowledgeWorkingDays-error"));

        // The first reminder comes before the second.
        var order = await Html.ParseAsync(await client.SubmitFormAsync(VolunteersUrl, Form, Values("25", "3", "3", "30", "30", "6", "24")));
        Assert.Contains("Skriv flere dager enn for andre påminnelse.", Html.ErrorMessages(order));
        Assert.NotNull(order.QuerySelector("#Volunteers_RenewalFirstReminderDays-error"));

        // Empty: the same clear message; and in English.
        var empty = await Html.ParseAsync(await client.SubmitFormAsync(VolunteersUrl, Form, Values(string.Empty, "3", "3", "60", "30", "6", "24")));
        Assert.Contains("Skriv en hel alder fra 18 til 99.", Html.ErrorMessages(empty));
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync(SettingsUrl, "form[action='/sprak']", [], "culture", "en")).StatusCode);
        var english = await Html.ParseAsync(await client.SubmitFormAsync(VolunteersUrl, Form, Values("25", "3", "11", "60", "30", "6", "24")));
        Assert.Contains("Enter a whole number of years from 1 to 10.", Html.ErrorMessages(english));

        var stored = await SettingsAsync(app);
        Assert.Equal((25, 3, 3, 60, 30, 6, 24), (stored.VolunteerMinimumAge, stored.PoliceCertificateMaxAgeMonths, stored.PoliceCertificateRenewalYears,
            stored.RenewalFirstReminderDays, stored.RenewalSecondReminderDays, stored.RejectedApplicationRetentionMonths, stored.VolunteerRetentionMonths));
        await using var scope = app.Services.CreateSystemScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.AnyAsync(e => e.Action == AuditActions.SettingsChanged, Ct));
    }

    [Fact]
    public async Task LostUpdate_IsRefusedKeepingWhatWasTyped()
    {
        await using var app = await TestApp.CreateAsync();
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        using var one = await app.LoggedInClientAsync(admin);
        using var two = await app.LoggedInClientAsync(admin);
        Assert.Equal(HttpStatusCode.Redirect, (await one.SubmitFormAsync(VolunteersUrl, Form, Values("26", "3", "3", "60", "30", "6", "24"))).StatusCode);

        var stale = await two.PostFormAsync(VolunteersUrl, [.. Values("27", "3", "3", "60", "30", "6", "24"), new("Volunteers.Version", "0")], $"{VolunteersUrl}");
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var page = await Html.ParseAsync(stale);
        Assert.Contains(Html.ErrorMessages(page), m => m.StartsWith("Noen andre har endret dette", StringComparison.Ordinal));
        Assert.Equal("27", Html.InputValue(page, "Volunteers.VolunteerMinimumAge"));
        Assert.Equal(26, (await SettingsAsync(app)).VolunteerMinimumAge);

        var version = (await SettingsAsync(app)).Version.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Redirect, (await one.SubmitFormAsync(VolunteersUrl, Form, Values("28", "3", "3", "60", "30", "6", "24"))).StatusCode);
        var staleAgain = await two.PostFormAsync(VolunteersUrl, [.. Values("29", "3", "3", "60", "30", "6", "24"), new("Volunteers.Version", version)], $"{VolunteersUrl}");
        Assert.Equal(HttpStatusCode.OK, staleAgain.StatusCode);
        Assert.Equal(28, (await SettingsAsync(app)).VolunteerMinimumAge);
    }

    [Fact]
    public async Task AdminSetsTheMatchingWeights_WhichAreStoredAuditedAndReadBackByTheService()
    {
        await using var app = await TestApp.CreateAsync();
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        using var client = await app.LoggedInClientAsync(admin);

        Assert.NotNull((await Html.ParseAsync(await client.GetUrlAsync(SettingsUrl))).QuerySelector($"main a[href='{MatchingUrl}']"));
        var page = await Html.ParseAsync(await client.GetUrlAsync(MatchingUrl));
        Assert.Equal(new string?[] { "30", "20", "20", "5", "10", "5", "10", "12" }, MatchingFields.Select(f => Html.InputValue(page, f)));
        Assert.NotNull(page.QuerySelector("label[for='Matching_WeightDistance']"));

        var saved = await client.SubmitFormAsync(MatchingUrl, MatchingForm, MatchingValues("50", "0", "10", "0", "0", "0", "40", "9"));
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, string.Join(" | ", Html.ErrorMessages(await Html.ParseAsync(saved))));
        Assert.Equal(MatchingUrl, saved.Location());
        var stored = await SettingsAsync(app);
        Assert.Equal((50, 0, 10, 0, 0, 0, 40, 9), (stored.WeightDistance, stored.WeightInterests, stored.WeightAvailability, stored.WeightExtraLanguages,
            stored.WeightWishes, stored.WeightExperience, stored.WeightFairness, stored.MatchPlannedMonths));
        // The matching engine takes them as they are (normalised there), and the other forms' values are untouched.
        var weights = Ressursvenn.Web.Features.Matching.MatchingService.Weights(stored);
        Assert.Equal((50d, 0d, 40d), (weights.Distance, weights.Interests, weights.Fairness));
        Assert.Equal((5, 25, 24), (stored.AcknowledgeWorkingDays, stored.VolunteerMinimumAge, stored.VolunteerRetentionMonths));
        await using (var scope = app.Services.CreateSystemScope())
        {
            var details = string.Join(", ", await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries
                .Where(e => e.Action == AuditActions.SettingsChanged && e.UserId == admin.Id).Select(e => e.Detail).ToListAsync(Ct));
            Assert.Contains("WeightDistance 30→50", details, StringComparison.Ordinal);
            Assert.Contains("WeightFairness 10→40", details, StringComparison.Ordinal);
            Assert.Contains("MatchPlannedMonths 12→9", details, StringComparison.Ordinal);
        }

        // The page shows what is stored; the volunteer form still saves on its own, leaving the weights be.
        var again = await Html.ParseAsync(await client.GetUrlAsync(MatchingUrl));
        Assert.Equal(new string?[] { "50", "0", "10", "0", "0", "0", "40", "9" }, MatchingFields.Select(f => Html.InputValue(again, f)));
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync(VolunteersUrl, Form, Values("26", "3", "3", "60", "30", "6", "24"))).StatusCode);
        Assert.Equal((26, 50, 9), ((await SettingsAsync(app)).VolunteerMinimumAge, (await SettingsAsync(app)).WeightDistance, (await SettingsAsync(app)).MatchPlannedMonths));
    }

    [Fact]
    public async Task MatchingWeights_AllZeroOrOutOfRange_AreRefusedWithClearMessages_KeepingWhatWasTyped()
    {
        await using var app = await TestApp.CreateAsync();
        using var client = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.NationalAdmin));

        var zero = await client.SubmitFormAsync(MatchingUrl, MatchingForm, MatchingValues("0", "0", "0", "0", "0", "0", "0", "12"));
        Assert.Equal(HttpStatusCode.OK, zero.StatusCode);
        var zeroPage = await Html.ParseAsync(zero);
        Assert.Contains("Minst én av vektene må være større enn 0.", Html.ErrorMessages(zeroPage));
        Assert.NotNull(zeroPage.QuerySelector("#Matching_WeightDistance-error"));
        Assert.All(MatchingFields.Take(7), f => Assert.Equal("0", Html.InputValue(zeroPage, f)));
        // The page holds this form only; the volunteer rules are on their own page, as stored, without errors.
        Assert.Null(zeroPage.QuerySelector("[name='Volunteers.VolunteerMinimumAge']"));
        var volunteerRules = await Html.ParseAsync(await client.GetUrlAsync(VolunteersUrl));
        Assert.Equal("25", Html.InputValue(volunteerRules, "Volunteers.VolunteerMinimumAge"));
        Assert.Null(volunteerRules.QuerySelector("#Volunteers_VolunteerMinimumAge-error"));

        var bad = await client.SubmitFormAsync(MatchingUrl, MatchingForm, MatchingValues("101", "-1", "ti", "5", "", "5", "5", "13"));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var page = await Html.ParseAsync(bad);
        Assert.Equal(new string?[] { "101", "-1", "ti", "5", "", "5", "5", "13" }, MatchingFields.Select(f => Html.InputValue(page, f)));
        var messages = Html.ErrorMessages(page).ToList();
        Assert.Contains("Skriv et helt tall fra 0 til 100.", messages);
        Assert.Contains("Skriv et helt antall måneder fra 9 til 12.", messages);
        Assert.DoesNotContain("Minst én av vektene må være større enn 0.", messages);
        foreach (var field in new[] { "WeightDistance", "WeightInterests", "WeightAvailability", "WeightWishes", "MatchPlannedMonths" })
        {
            Assert.NotNull(page.QuerySelector($"#Matching_{field}-error"));
        }

        Assert.Null(page.QuerySelector("#Matching_WeightExtraLanguages-error"));

        // In English too.
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync(SettingsUrl, "form[action='/sprak']", [], "culture", "en")).StatusCode);
        var english = await Html.ParseAsync(await client.SubmitFormAsync(MatchingUrl, MatchingForm, MatchingValues("0", "0", "0", "0", "0", "0", "0", "8")));
        Assert.Contains("At least one of the weights must be above 0.", Html.ErrorMessages(english));
        Assert.Contains("Enter a whole number of months from 9 to 12.", Html.ErrorMessages(english));

        var stored = await SettingsAsync(app);
        Assert.Equal((30, 20, 20, 5, 10, 5, 10, 12), (stored.WeightDistance, stored.WeightInterests, stored.WeightAvailability, stored.WeightExtraLanguages,
            stored.WeightWishes, stored.WeightExperience, stored.WeightFairness, stored.MatchPlannedMonths));
        await using var scope = app.Services.CreateSystemScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.AnyAsync(e => e.Action == AuditActions.SettingsChanged, Ct));
    }

    [Fact]
    public async Task ACoordinator_CannotReachTheSettings_NorSaveTheWeights()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Vekter");
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));

        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetUrlAsync(SettingsUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetUrlAsync(MatchingUrl)).StatusCode);
        // With a token of her own (from her home page), the post is still a missing page.
        var token = await coordinator.AntiforgeryTokenAsync("/");
        var post = await coordinator.PostRawFormAsync(MatchingUrl,
            [.. MatchingValues("100", "0", "0", "0", "0", "0", "0", "9"), new("Matching.Version", "0"), new("__RequestVerificationToken", token)]);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        var stored = await SettingsAsync(app);
        Assert.Equal((30, 12), (stored.WeightDistance, stored.MatchPlannedMonths));
    }

    private static readonly string[] MatchingFields =
    [
        "Matching.WeightDistance", "Matching.WeightInterests", "Matching.WeightAvailability", "Matching.WeightExtraLanguages",
        "Matching.WeightWishes", "Matching.WeightExperience", "Matching.WeightFairness", "Matching.MatchPlannedMonths",
    ];

    private const string MatchingForm = Form;

    /// <summary>The weights and planned months as typed, with the most matches per volunteer (same form) left at 2.</summary>
    private static KeyValuePair<string, string>[] MatchingValues(params string[] values) =>
        [.. MatchingFields.Zip(values, (field, value) => new KeyValuePair<string, string>(field, value)), new("Matching.VolunteerMaxCapacity", "2")];

    private static KeyValuePair<string, string>[] Values(params string[] values) =>
        Fields.Zip(values, (field, value) => new KeyValuePair<string, string>(field, value)).ToArray();

    private static async Task<ProgrammeSettings> SettingsAsync(TestApp app)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<ProgrammeSettingsService>().GetAsync(Ct);
    }
}
