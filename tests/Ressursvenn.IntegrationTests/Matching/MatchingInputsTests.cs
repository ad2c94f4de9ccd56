using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Domain;
using static Ressursvenn.IntegrationTests.Api.ApiCalls;

namespace Ressursvenn.IntegrationTests.Matching;

/// <summary>
/// What the woman needs and wishes reaches the suggestions, on the page and in the API alike: "a volunteer who
/// speaks her language" is any one of her languages (DOMAIN.md §5.6), and her wished languages and "someone outside
/// my community" from the intake score and are explained.
/// </summary>
public sealed class MatchingInputsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AWomanWhoNeedsHerLanguage_GetsAVolunteerWhoSpeaksHerSecondLanguage_OnThePageAndInTheApi()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Språk");
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var woman = await MatchingPlanting.WomanAsync(app, association, centre, "Sahra Tospråk-7q",
            new WomanSpec { Languages = ["nb", "ar", "so"], NeedsSameLanguage = true });
        var somali = await MatchingPlanting.VolunteerAsync(app, association, "Sofie Somali-7q", new VolunteerSpec { Languages = ["nb", "so"] });
        var neither = await MatchingPlanting.VolunteerAsync(app, association, "Nina Norsk-7q");

        var page = await Html.ParseAsync(await coordinator.GetUrlAsync($"/deltaker/{woman}/forslag"));
        Assert.NotNull(page.QuerySelector($"#suggestions li.rv-card[data-volunteer='{somali}']"));
        Assert.Null(page.QuerySelector($"#suggestions li.rv-card[data-volunteer='{neither}']"));
        Assert.Contains("Ressursvennen må snakke ett av disse: Arabisk, Somali.", page.Body!.TextContent, StringComparison.Ordinal);

        using var response = await GetAsync(coordinator, $"/api/v1/participants/{woman}/suggestions?excluded=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal([somali], body.GetProperty("suggestions").EnumerateArray().Select(s => s.GetProperty("volunteer").GetProperty("volunteerId").GetGuid()));
        var excluded = Assert.Single(body.GetProperty("excluded").EnumerateArray());
        Assert.Equal(neither, excluded.GetProperty("volunteer").GetProperty("volunteerId").GetGuid());
    }

    [Fact]
    public async Task WishesFromTheIntake_LanguagesAndSomeoneOutsideHerCommunity_ScoreAndAreExplained()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Ønsker");
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var woman = await MatchingPlanting.WomanAsync(app, association, centre, "Amal Ønske-11q",
            new WomanSpec { Languages = ["nb", "ar"], Waiting = false });
        // Same in everything but languages: one speaks English (her wish) and not Arabic (her community's language).
        var outside = await MatchingPlanting.VolunteerAsync(app, association, "Ella Utenfor-11q", new VolunteerSpec { Languages = ["nb", "en"] });
        var inside = await MatchingPlanting.VolunteerAsync(app, association, "Aisha Innenfor-11q", new VolunteerSpec { Languages = ["nb", "ar"] });

        var intakeUrl = $"/deltaker/{woman}/kartlegging";
        var intake = await Html.ParseAsync(await coordinator.GetUrlAsync(intakeUrl));
        Assert.NotNull(intake.QuerySelector("input[type=checkbox][name='Input.WishedLanguages'][value='en']"));
        var saved = await coordinator.SubmitFormAsync(intakeUrl, "form.rv-form",
            [new("Input.HeldOn", "2026-11-24"), new("Input.OutsideOwnCommunity", "true"), new("Input.WishedLanguages", "en")], "toWaitingList", "true");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var unknown = await Html.ParseAsync(await coordinator.SubmitFormAsync(intakeUrl, "form.rv-form",
            [new("Input.HeldOn", "2026-11-24"), new("Input.WishedLanguages", "xx")], "toWaitingList", "false"));
        Assert.Contains("Velg et av alternativene i listen.", Html.ErrorMessages(unknown));

        var page = await Html.ParseAsync(await coordinator.GetUrlAsync($"/deltaker/{woman}/forslag"));
        var cards = page.QuerySelectorAll("#suggestions li.rv-card").Select(c => c.GetAttribute("data-volunteer")).ToList();
        Assert.Equal([outside.ToString(), inside.ToString()], cards);
        var wishOutside = WishesPart(page.QuerySelector($"#suggestions li.rv-card[data-volunteer='{outside}']")!);
        Assert.Contains("snakker engelsk, som hun ønsket", wishOutside, StringComparison.Ordinal);
        Assert.Contains("utenfor hennes språkmiljø, som hun ønsket", wishOutside, StringComparison.Ordinal);
        var wishInside = WishesPart(page.QuerySelector($"#suggestions li.rv-card[data-volunteer='{inside}']")!);
        Assert.Contains("snakker ikke engelsk", wishInside, StringComparison.Ordinal);
        Assert.Contains("snakker arabisk og kan høre til hennes miljø", wishInside, StringComparison.Ordinal);

        using var response = await GetAsync(coordinator, $"/api/v1/participants/{woman}/suggestions");
        var rows = (await JsonAsync(response)).GetProperty("suggestions").EnumerateArray().ToList();
        Assert.Equal([outside, inside], rows.Select(s => s.GetProperty("volunteer").GetProperty("volunteerId").GetGuid()));
        Assert.True(Wishes(rows[0]).GetProperty("points").GetDouble() > 0);
        Assert.Equal(0, Wishes(rows[1]).GetProperty("points").GetDouble());
        Assert.Contains("utenfor hennes språkmiljø", Wishes(rows[0]).GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    private static JsonElement Wishes(JsonElement suggestion) =>
        suggestion.GetProperty("parts").EnumerateArray().Single(p => p.GetProperty("kind").GetString() == "Wishes");

    /// <summary>The text of the "wishes" part of a suggestion card.</summary>
    private static string WishesPart(IElement card)
    {
        var term = card.QuerySelectorAll("dl.rv-score-parts dt").Single(dt => dt.TextContent.Trim() == "Hennes ønsker");
        return term.NextElementSibling!.TextContent;
    }
}
