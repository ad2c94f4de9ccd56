using System.Net;
using System.Text.Json;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;

namespace Ressursvenn.IntegrationTests.Features.Participants;

/// <summary>
/// The data-subject export (GDPR art. 15): her association's coordinator gets everything stored about her, as a
/// printable page and as JSON, each export audited, never cached, staff named only by role; everyone else gets 404.
/// </summary>
public sealed class ExportTests
{
    private const string CoordinatorName = "Plantet Koordinator Innsyn-K4";

    [Fact]
    public async Task Coordinator_ExportsHerRecord_AsHtmlAndJson_EachExportAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Innsyn");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association], name: CoordinatorName);
        var her = await PlantedRecords.PlantAsync(app, association, centre, "ex-" + Guid.NewGuid().ToString("N")[..6], coordinator.Id);
        using var client = await app.LoggedInClientAsync(coordinator);
        var url = $"/deltaker/{her.Id}/innsyn";

        var page = await client.GetUrlAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("no-store", page.Header("Cache-Control"), StringComparison.Ordinal);
        var document = await Html.ParseAsync(page);
        var text = document.Body!.TextContent;
        Assert.Equal(her.Name, document.QuerySelector("h1")!.TextContent.Trim());
        Assert.DoesNotContain(her.Name, document.Title ?? string.Empty, StringComparison.Ordinal);
        foreach (var expected in new[] { her.Phone, her.Note, her.Reference, Consent.CurrentTextVersion, "Skriv ut" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        // The audit list names roles, never staff: the note's author and the referral's sender appear by role.
        Assert.DoesNotContain(CoordinatorName, text, StringComparison.Ordinal);
        Assert.Contains("Koordinator", text, StringComparison.Ordinal);
        var html = Assert.Single(await PlantedRecords.AuditAsync(app, AuditActions.ParticipantExported, her.Id));
        Assert.Equal((coordinator.Id, "html"), (html.UserId, html.Detail));

        var download = await client.GetUrlAsync(url + "?handler=Json");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", download.Header("Cache-Control"), StringComparison.Ordinal);
        var disposition = download.Content.Headers.ContentDisposition;
        Assert.Equal("attachment", disposition?.DispositionType);
        Assert.Equal("innsyn-2026-11-25.json", (disposition?.FileNameStar ?? disposition?.FileName)?.Trim('"'));
        var body = await download.Content.ReadAsStringAsync(ct);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal(her.Name, root.GetProperty("participant").GetProperty("name").GetString());
        Assert.Equal(her.Phone, root.GetProperty("safeContact").GetProperty("phone").GetString());
        Assert.Equal(her.Note, Assert.Single(root.GetProperty("notes").EnumerateArray()).GetProperty("text").GetString());
        Assert.Equal(Enum.GetValues<ConsentKind>().Length, root.GetProperty("consents").GetArrayLength());
        Assert.All(root.GetProperty("consents").EnumerateArray(), c => Assert.Equal(Consent.CurrentTextVersion, c.GetProperty("textVersion").GetString()));
        Assert.Equal(her.Reference, Assert.Single(root.GetProperty("referrals").EnumerateArray()).GetProperty("reference").GetString());
        Assert.Contains(root.GetProperty("auditTrail").EnumerateArray(), e => e.GetProperty("by").GetString() == "Koordinator");
        Assert.DoesNotContain(CoordinatorName, body, StringComparison.Ordinal);

        var exports = await PlantedRecords.AuditAsync(app, AuditActions.ParticipantExported, her.Id);
        Assert.Equal(["html", "json"], exports.Select(e => e.Detail));
    }

    [Fact]
    public async Task EveryoneElse_Gets404_AndNothingIsAudited()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Innsyn");
        var (otherAssociation, _) = await app.CreateOrganisationAsync("Annen", "4601", "46");
        var her = await PlantedRecords.PlantAsync(app, association, centre, "ex-denied");
        var others = new[]
        {
            await app.CreateUserAsync(Roles.Coordinator, [otherAssociation]),
            await app.CreateUserAsync(Roles.NationalAdmin),
            await app.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: centre),
            await app.CreateUserAsync(Roles.Volunteer),
            await app.CreateUserAsync(Roles.PrivacyOfficer),
        };
        foreach (var user in others)
        {
            using var client = await app.LoggedInClientAsync(user);
            foreach (var url in new[] { $"/deltaker/{her.Id}/innsyn", $"/deltaker/{her.Id}/innsyn?handler=Json" })
            {
                var response = await client.GetUrlAsync(url);
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.DoesNotContain(her.Name, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
            }
        }

        // An id that does not exist answers the same for her own coordinator.
        using (var own = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association])))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await own.GetUrlAsync($"/deltaker/{Guid.NewGuid()}/innsyn")).StatusCode);
        }

        Assert.Empty(await PlantedRecords.AuditAsync(app, AuditActions.ParticipantExported, her.Id));
    }
}
