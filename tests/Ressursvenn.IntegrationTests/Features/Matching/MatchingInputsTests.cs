using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using static Ressursvenn.IntegrationTests.Infrastructure.ApiCalls;

namespace Ressursvenn.IntegrationTests.Features.Matching;

/// <summary>
/// What the woman needs and wishes reaches the suggestions, on the page and in the API alike: "a volunteer who
/// speaks her language" is any one of her languages (docs/domain.md §5.6), and her wished languages and "someone outside
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

    [Fact]
    public async Task ProgrammeSettings_WhoIsAccepted_AndTheLanguagesOffered_AreSetByTheAdmin_AndUsedByTheForms()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Innstilling");
        using var admin = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.NationalAdmin));
        using var staff = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: centre));
        const string settings = "/admin/innstillinger/program";

        // By default: women only (the referral form does not ask) and every language.
        var referral = await Html.ParseAsync(await staff.GetUrlAsync("/henvisning/ny"));
        Assert.Empty(referral.QuerySelectorAll("input[name='Input.Gender']"));
        Assert.Contains("ar", LanguagesOffered(referral));
        var page = await Html.ParseAsync(await admin.GetUrlAsync(settings));
        Assert.Equal(["female"], Ticked(page, "Programme.ParticipantGenders"));

        // Nothing chosen is refused beside each field.
        var empty = await Html.ParseAsync(await admin.SubmitFormAsync(settings, "#programme-form", []));
        Assert.Contains("Velg minst ett kjønn.", Html.ErrorMessages(empty));
        Assert.Contains("Velg minst ett språk.", Html.ErrorMessages(empty));

        // Women and men, and only Norwegian and Somali: audited; the referral form asks for gender and offers the two.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitFormAsync(settings, "#programme-form",
        [
            new("Programme.ParticipantGenders", "female"), new("Programme.ParticipantGenders", "male"),
            new("Programme.LanguagesOffered", "nb"), new("Programme.LanguagesOffered", "so"),
        ])).StatusCode);
        var changed = await MatchingPlanting.AuditAsync(app, AuditActions.SettingsChanged);
        Assert.Contains(changed, e => e.Detail!.Contains("ParticipantGenders female→female,male", StringComparison.Ordinal));
        referral = await Html.ParseAsync(await staff.GetUrlAsync("/henvisning/ny"));
        Assert.Equal(["female", "male"], referral.QuerySelectorAll("input[name='Input.Gender']").Select(i => i.GetAttribute("value")));
        Assert.Equal(["nb", "so"], LanguagesOffered(referral));

        // A language not offered is refused; a man is accepted now, with his age range.
        var arabic = await Participants.ParticipantFlowTests.ReferAsync(staff, association, "Ali Avvist-12q", [new("Input.Languages", "ar"), new("Input.Gender", "male")]);
        Assert.Equal(HttpStatusCode.OK, arabic.StatusCode);
        Assert.Contains("Velg et av alternativene i listen.", Html.ErrorMessages(await Html.ParseAsync(arabic)));
        var man = await Participants.ParticipantFlowTests.ReferAsync(staff, association, "Mats Mottatt-12q", [new("Input.Gender", "male"), new("Input.AgeGroup", "35-44")]);
        Assert.Equal(HttpStatusCode.Redirect, man.StatusCode);
        var stored = await Participants.ParticipantFlowTests.LoadAsync(app, await Participants.ParticipantFlowTests.ParticipantIdAsync(app));
        Assert.Equal(("male", "35-44"), (stored.Profile.Gender, stored.Profile.AgeGroup));

        // Back to women only: a man is refused with a clear message, the form does not ask again.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitFormAsync(settings, "#programme-form",
            [new("Programme.ParticipantGenders", "female"), new("Programme.LanguagesOffered", "nb"), new("Programme.LanguagesOffered", "so")])).StatusCode);
        var refused = await Participants.ParticipantFlowTests.ReferAsync(staff, association, "Mats Avvist-12q", [new("Input.Gender", "male")]);
        Assert.Contains("Programmet tar ikke imot deltakere av dette kjønnet.", Html.ErrorMessages(await Html.ParseAsync(refused)));
        var badAge = await Participants.ParticipantFlowTests.ReferAsync(staff, association, "Alder Feil-12q", [new("Input.AgeGroup", "12-17")]);
        Assert.Contains("Velg et av alternativene i listen.", Html.ErrorMessages(await Html.ParseAsync(badAge)));

        // The intake's wished languages offer the same list.
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var intake = await Html.ParseAsync(await coordinator.GetUrlAsync($"/deltaker/{stored.Id}/kartlegging"));
        Assert.Equal(["nb", "so"], intake.QuerySelectorAll("input[name='Input.WishedLanguages']").Select(i => i.GetAttribute("value")));
    }

    private static List<string?> LanguagesOffered(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("input[name='Input.Languages']").Select(i => i.GetAttribute("value")).ToList();

    private static List<string?> Ticked(AngleSharp.Html.Dom.IHtmlDocument page, string name) =>
        page.QuerySelectorAll($"input[name='{name}']").OfType<AngleSharp.Html.Dom.IHtmlInputElement>().Where(i => i.IsChecked).Select(i => i.Value).ToList<string?>();

    private static JsonElement Wishes(JsonElement suggestion) =>
        suggestion.GetProperty("parts").EnumerateArray().Single(p => p.GetProperty("kind").GetString() == "Wishes");

    /// <summary>The text of the "wishes" part of a suggestion card.</summary>
    private static string WishesPart(IElement card)
    {
        var term = card.QuerySelectorAll("dl.rv-score-parts dt").Single(dt => dt.TextContent.Trim() == "Hennes ønsker");
        return term.NextElementSibling!.TextContent;
    }
}
