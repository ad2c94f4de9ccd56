using System.Net;
using AngleSharp.Html.Dom;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.IntegrationTests.Features.Volunteers;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Volunteers;
using static Ressursvenn.IntegrationTests.Infrastructure.ApiCalls;

namespace Ressursvenn.IntegrationTests.Features.Matching;

/// <summary>
/// What matching reads of a volunteer and that changes while she serves: how many women she may have at a time
/// (docs/domain.md §5.2, set by the coordinator at approval and on her record, 1 to the setting) and her address when she
/// moves (changed by her on her profile or by the coordinator on her record). Both are audited and the suggestions use
/// them at once, although the volunteer pool is cached.
/// </summary>
public sealed class VolunteerMatchingDetailsTests
{
    [Fact]
    public async Task Capacity_IsChosenAtApproval_ChangedOnTheRecord_WithinTheSetting_AndSuggestionsUseItAtOnce()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Kapasitet");
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var id = await PlantedVolunteers.PlantAsync(app, association, "Kari Kapasitet-10q", VolunteerStatus.Training, Steps.All);
        var record = $"/frivillig/{id}";

        // The approval form offers 1 to the setting (2), 1 chosen.
        var page = await Html.ParseAsync(await coordinator.GetUrlAsync(record));
        var choices = page.QuerySelectorAll("#approve-form select[name='Capacity'] option").OfType<IHtmlOptionElement>().ToList();
        Assert.Equal(["1", "2"], choices.Select(o => o.Value));
        Assert.Equal("1", choices.Single(o => o.IsSelected).Value);

        // A number beyond the setting is refused and nothing changes.
        var refused = await coordinator.SubmitFormAsync(record, "#approve-form", [new("Capacity", "3")]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Velg et antall fra listen.", Html.ErrorMessages(await Html.ParseAsync(refused)));
        Assert.Equal((VolunteerStatus.Training, 1), await StatusAndCapacityAsync(app, id));

        // Approved with two at a time: stored and audited with the number.
        Assert.Equal(HttpStatusCode.Redirect, (await coordinator.SubmitFormAsync(record, "#approve-form", [new("Capacity", "2")])).StatusCode);
        Assert.Equal((VolunteerStatus.Approved, 2), await StatusAndCapacityAsync(app, id));
        Assert.Equal(["2"], (await MatchingPlanting.AuditAsync(app, AuditActions.VolunteerCapacityChanged)).Select(e => e.Detail));

        // On her record: empty or out of range is refused beside the field; 1 is saved.
        var empty = await Html.ParseAsync(await coordinator.SubmitFormAsync($"{record}/kapasitet", "#capacity-form", [new("Capacity", "")]));
        Assert.Contains("Velg et antall fra listen.", Html.ErrorMessages(empty));
        var tooMany = await Html.ParseAsync(await coordinator.SubmitFormAsync($"{record}/kapasitet", "#capacity-form", [new("Capacity", "5")]));
        Assert.Contains("Velg et antall fra listen.", Html.ErrorMessages(tooMany));
        Assert.Equal(HttpStatusCode.Redirect, (await coordinator.SubmitFormAsync($"{record}/kapasitet", "#capacity-form", [new("Capacity", "1")])).StatusCode);
        Assert.Equal((VolunteerStatus.Approved, 1), await StatusAndCapacityAsync(app, id));

        // With one proposal open she has no room for a second woman ...
        var first = await MatchingPlanting.WomanAsync(app, association, centre, "Første Kvinne-10q");
        var second = await MatchingPlanting.WomanAsync(app, association, centre, "Andre Kvinne-10q");
        using (var proposed = await StepAsync(coordinator, $"/api/v1/participants/{first}/proposals", body: new { volunteerId = id }))
        {
            Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        }

        Assert.Null((await Html.ParseAsync(await coordinator.GetUrlAsync($"/deltaker/{second}/forslag"))).QuerySelector($"#suggestions li.rv-card[data-volunteer='{id}']"));
        // ... but with two at a time she is suggested at once.
        Assert.Equal(HttpStatusCode.Redirect, (await coordinator.SubmitFormAsync($"{record}/kapasitet", "#capacity-form", [new("Capacity", "2")])).StatusCode);
        Assert.NotNull((await Html.ParseAsync(await coordinator.GetUrlAsync($"/deltaker/{second}/forslag"))).QuerySelector($"#suggestions li.rv-card[data-volunteer='{id}']"));
        using (var proposed = await StepAsync(coordinator, $"/api/v1/participants/{second}/proposals", body: new { volunteerId = id }))
        {
            Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        }

        var below = await Html.ParseAsync(await coordinator.SubmitFormAsync($"{record}/kapasitet", "#capacity-form", [new("Capacity", "1")]));
        Assert.Contains("Hun har flere åpne koblinger enn dette. Avslutt eller avslå en kobling først.", Html.ErrorMessages(below));
        Assert.Equal((VolunteerStatus.Approved, 2), await StatusAndCapacityAsync(app, id));
    }

    [Fact]
    public async Task AVolunteerWhoMoves_ChangesHerPostalCode_TheCoordinatorToo_AuditedAndSuggestionsUseItAtOnce()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Flytting");
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var volunteerUser = await app.CreateUserAsync(Roles.Volunteer);
        var id = await PlantedVolunteers.PlantAsync(app, association, "Frida Flytter-9q", VolunteerStatus.Approved, Steps.All, volunteerUser.Id);
        // She lives in Oslo; the woman must avoid Bærum.
        var woman = await MatchingPlanting.WomanAsync(app, association, centre, "Berit Unngår-9q", new WomanSpec { AreasToAvoid = ["3201"] });
        var suggestions = $"/deltaker/{woman}/forslag";
        Assert.NotNull(Card(await Html.ParseAsync(await coordinator.GetUrlAsync(suggestions)), id));

        // She moves to Sandvika (Bærum) and says so on her profile; a bad postal code is refused and kept.
        using var volunteer = await app.LoggedInClientAsync(volunteerUser);
        var bad = await Html.ParseAsync(await volunteer.SubmitFormAsync("/min-side/profil", "form.rv-form", [new("Input.PostalCode", "13x7"), new("Input.MaxTravelKm", "30")]));
        Assert.NotEmpty(Html.ErrorMessages(bad));
        Assert.Equal("13x7", Html.InputValue(bad, "Input.PostalCode"));
        var unknown = await Html.ParseAsync(await volunteer.SubmitFormAsync("/min-side/profil", "form.rv-form", [new("Input.PostalCode", "0009"), new("Input.MaxTravelKm", "30")]));
        Assert.NotEmpty(Html.ErrorMessages(unknown));
        Assert.Equal(HttpStatusCode.Redirect,
            (await volunteer.SubmitFormAsync("/min-side/profil", "form.rv-form", [new("Input.PostalCode", "1337"), new("Input.MaxTravelKm", "30")])).StatusCode);
        var moved = await PlantedVolunteers.LoadAsync(app, id);
        Assert.Equal(("1337", "3201"), (moved.PostalCode, moved.MunicipalityCode));

        // The suggestions use it at once: she now lives where the woman must not meet anyone from.
        var after = await Html.ParseAsync(await coordinator.GetUrlAsync(suggestions));
        Assert.Null(Card(after, id));
        using (var api = await GetAsync(coordinator, $"/api/v1/participants/{woman}/suggestions?excluded=true"))
        {
            var her = (await JsonAsync(api)).GetProperty("excluded").EnumerateArray().Single(e => e.GetProperty("volunteer").GetProperty("volunteerId").GetGuid() == id);
            Assert.Equal(["LivesInAreaToAvoid"], her.GetProperty("exclusions").EnumerateArray().Select(e => e.GetProperty("code").GetString()));
        }

        // Her coordinator sees the new address on the record and changes it back to Oslo (she moved again).
        var record = $"/frivillig/{id}";
        Assert.Contains("1337", (await Html.ParseAsync(await coordinator.GetUrlAsync(record))).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var unknownOnRecord = await Html.ParseAsync(await coordinator.SubmitFormAsync($"{record}/adresse", "#address-form", [new("NewPostalCode", "0009")]));
        Assert.NotEmpty(Html.ErrorMessages(unknownOnRecord));
        Assert.Equal("0009", Html.InputValue(unknownOnRecord, "NewPostalCode"));
        Assert.Equal(HttpStatusCode.Redirect, (await coordinator.SubmitFormAsync($"{record}/adresse", "#address-form", [new("NewPostalCode", "0150")])).StatusCode);
        var back = await PlantedVolunteers.LoadAsync(app, id);
        Assert.Equal(("0150", "0301"), (back.PostalCode, back.MunicipalityCode));
        Assert.NotNull(Card(await Html.ParseAsync(await coordinator.GetUrlAsync(suggestions)), id));

        // Both changes are audited, saying who changed it and never the address.
        var audited = await MatchingPlanting.AuditAsync(app, AuditActions.VolunteerAddressChanged);
        Assert.Equal(["volunteer", "coordinator"], audited.Select(e => e.Detail));
        Assert.All(audited, e => Assert.Equal(id, e.EntityId));
        Assert.All(audited, e => Assert.DoesNotContain("1337", e.Detail ?? string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Networks_AreEntries_HerChangesAreSeenByTheCoordinator_TheSameNetworkExcludes_AndAPartialOverlapMustBeAcknowledged()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Miljø");
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var volunteerUser = await app.CreateUserAsync(Roles.Volunteer);
        var id = await PlantedVolunteers.PlantAsync(app, association, "Nora Nettverk-8q", VolunteerStatus.Approved, Steps.All, volunteerUser.Id);
        var woman = await MatchingPlanting.WomanAsync(app, association, centre, "Wenche Unngår-8q", new WomanSpec { NetworksToAvoid = "Khan / Ali-slekten" });
        var suggestions = $"/deltaker/{woman}/forslag";
        var record = $"/frivillig/{id}";

        // She names her networks on her profile, one per line: "Khan-familien" is the woman's "Khan", so she is excluded.
        using var volunteer = await app.LoggedInClientAsync(volunteerUser);
        Assert.Equal(HttpStatusCode.Redirect, (await volunteer.SubmitFormAsync("/min-side/profil", "form.rv-form",
            [new("Input.Networks", "Khan-familien\nIdrettslaget"), new("Input.MaxTravelKm", "30")])).StatusCode);
        Assert.Equal(["Khan-familien", "Idrettslaget"], (await PlantedVolunteers.LoadAsync(app, id)).Profile.NetworkEntries);
        Assert.Null(Card(await Html.ParseAsync(await coordinator.GetUrlAsync(suggestions)), id));
        using (var api = await GetAsync(coordinator, $"/api/v1/participants/{woman}/suggestions?excluded=true"))
        {
            var her = (await JsonAsync(api)).GetProperty("excluded").EnumerateArray().Single(e => e.GetProperty("volunteer").GetProperty("volunteerId").GetGuid() == id);
            Assert.Equal(["BelongsToNetworkToAvoid"], her.GetProperty("exclusions").EnumerateArray().Select(e => e.GetProperty("code").GetString()));
        }

        // She clears them: allowed, but her coordinator sees that she did, on her record.
        Assert.Equal(HttpStatusCode.Redirect, (await volunteer.SubmitFormAsync("/min-side/profil", "form.rv-form",
            [new("Input.Networks", ""), new("Input.MaxTravelKm", "30")])).StatusCode);
        var changes = (await Html.ParseAsync(await coordinator.GetUrlAsync(record))).QuerySelector("#network-changes")!.TextContent;
        Assert.Contains("hun endret selv antall miljøer fra 2 til 0", changes, StringComparison.Ordinal);
        Assert.Contains("hun endret selv antall miljøer fra 0 til 2", changes, StringComparison.Ordinal);
        Assert.Equal(["volunteer 0→2", "volunteer 2→0"], (await MatchingPlanting.AuditAsync(app, AuditActions.VolunteerNetworksChanged)).Select(e => e.Detail));

        // At screening the coordinator records what she says: "Ali Hassan" shares a word with the woman's "Ali-slekten".
        Assert.Equal(HttpStatusCode.Redirect, (await coordinator.SubmitFormAsync($"{record}/nettverk", "#networks-form", [new("Networks", "Ali Hassan")])).StatusCode);
        Assert.Equal("coordinator 0→1", (await MatchingPlanting.AuditAsync(app, AuditActions.VolunteerNetworksChanged))[^1].Detail);
        var page = await Html.ParseAsync(await coordinator.GetUrlAsync(suggestions));
        var card = Card(page, id)!;
        Assert.Contains("Ressursvennen har oppgitt «Ali Hassan». Kvinnen må unngå «Ali-slekten».", card.QuerySelector($"#overlap-{id}")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(card.QuerySelector($"input[type=checkbox][name=acknowledgeOverlap]#acknowledge-{id}"));

        // Proposing without the tick is refused, on the page and in the API; with it, the proposal is made.
        var refused = await coordinator.SubmitFormAsync(suggestions, $"li.rv-card[data-volunteer='{id}'] form", []);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Ressursvennen kan høre til et miljø kvinnen må unngå.", (await Html.ParseAsync(refused)).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        using (var noTick = await StepAsync(coordinator, $"/api/v1/participants/{woman}/proposals", body: new { volunteerId = id }))
        {
            Assert.Equal(HttpStatusCode.Conflict, noTick.StatusCode);
        }

        Assert.Empty(await MatchingPlanting.MatchesOfAsync(app, woman));
        var made = await coordinator.SubmitFormAsync(suggestions, $"li.rv-card[data-volunteer='{id}'] form", [new("acknowledgeOverlap", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        Assert.Single(await MatchingPlanting.MatchesOfAsync(app, woman));
    }

    private static AngleSharp.Dom.IElement? Card(IHtmlDocument page, Guid volunteer) =>
        page.QuerySelector($"#suggestions li.rv-card[data-volunteer='{volunteer}']");

    private static async Task<(VolunteerStatus, int)> StatusAndCapacityAsync(TestApp app, Guid id)
    {
        var v = await PlantedVolunteers.LoadAsync(app, id);
        return (v.Status, v.Capacity);
    }
}
