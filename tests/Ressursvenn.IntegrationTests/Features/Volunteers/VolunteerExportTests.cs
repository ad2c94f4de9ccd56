using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.IntegrationTests.Features.Participants;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Volunteers;

namespace Ressursvenn.IntegrationTests.Features.Volunteers;

/// <summary>
/// The data-subject export (GDPR art. 15) for a volunteer: her association's coordinator gets everything stored about
/// her, as a printable page and as JSON, each export audited, never cached, staff named only by role; everyone else
/// (the volunteer herself included: her role is not admitted) gets 404, and nothing is audited.
/// </summary>
public sealed class VolunteerExportTests
{
    private const string Name = "Plantet Frivillig Innsyn-V8";
    private const string CoordinatorName = "Plantet Koordinator Innsyn-V8";
    private const string Motivation = "Jeg vil være en trygg venn for noen. V8";
    private const string Justification = "Rolig og stødig i samtalen. V8";
    private const string Purpose = "Frivillig ressursvenn NKS V8";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Coordinator_ExportsHerRecord_AsHtmlAndJson_EachExportAudited()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Innsynfrivillig");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association], name: CoordinatorName);
        var account = await app.CreateUserAsync(Roles.Volunteer);
        var id = await PlantAsync(app, association, coordinator.Id, account.Id);
        using var client = await app.LoggedInClientAsync(coordinator);
        // A view of her record: in the export's audit list by role, never by name.
        Assert.Equal(HttpStatusCode.OK, (await client.GetUrlAsync($"/frivillig/{id}")).StatusCode);
        var record = await client.GetDocumentAsync($"/frivillig/{id}");
        Assert.NotNull(record.QuerySelector($"a[href='/frivillig/{id}/innsyn']"));
        var url = $"/frivillig/{id}/innsyn";

        var page = await client.GetUrlAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("no-store", page.Header("Cache-Control"), StringComparison.Ordinal);
        var document = await Html.ParseAsync(page);
        var text = document.Body!.TextContent;
        Assert.Equal(Name, document.QuerySelector("h1")!.TextContent.Trim());
        Assert.DoesNotContain(Name, document.Title ?? string.Empty, StringComparison.Ordinal);
        foreach (var expected in new[]
                 {
                     "000 11 22 33", Motivation, Justification, Purpose, DeclarationSignature.CurrentTextVersion, "Egnet",
                     "Hun har konto og kan logge inn.", "Skriv ut",
                 })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(CoordinatorName, text, StringComparison.Ordinal);
        Assert.Contains("Koordinator", document.QuerySelector("section[aria-labelledby=export-audit-heading]")!.TextContent, StringComparison.Ordinal);
        var html = Assert.Single(await PlantedRecords.AuditAsync(app, AuditActions.VolunteerExported, id));
        Assert.Equal((coordinator.Id, "html"), (html.UserId, html.Detail));

        var download = await client.GetUrlAsync(url + "?handler=Json");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", download.Header("Cache-Control"), StringComparison.Ordinal);
        var disposition = download.Content.Headers.ContentDisposition;
        Assert.Equal("attachment", disposition?.DispositionType);
        Assert.Equal("innsyn-2026-11-25.json", (disposition?.FileNameStar ?? disposition?.FileName)?.Trim('"'));
        var body = await download.Content.ReadAsStringAsync(Ct);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var volunteer = root.GetProperty("volunteer");
        Assert.Equal(Name, volunteer.GetProperty("name").GetString());
        Assert.Equal("000 11 22 33", volunteer.GetProperty("phone").GetString());
        Assert.Equal("1980-03-14", volunteer.GetProperty("birthDate").GetString());
        Assert.Equal(Motivation, root.GetProperty("profile").GetProperty("motivation").GetString());
        Assert.Equal(Justification, root.GetProperty("interview").GetProperty("justification").GetString());
        Assert.Equal("Koordinator", root.GetProperty("interview").GetProperty("by").GetString());
        Assert.Equal(Purpose, root.GetProperty("policeCertificate").GetProperty("purpose").GetString());
        Assert.Equal("Koordinator", root.GetProperty("policeCertificate").GetProperty("checkedBy").GetString());
        Assert.Equal(
            DeclarationSignature.CurrentTextVersion,
            Assert.Single(root.GetProperty("declarations").EnumerateArray()).GetProperty("textVersion").GetString());
        var planted = await PlantedVolunteers.LoadAsync(app, id);
        Assert.Equal(planted.Training.Count, root.GetProperty("training").GetArrayLength());
        Assert.True(root.GetProperty("account").GetProperty("exists").GetBoolean());
        Assert.True(root.GetProperty("account").GetProperty("active").GetBoolean());
        Assert.Equal(7, root.GetProperty("availability").GetArrayLength());
        Assert.Contains(root.GetProperty("auditTrail").EnumerateArray(), e => e.GetProperty("by").GetString() == "Koordinator");
        Assert.DoesNotContain(CoordinatorName, body, StringComparison.Ordinal);

        var exports = await PlantedRecords.AuditAsync(app, AuditActions.VolunteerExported, id);
        Assert.Equal(["html", "json"], exports.Select(e => e.Detail));
    }

    [Fact]
    public async Task RejectedApplicant_ExportShowsTheReasonAndTheClosedAccount()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Innsynavslag");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var account = await app.CreateUserAsync(Roles.Volunteer);
        var id = await PlantedVolunteers.PlantAsync(app, association, Name, VolunteerStatus.Interview, userId: account.Id);
        using var client = await app.LoggedInClientAsync(coordinator);
        var rejected = await client.SubmitFormAsync($"/frivillig/{id}/avslag", "main form.rv-form", [new("Rejection.Reason", "NoCapacity")]);
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);

        var text = (await client.GetDocumentAsync($"/frivillig/{id}/innsyn")).Body!.TextContent;
        Assert.Contains("Kontoen hennes er stengt.", text, StringComparison.Ordinal);
        Assert.Contains("(Ikke plass eller behov nå)", text, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(await (await client.GetUrlAsync($"/frivillig/{id}/innsyn?handler=Json")).Content.ReadAsStringAsync(Ct));
        Assert.True(json.RootElement.GetProperty("account").GetProperty("exists").GetBoolean());
        Assert.False(json.RootElement.GetProperty("account").GetProperty("active").GetBoolean());
        Assert.Equal("Avslått", json.RootElement.GetProperty("status").GetProperty("status").GetString());
    }

    [Fact]
    public async Task EveryoneElse_Gets404_AndNothingIsAudited()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Innsynfrivillig");
        var (otherAssociation, _) = await app.CreateOrganisationAsync("Annen", "4601", "46");
        var herself = await app.CreateUserAsync(Roles.Volunteer);
        var id = await PlantedVolunteers.PlantAsync(app, association, Name, VolunteerStatus.Approved, Steps.All, herself.Id);
        var others = new[]
        {
            await app.CreateUserAsync(Roles.Coordinator, [otherAssociation]),
            await app.CreateUserAsync(Roles.NationalAdmin),
            await app.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: centre),
            herself,
            await app.CreateUserAsync(Roles.PrivacyOfficer),
        };
        foreach (var user in others)
        {
            using var client = await app.LoggedInClientAsync(user);
            foreach (var url in new[] { $"/frivillig/{id}/innsyn", $"/frivillig/{id}/innsyn?handler=Json" })
            {
                var response = await client.GetUrlAsync(url);
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.DoesNotContain(Name, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            }
        }

        // An id that does not exist answers the same for her own coordinator.
        using (var own = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association])))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await own.GetUrlAsync($"/frivillig/{Guid.NewGuid()}/innsyn")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await own.GetUrlAsync($"/frivillig/{Guid.NewGuid()}/innsyn?handler=Json")).StatusCode);
        }

        Assert.Empty(await PlantedRecords.AuditAsync(app, AuditActions.VolunteerExported, id));
    }

    /// <summary>An approved volunteer with every step done, the interview and certificate recorded by the coordinator.</summary>
    private static async Task<Guid> PlantAsync(TestApp app, Guid association, Guid coordinator, Guid account)
    {
        var id = await PlantedVolunteers.PlantAsync(app, association, Name, VolunteerStatus.Approved, Steps.All, account);
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var volunteer = await db.Volunteers.Include(v => v.Interview).Include(v => v.PoliceCertificate).SingleAsync(v => v.Id == id, Ct);
        volunteer.Profile = volunteer.Profile with { Motivation = Motivation };
        volunteer.ApprovedBy = coordinator;
        volunteer.Interview!.Justification = Justification;
        volunteer.Interview.InterviewerUserId = coordinator;
        volunteer.PoliceCertificate!.Purpose = Purpose;
        volunteer.PoliceCertificate.CheckedByUserId = coordinator;
        await db.SaveChangesAsync(Ct);
        return id;
    }
}
