using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Features.Participants;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Calendar;
using Ressursvenn.Web.Features.BreakGlass;
using Ressursvenn.Web.Features.Participants;
using Ressursvenn.Web.Infrastructure;

namespace Ressursvenn.IntegrationTests.Features.BreakGlass;

/// <summary>
/// Break-glass (SR8): a national admin opens one record only by naming its reference and writing why; the access
/// lasts a limited time, is hers alone, every opening and view is audited (never with the reason), and the
/// coordinators of the woman's association — and no one else — are told, without her name or reference.
/// </summary>
public sealed class BreakGlassTests
{
    private const string Reason = "Foreningen svarer ikke, og politiet ber om kontaktinformasjon i en akutt sak.";

    [Fact]
    public async Task Admin_OpensARecordWithAReason_ItIsAuditedAndHerCoordinatorsAreTold_UntilItExpires()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        await SetBreakGlassMinutesAsync(app, 5);
        var (association, centre) = await app.CreateOrganisationAsync("Nødtilgang");
        var (otherAssociation, otherCentre) = await app.CreateOrganisationAsync("Annen", "4601", "46");
        var admin = await app.CreateUserAsync(Roles.NationalAdmin, name: "Admin Nødtilgang-Q7");
        var secondAdmin = await app.CreateUserAsync(Roles.NationalAdmin);
        var coordinators = new[]
        {
            await app.CreateUserAsync(Roles.Coordinator, [association]),
            await app.CreateUserAsync(Roles.Coordinator, [association, otherAssociation]),
        };
        var otherCoordinator = await app.CreateUserAsync(Roles.Coordinator, [otherAssociation]);
        var her = await PlantedRecords.PlantAsync(app, association, centre, "bg-" + Guid.NewGuid().ToString("N")[..6]);
        await PlantedRecords.PlantAsync(app, otherAssociation, otherCentre, "bg-other");
        using var client = await app.LoggedInClientAsync(admin);
        var recordUrl = $"/nodtilgang/{her.Id}";

        // No grant: the record is missing, as any record is.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetUrlAsync(recordUrl)).StatusCode);

        // An unknown reference: the form says so and nothing is granted.
        var unknown = await OpenAsync(client, "H-ZZZZZZ", Reason);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        var notFound = Html.ErrorMessages(await Html.ParseAsync(unknown)).ToList();
        Assert.Contains(notFound, m => m.Contains("Vi fant ingen registrering", StringComparison.Ordinal));

        // A reason that is too short: a message, and what she typed is kept.
        var shortReason = await Html.ParseAsync(await OpenAsync(client, her.Reference, "Trenger å se."));
        Assert.Contains(Html.ErrorMessages(shortReason), m => m.Contains("mellom 20 og 500 tegn", StringComparison.Ordinal));
        Assert.Equal("Trenger å se.", Html.InputValue(shortReason, "Input.Reason"));
        Assert.Equal(her.Reference, Html.InputValue(shortReason, "Input.Reference"));
        // Spaces do not make a short reason long enough.
        Assert.Equal(HttpStatusCode.OK, (await OpenAsync(client, her.Reference, "Kort." + new string(' ', 30))).StatusCode);
        Assert.Empty(await PlantedRecords.AuditAsync(app, AuditActions.BreakGlassOpened, her.Id));
        Assert.Empty(app.Mail.Messages);

        // A valid reference (typed loosely) and reason: granted, audited, coordinators told.
        var opened = await OpenAsync(client, " " + her.Reference.ToLowerInvariant() + " ", Reason);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal(recordUrl, opened.Location());

        var openedEntry = Assert.Single(await PlantedRecords.AuditAsync(app, AuditActions.BreakGlassOpened, her.Id));
        Assert.Equal(admin.Id, openedEntry.UserId);
        Assert.Equal("Participant", openedEntry.EntityType);
        Assert.True(openedEntry.Detail is null || !openedEntry.Detail.Contains("politiet", StringComparison.Ordinal));
        DateTime expiresAt;
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var grant = await db.BreakGlassAccesses.AsNoTracking().SingleAsync(b => b.ParticipantId == her.Id, ct);
            Assert.Equal((admin.Id, association, Reason), (grant.UserId, grant.AssociationId, grant.Reason));
            Assert.Equal(TimeSpan.FromMinutes(5), grant.ExpiresAt - grant.GrantedAt);
            expiresAt = grant.ExpiresAt;
        }

        foreach (var coordinator in coordinators)
        {
            var mail = Assert.Single(app.Mail.Messages, m => m.To == coordinator.Email);
            foreach (var secret in new[] { her.Name, her.Reference, "Plantet", "Nødtilgang sanitetsforening" })
            {
                Assert.DoesNotContain(secret, mail.Subject, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(secret, mail.TextBody, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(secret, mail.HtmlBody, StringComparison.OrdinalIgnoreCase);
            }

            Assert.Contains("nasjonal administrator", mail.TextBody, StringComparison.OrdinalIgnoreCase);
            // One link, to the home page.
            Assert.Matches(@"https?://[^/\s]+/(\s|$)", mail.TextBody);
        }

        Assert.DoesNotContain(app.Mail.Messages, m => m.To == otherCoordinator.Email);
        Assert.Equal(coordinators.Length, app.Mail.Messages.Count);

        // The record, read-only, with the banner; her name is the heading, never the title. Each view is audited.
        var page = await client.GetUrlAsync(recordUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var document = await Html.ParseAsync(page);
        Assert.Equal(her.Name, document.QuerySelector("h1")!.TextContent.Trim());
        Assert.DoesNotContain(her.Name, document.Title ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains(her.Phone, document.Body!.TextContent, StringComparison.Ordinal);
        var until = TimeZoneInfo.ConvertTimeFromUtc(expiresAt, WorkingDays.Oslo).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(document.QuerySelectorAll(".ds-alert"), a => a.TextContent.Contains("nødtilgang", StringComparison.Ordinal) && a.TextContent.Contains(until, StringComparison.Ordinal));
        Assert.Empty(document.QuerySelectorAll("main form"));
        Assert.Single(await PlantedRecords.AuditAsync(app, AuditActions.BreakGlassViewed, her.Id));
        Assert.Equal(HttpStatusCode.OK, (await client.GetUrlAsync(recordUrl)).StatusCode);
        var views = await PlantedRecords.AuditAsync(app, AuditActions.BreakGlassViewed, her.Id);
        Assert.Equal(2, views.Count);
        Assert.All(views, v => Assert.Equal(admin.Id, v.UserId));

        // Her grant is hers: another admin finds nothing.
        using (var second = await app.LoggedInClientAsync(secondAdmin))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await second.GetUrlAsync(recordUrl)).StatusCode);
        }

        // Her coordinators see the access on their home page; the other association's coordinator does not.
        using (var coordinatorClient = await app.LoggedInClientAsync(coordinators[0]))
        {
            var home = await Html.ParseAsync(await coordinatorClient.GetUrlAsync("/"));
            var link = Assert.Single(home.QuerySelectorAll($"a[href='/deltaker/{her.Id}']"), a => a.TextContent.Contains("Admin Nødtilgang-Q7", StringComparison.Ordinal));
            Assert.NotNull(link);
        }

        Assert.Empty(await NoticesAsync(app, otherAssociation));
        var notice = Assert.Single(await NoticesAsync(app, association));
        Assert.Equal((her.Id, "Admin Nødtilgang-Q7"), (notice.ParticipantId, notice.AdminName));

        // The access ends after the set time (the clock has moved a little with each login).
        app.Clock.SetUtcNow(new DateTimeOffset(openedEntry.At, TimeSpan.Zero).AddMinutes(4));
        Assert.Equal(HttpStatusCode.OK, (await client.GetUrlAsync(recordUrl)).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetUrlAsync(recordUrl)).StatusCode);
        Assert.Equal(3, (await PlantedRecords.AuditAsync(app, AuditActions.BreakGlassViewed, her.Id)).Count);
    }

    [Fact]
    public async Task AReferenceWhoseRecordWasErased_GetsTheSameAnswerAsAnUnknownOne()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Slettet");
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        var erased = await PlantedRecords.PlantAsync(app, association, centre, "bg-erased");
        await using (var scope = app.Services.CreateSystemScope())
        {
            var record = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Participants.Include(p => p.Consents).Include(p => p.Referrals)
                .SingleAsync(p => p.Id == erased.Id, TestContext.Current.CancellationToken);
            // She consented to statistics, so her referral stays as an anonymous fact with its reference.
            await scope.ServiceProvider.GetRequiredService<ParticipantErasure>().EraseAsync(record!, ParticipantErasure.ConsentWithdrawn, TestContext.Current.CancellationToken);
        }

        using var client = await app.LoggedInClientAsync(admin);
        var gone = Html.ErrorMessages(await Html.ParseAsync(await OpenAsync(client, erased.Reference, Reason))).ToList();
        var unknown = Html.ErrorMessages(await Html.ParseAsync(await OpenAsync(client, "H-QQQQQQ", Reason))).ToList();
        Assert.NotEmpty(gone);
        Assert.Equal(unknown, gone);
        Assert.Empty(await PlantedRecords.AuditAsync(app, AuditActions.BreakGlassOpened, erased.Id));
        Assert.Empty(app.Mail.Messages);
    }

    [Fact]
    public async Task OnlyNationalAdmins_ReachBreakGlass()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Roller");
        var her = await PlantedRecords.PlantAsync(app, association, centre, "bg-roles");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var others = new[]
        {
            coordinator,
            await app.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: centre),
            await app.CreateUserAsync(Roles.Volunteer),
            await app.CreateUserAsync(Roles.PrivacyOfficer),
        };
        foreach (var user in others)
        {
            using var client = await app.LoggedInClientAsync(user);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetUrlAsync("/nodtilgang")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetUrlAsync($"/nodtilgang/{her.Id}")).StatusCode);
        }

        // A coordinator posting the form with a valid token from another page is refused as well.
        using (var client = await app.LoggedInClientAsync(coordinator))
        {
            var posted = await client.PostFormAsync("/konto", [new("Input.Reference", her.Reference), new("Input.Reason", Reason)], "/nodtilgang");
            Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        }

        using (var anonymous = app.Client())
        {
            Assert.True((await anonymous.GetUrlAsync("/nodtilgang")).IsRedirectToLogin());
        }

        Assert.Empty(await PlantedRecords.AuditAsync(app, AuditActions.BreakGlassOpened, her.Id));
        Assert.Empty(app.Mail.Messages);
    }

    private static Task<HttpResponseMessage> OpenAsync(HttpClient client, string reference, string reason) =>
        client.PostFormAsync("/nodtilgang", [new("Input.Reference", reference), new("Input.Reason", reason)]);

    private static async Task SetBreakGlassMinutesAsync(TestApp app, int minutes)
    {
        await using var scope = app.Services.CreateSystemScope();
        var settings = await scope.ServiceProvider.GetRequiredService<ProgrammeSettingsService>().GetForUpdateAsync(TestContext.Current.CancellationToken);
        settings.BreakGlassMinutes = minutes;
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The notices a coordinator of these associations is shown (the service under her data scope).</summary>
    private static async Task<IReadOnlyList<BreakGlassNotices.Notice>> NoticesAsync(TestApp app, params Guid[] associations)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<DataScope>().UseAssociations(associations);
        return await scope.ServiceProvider.GetRequiredService<BreakGlassNotices>().RecentForMyAssociationsAsync(TestContext.Current.CancellationToken);
    }
}
