using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Features.Matching;
using Ressursvenn.IntegrationTests.Features.Participants;
using Ressursvenn.IntegrationTests.Features.Volunteers;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Features.MyPages;

namespace Ressursvenn.IntegrationTests.Features.MyPages;

/// <summary>
/// What a volunteer sees of the woman (SR7, docs/domain.md §3): for a proposal an anonymised summary (with her age range);
/// for her active or paused match exactly what the woman agreed to share — her first name, the safe-contact plan and
/// her needs — and nothing without that consent; the page and the API show the same fields (one definition,
/// SharedWithVolunteer). Never her municipality when matched, her risk information, notes, intake, safety marker or
/// referral; and nothing at all to another volunteer or at another step.
/// </summary>
public sealed class VolunteerMatchViewTests
{
    private const string SafetyMarker = "Plantet-sikkerhetsmerke-8vq";
    private const string Note = "Plantet-notat-8vq";
    private const string Networks = "Plantet-nettverk-8vq";
    private const string IntakeSummary = "Plantet-kartlegging-8vq";
    private const string OtherNeeds = "Plantet-behov-8vq";
    private const string Wishes = "Plantet-ønske-8vq";

    /// <summary>Her municipality, postal code and an area to avoid: place names that occur nowhere else on the page.</summary>
    private const string Municipality = "Tynset";
    private const string PostalCode = "2500";
    private const string AvoidMunicipality = "Vardø";

    [Fact]
    public async Task ActiveMatch_ShowsHerNameAndContactPlan_AndNothingElseOfHerRecord()
    {
        await using var app = await TestApp.CreateAsync();
        var s = await WorkflowScenario.CreateAsync(app);
        var woman = await PlantWomanAsync(s, "Testkvinne Ragnhild-8vq", shareWithVolunteer: true);
        var id = await PlantMatchAsync(s, woman, MatchStatus.Active);
        using var volunteer = await app.LoggedInClientAsync(s.VolunteerUser);

        var response = await volunteer.GetUrlAsync($"/min-side/kobling/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var page = await Html.ParseAsync(response);
        var main = page.QuerySelector("main")!.TextContent;
        Assert.Contains("Testkvinne Ragnhild-8vq", page.QuerySelector("#my-match-name")!.TextContent, StringComparison.Ordinal);
        var contact = page.QuerySelector("#my-match-contact")!.TextContent;
        Assert.Contains(WorkflowScenario.WomanPhone, contact, StringComparison.Ordinal);
        Assert.Contains(WorkflowScenario.CodeWord, contact, StringComparison.Ordinal);
        Assert.Contains("Hverdager etter kl. 16", contact, StringComparison.Ordinal);
        Assert.Contains("Telefonsamtale", contact, StringComparison.Ordinal);
        // Her needs, as the consent text told her they are shared.
        Assert.Equal("Sosial kontakt, Jobbsøking", page.QuerySelector("#my-match-needs [data-shared='needs']")!.TextContent.Trim());
        Assert.DoesNotContain("Testkvinne Ragnhild-8vq", page.Title!, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("a.rv-quick-exit"));

        foreach (var secret in new[] { SafetyMarker, Note, Networks, IntakeSummary, OtherNeeds, Wishes })
        {
            Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        }

        // Not named by the consent text: her languages and interests (read, anonymised, in the proposal) are not repeated.
        foreach (var secret in new[] { Municipality, PostalCode, AvoidMunicipality, "Æresrelatert", "Tvangsekteskap", "Innlandet", "Arabisk", "Matlaging" })
        {
            Assert.DoesNotContain(secret, main, StringComparison.Ordinal);
        }

        var viewed = await PlantedRecords.AuditAsync(app, AuditActions.MatchViewed, id);
        var entry = Assert.Single(viewed);
        Assert.Equal("Match", entry.EntityType);
        Assert.Equal(s.VolunteerUser.Id, entry.UserId);
        await volunteer.GetUrlAsync($"/min-side/kobling/{id}");
        Assert.Equal(2, (await PlantedRecords.AuditAsync(app, AuditActions.MatchViewed, id)).Count);

        // Her own page links to the match but names nobody.
        var home = await Html.ParseAsync(await volunteer.GetUrlAsync("/min-side"));
        Assert.NotNull(home.QuerySelector($"#my-match a[href='/min-side/kobling/{id}']"));
        Assert.DoesNotContain("Testkvinne Ragnhild-8vq", home.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunningMatch_PageAndApi_ShowTheSameFields_ThoseOfSharedWithVolunteer_AndNothingElse()
    {
        await using var app = await TestApp.CreateAsync();
        var s = await WorkflowScenario.CreateAsync(app);
        var woman = await PlantWomanAsync(s, "Testkvinne Solveig-8vq", shareWithVolunteer: true);
        var id = await PlantMatchAsync(s, woman, MatchStatus.Active);
        using var volunteer = await app.LoggedInClientAsync(s.VolunteerUser);

        var page = await Html.ParseAsync(await volunteer.GetUrlAsync($"/min-side/kobling/{id}"));
        var onPage = page.QuerySelectorAll("[data-shared]").ToDictionary(e => e.GetAttribute("data-shared")!, e => e.TextContent.Trim());
        using var response = await volunteer.GetUrlAsync("/api/v1/me/match");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var her = Assert.Single(json.RootElement.EnumerateArray()).GetProperty("woman");

        // The API's object is the projection itself: its properties and no other.
        Assert.Equal(Names(typeof(SharedWithVolunteer)), her.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(Names(typeof(SharedContact)), her.GetProperty("contact").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        // The page shows every field the API gives a value, and nothing else of hers.
        var inApi = new List<string>();
        foreach (var property in her.EnumerateObject())
        {
            inApi.Add(property.Name);
            if (property.Value.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                inApi.AddRange(property.Value.EnumerateObject().Where(p => p.Value.ValueKind != System.Text.Json.JsonValueKind.Null).Select(p => $"{property.Name}.{p.Name}"));
            }
        }

        Assert.Equal(inApi.Order(StringComparer.Ordinal), onPage.Keys.Order(StringComparer.Ordinal));
        // With the same values.
        Assert.Equal(her.GetProperty("name").GetString(), onPage["name"]);
        Assert.Equal(her.GetProperty("contact").GetProperty("phone").GetString(), onPage["contact.phone"]);
        Assert.StartsWith(her.GetProperty("contact").GetProperty("codeWord").GetString()!, onPage["contact.codeWord"], StringComparison.Ordinal);
        Assert.Equal(her.GetProperty("contact").GetProperty("safeTimes").GetString(), onPage["contact.safeTimes"]);
        Assert.Equal(["social", "job"], her.GetProperty("needs").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("Sosial kontakt, Jobbsøking", onPage["needs"]);

        static IEnumerable<string> Names(Type type) =>
            type.GetProperties().Where(p => p.DeclaringType == type && p.Name != "EqualityContract")
                .Select(p => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order(StringComparer.Ordinal);
    }

    [Fact]
    public async Task WithoutConsentToShare_NothingOfHersIsShown_TheCoordinatorArrangesTheMeetings()
    {
        await using var app = await TestApp.CreateAsync();
        var s = await WorkflowScenario.CreateAsync(app);
        var woman = await PlantWomanAsync(s, "Testkvinne Sigrid-8vq", shareWithVolunteer: false);
        var id = await PlantMatchAsync(s, woman, MatchStatus.Paused);
        using var volunteer = await app.LoggedInClientAsync(s.VolunteerUser);

        var page = await Html.ParseAsync(await volunteer.GetUrlAsync($"/min-side/kobling/{id}"));
        var main = page.QuerySelector("main")!.TextContent;
        Assert.Contains("Koblingen har pause nå.", main, StringComparison.Ordinal);
        Assert.Contains("Hun har ikke samtykket til at navn, kontaktmåte og behov deles med deg.", page.QuerySelector("#my-match-not-shared")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("[data-shared]"));
        foreach (var secret in new[] { "Testkvinne Sigrid-8vq", WorkflowScenario.WomanPhone, WorkflowScenario.CodeWord, "Sosial kontakt", "Arabisk", "Matlaging" })
        {
            Assert.DoesNotContain(secret, main, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnotherVolunteer_AndOtherSteps_AndStaff_GetNotFound()
    {
        await using var app = await TestApp.CreateAsync();
        var s = await WorkflowScenario.CreateAsync(app);
        var proposed = await s.ProposeAsync();
        var woman = await PlantWomanAsync(s, "Testkvinne Astrid-8vq", shareWithVolunteer: true);
        var active = await PlantMatchAsync(s, woman, MatchStatus.Active, volunteerSlot: 1);
        var otherUser = await app.CreateUserAsync(Roles.Volunteer, name: "Annen Venn");
        await PlantedVolunteers.PlantAsync(app, s.Association, "Annen Venn-8vq", VolunteerStatus.Approved, Steps.All, otherUser.Id);
        using var other = await app.LoggedInClientAsync(otherUser);
        using var volunteer = await app.LoggedInClientAsync(s.VolunteerUser);
        using var coordinator = await app.LoggedInClientAsync(s.Coordinator);

        foreach (var url in new[] { $"/min-side/kobling/{active}", $"/min-side/forslag/{active}", $"/min-side/kobling/{proposed}", $"/min-side/forslag/{proposed}" })
        {
            var response = await other.GetUrlAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("Testkvinne", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        var post = await other.PostFormAsync("/min-side", [new("KnowsHer", "false"), new("accept", "true"), new("Version", "0")], $"/min-side/forslag/{proposed}");
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(MatchStatus.Proposed, (await s.MatchAsync(proposed)).Status);

        // Her own proposal is not yet a match: no name there; her active match's proposal page leads to the match view.
        Assert.Equal(HttpStatusCode.NotFound, (await volunteer.GetUrlAsync($"/min-side/kobling/{proposed}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await volunteer.GetUrlAsync($"/min-side/kobling/{Guid.NewGuid()}")).StatusCode);
        var redirect = await volunteer.GetUrlAsync($"/min-side/forslag/{active}");
        Assert.Equal($"/min-side/kobling/{active}", redirect.Location());

        // Staff roles never reach the volunteer's pages.
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetUrlAsync($"/min-side/kobling/{active}")).StatusCode);

        // A closed match is gone from her view.
        await WorkflowScenario.ChangeMatchAsync(app, active, m =>
        {
            m.Status = MatchStatus.Closed;
            m.ClosedAt = m.ProposedAt.AddDays(30);
            m.ParticipantSlot = null;
            m.VolunteerSlot = null;
        });
        Assert.Equal(HttpStatusCode.NotFound, (await volunteer.GetUrlAsync($"/min-side/kobling/{active}")).StatusCode);
    }

    [Fact]
    public async Task Proposal_IsAnonymised_AProtectedWomanOnlyByHerCounty()
    {
        await using var app = await TestApp.CreateAsync();
        var s = await WorkflowScenario.CreateAsync(app);
        var id = await s.ProposeAsync();
        using var volunteer = await app.LoggedInClientAsync(s.VolunteerUser);

        var response = await volunteer.GetUrlAsync($"/min-side/forslag/{id}");
        var page = await Html.ParseAsync(response);
        var summary = page.QuerySelector("#proposal-summary")!.TextContent;
        var main = page.QuerySelector("main")!.TextContent;
        Assert.Contains("Oslo", summary, StringComparison.Ordinal);
        Assert.Contains("Sosial kontakt", summary, StringComparison.Ordinal);
        Assert.Contains("Arabisk", summary, StringComparison.Ordinal);
        Assert.Contains("35–44 år", summary, StringComparison.Ordinal);
        foreach (var secret in new[] { WorkflowScenario.WomanName, WorkflowScenario.WomanPhone, WorkflowScenario.CodeWord, "0150", "Hverdager etter kl. 16" })
        {
            Assert.DoesNotContain(secret, main, StringComparison.Ordinal);
        }

        Assert.Single(await PlantedRecords.AuditAsync(app, AuditActions.MatchViewed, id));

        // A protected woman: only the county, even though the volunteer's proposal page shows an area.
        await WorkflowScenario.ChangeMatchAsync(app, id, m =>
        {
            m.Status = MatchStatus.Declined;
            m.DeclinedAt = m.ProposedAt;
            m.ParticipantSlot = null;
            m.VolunteerSlot = null;
        });
        // A protected woman is described by her county only (Innlandet; planted directly, as no Oslo volunteer travels there).
        var hidden = await WorkflowScenario.PlantWomanAsync(app, s.Association, s.Centre, "Skjult Kvinne-8vq", p =>
        {
            p.IsProtected = true;
            p.Area = new Area { CoarseCountyCode = "34" };
        });
        var second = await PlantMatchAsync(s, hidden, MatchStatus.Proposed);
        var protectedPage = await volunteer.GetUrlAsync($"/min-side/forslag/{second}");
        Assert.Equal(HttpStatusCode.OK, protectedPage.StatusCode);
        var protectedMain = (await Html.ParseAsync(protectedPage)).QuerySelector("main")!.TextContent;
        Assert.Contains("Innlandet", protectedMain, StringComparison.Ordinal);
        Assert.DoesNotContain("Skjult Kvinne-8vq", protectedMain, StringComparison.Ordinal);
        Assert.DoesNotContain("Oslo", protectedMain, StringComparison.Ordinal);
    }

    /// <summary>A woman in Tynset with every kind of data a volunteer must not see, planted with distinctive values.</summary>
    private static Task<Guid> PlantWomanAsync(WorkflowScenario s, string name, bool shareWithVolunteer) =>
        WorkflowScenario.PlantWomanAsync(s.App, s.Association, s.Centre, name, p =>
        {
            p.SafetyMarker = SafetyMarker;
            p.Area = new Area { MunicipalityCode = "3427", PostalCode = PostalCode };
            p.Risk = new RiskInformation
            {
                HonourRelatedViolence = true, ForcedMarriage = true, MunicipalitiesToAvoid = ["5634"], NetworksToAvoid = Networks,
            };
            p.Intake = new Intake { HeldOn = new DateOnly(2026, 11, 1), Summary = IntakeSummary, Wishes = Wishes, VolunteerMinAge = 30 };
            p.Profile = p.Profile with { OtherNeeds = OtherNeeds };
            p.Notes.Add(new ParticipantNote { ParticipantId = p.Id, Text = Note, CreatedAt = new DateTime(2026, 11, 2, 10, 0, 0, DateTimeKind.Utc) });
        }, shareWithVolunteer);

    /// <summary>A match of the scenario's volunteer with the woman, planted directly at the given step (no rules: she is in Tynset).</summary>
    private static async Task<Guid> PlantMatchAsync(WorkflowScenario s, Guid womanId, MatchStatus status, int volunteerSlot = 0)
    {
        var started = status is MatchStatus.Active or MatchStatus.Paused;
        var now = s.App.Clock.GetUtcNow().UtcDateTime;
        return await Plant.MatchAsync(s.App, new Match
        {
            AssociationId = s.Association,
            VolunteerAssociationId = s.Association,
            ParticipantId = womanId,
            VolunteerId = s.VolunteerId,
            Status = status,
            ProposedAt = now.AddDays(-20),
            VolunteerAcceptedAt = started ? now.AddDays(-19) : null,
            ParticipantAcceptedAt = started ? now.AddDays(-18) : null,
            StartMeetingOn = started ? DateOnly.FromDateTime(now.AddDays(-15)) : null,
            PlannedEndOn = started ? DateOnly.FromDateTime(now.AddDays(-15)).AddMonths(12) : null,
            PausedAt = status == MatchStatus.Paused ? now.AddDays(-2) : null,
            ParticipantSlot = 0,
            VolunteerSlot = volunteerSlot,
        });
    }
}
