using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Features.Matching;

namespace Ressursvenn.IntegrationTests.Features.Matching;

/// <summary>
/// The coordinator's matching pages (docs/domain.md §5): suggestions with explained scores and the excluded volunteers with their
/// rules, side by side, proposing (refused again on fresh data, and safe when two coordinators race), the batch plan,
/// and widening the search to a neighbouring association — each page only for the woman's own association.
/// </summary>
public sealed class CoordinatorMatchingPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Suggestions_ShowAnAllowedVolunteerWithExplainedParts_NeverOneLivingInAnAreaToAvoid_AndAuditEachView()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Forslag");
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var woman = await MatchingPlanting.WomanAsync(app, association, centre, "Amira Forslagsen-7m", new WomanSpec
        {
            Languages = ["ar", "nb"], Interests = ["walks", "coffee"], AreasToAvoid = ["3201"], MinAge = 30, MaxAge = 60,
        });
        var ada = await MatchingPlanting.VolunteerAsync(app, association, "Ada Tursdottir-7m", new VolunteerSpec
        {
            Municipality = "3207", Languages = ["nb", "ar"], Interests = ["walks", "coffee", "music"],
        });
        var bea = await MatchingPlanting.VolunteerAsync(app, association, "Bea Bærumsen-7m", new VolunteerSpec { Municipality = "3201" });

        var url = $"/deltaker/{woman}/forslag";
        var page = await Html.ParseAsync(await coordinator.GetUrlAsync(url));
        var cards = page.QuerySelectorAll("#suggestions li.rv-card").ToList();
        var card = Assert.Single(cards);
        Assert.Equal(ada.ToString(), card.GetAttribute("data-volunteer"));
        var text = card.TextContent;
        Assert.Contains("Ada Tursdottir-7m", text, StringComparison.Ordinal);
        Assert.Contains("46 år · Nordre Follo", text, StringComparison.Ordinal);
        Assert.Contains("av 100 poeng", text, StringComparison.Ordinal);
        var chips = card.QuerySelector(".rv-score__chips")!.TextContent;
        Assert.Matches(@"^\d+ km · 2 felles interesser · ", chips);
        Assert.Contains("snakker også arabisk", chips, StringComparison.Ordinal);
        Assert.Contains("46 år – som hun ønsket", text, StringComparison.Ordinal);
        Assert.Contains("Avstand", card.QuerySelector("details")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("poeng", card.QuerySelector("details")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Bea Bærumsen-7m", page.QuerySelector("#suggestions")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Utelukket (1)", page.QuerySelector("#excluded-heading")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#excluded-list"));

        // The excluded volunteers, with the rule that excluded each: the link carries a flag, nothing about anyone.
        var link = page.QuerySelector("#utelukket a")!.GetAttribute("href");
        Assert.Equal($"/deltaker/{woman}/forslag?utelukket=true#utelukket", link);
        var excluded = await Html.ParseAsync(await coordinator.GetUrlAsync($"{url}?utelukket=true"));
        var row = Assert.Single(excluded.QuerySelectorAll("#excluded-list > li"));
        Assert.Equal(bea.ToString(), row.GetAttribute("data-volunteer"));
        Assert.Contains("Bea Bærumsen-7m", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Bor i en kommune hun må holde seg unna.", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Bea Bærumsen-7m", excluded.QuerySelector("#suggestions")!.TextContent, StringComparison.Ordinal);

        // No name in the title; one audit entry per view, naming her record only.
        Assert.DoesNotContain("Amira", excluded.Title, StringComparison.Ordinal);
        var views = (await MatchingPlanting.AuditAsync(app, AuditActions.SuggestionsViewed)).Where(e => e.EntityId == woman).ToList();
        Assert.Equal(2, views.Count);
        Assert.All(views, v => Assert.Equal("Participant", v.EntityType));

        // A woman not on the waiting list gets a kind message, not an error.
        var referred = await MatchingPlanting.WomanAsync(app, association, centre, "Rita Henvist-7m", new WomanSpec { Waiting = false });
        var notWaiting = await coordinator.GetUrlAsync($"/deltaker/{referred}/forslag");
        Assert.Equal(HttpStatusCode.OK, notWaiting.StatusCode);
        var notWaitingPage = await Html.ParseAsync(notWaiting);
        Assert.Contains("Hun står ikke på ventelisten nå", notWaitingPage.QuerySelector("#no-suggestions")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(Html.ErrorMessages(notWaitingPage));
    }

    [Fact]
    public async Task SideBySide_ShowsBothProfilesTheScoreAndTheRules_AndDoNotMatchExcludesThePair()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Side");
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var woman = await MatchingPlanting.WomanAsync(app, association, centre, "Sara Sidesen-7m", new WomanSpec { AreasToAvoid = ["3201"] });
        var ada = await MatchingPlanting.VolunteerAsync(app, association, "Ada Sammenlign-7m");
        var bea = await MatchingPlanting.VolunteerAsync(app, association, "Bea Unngås-7m", new VolunteerSpec { Municipality = "3201" });

        var allowed = await Html.ParseAsync(await coordinator.GetUrlAsync($"/deltaker/{woman}/forslag/{ada}"));
        Assert.Contains("Oslo", allowed.QuerySelector("#her-needs")!.TextContent, StringComparison.Ordinal);
        var profile = allowed.QuerySelector("#volunteer")!.TextContent;
        Assert.Contains("Ada Sammenlign-7m", profile, StringComparison.Ordinal);
        Assert.Contains("Mandag: formiddag, ettermiddag, kveld", profile, StringComparison.Ordinal);
        Assert.Contains("30 km", profile, StringComparison.Ordinal);
        Assert.Contains("Ingen fullførte koblinger", profile, StringComparison.Ordinal);
        Assert.NotNull(allowed.QuerySelector("#pair-allowed"));
        Assert.Contains("Avstand", allowed.QuerySelector("#score")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(allowed.QuerySelector("form[action*='handler=Propose']"));

        var excluded = await Html.ParseAsync(await coordinator.GetUrlAsync($"/deltaker/{woman}/forslag/{bea}"));
        Assert.Contains("Bor i en kommune hun må holde seg unna.", excluded.QuerySelector("#pair-excluded")!.TextContent, StringComparison.Ordinal);
        Assert.Null(excluded.QuerySelector("form[action*='handler=Propose']"));

        // A volunteer outside her search is not found; neither is a random one.
        var otherAssociation = (await app.CreateOrganisationAsync("Annen side", "4601", "46")).Association;
        var stranger = await MatchingPlanting.VolunteerAsync(app, otherAssociation, "Fremmed Frivillig-7m");
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetUrlAsync($"/deltaker/{woman}/forslag/{stranger}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetUrlAsync($"/deltaker/{woman}/forslag/{Guid.NewGuid()}")).StatusCode);

        // "Ikke match disse": the pair is blocked for good, and her suggestions say so.
        var blocked = await coordinator.SubmitFormAsync($"/deltaker/{woman}/forslag/{ada}", "form[action*='handler=Block']", []);
        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
        Assert.Equal($"/deltaker/{woman}/forslag", blocked.Location());
        await using (var scope = app.Services.CreateSystemScope())
        {
            var block = await scope.ServiceProvider.GetRequiredService<AppDbContext>().PairBlocks.SingleAsync(b => b.ParticipantId == woman, Ct);
            Assert.Equal((ada, PairBlockKind.DoNotMatch), (block.VolunteerId, block.Kind));
        }

        var after = await Html.ParseAsync(await coordinator.GetUrlAsync($"/deltaker/{woman}/forslag?utelukket=true"));
        Assert.Empty(after.QuerySelectorAll("#suggestions li.rv-card"));
        var row = after.QuerySelector($"#excluded-list > li[data-volunteer='{ada}']")!;
        Assert.Contains("Skal aldri foreslås for henne (valgt av en koordinator).", row.TextContent, StringComparison.Ordinal);
        Assert.Single(await MatchingPlanting.AuditAsync(app, AuditActions.PairBlocked));
    }

    [Fact]
    public async Task DoNotMatch_WithdrawsAnOpenProposalOfThePair_SoItNeverReachesAStartMeeting()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Sperr");
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var woman = await MatchingPlanting.WomanAsync(app, association, centre, "Siri Sperret-7m");
        var ada = await MatchingPlanting.VolunteerAsync(app, association, "Ada Sperret-7m");
        var proposed = await coordinator.SubmitFormAsync($"/deltaker/{woman}/forslag/{ada}", "form[action*='handler=Propose']", []);
        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        Assert.Equal(MatchStatus.Proposed, Assert.Single(await MatchingPlanting.MatchesOfAsync(app, woman)).Status);

        var blocked = await coordinator.SubmitFormAsync($"/deltaker/{woman}/forslag/{ada}", "form[action*='handler=Block']", []);
        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);

        var match = Assert.Single(await MatchingPlanting.MatchesOfAsync(app, woman));
        Assert.Equal((MatchStatus.Declined, MatchDeclinedBy.Coordinator, MatchDeclineReason.CoordinatorWithdrew, (int?)null, (int?)null),
            (match.Status, match.DeclinedBy, match.DeclineReason, match.ParticipantSlot, match.VolunteerSlot));
        Assert.Equal(0, await MatchingPlanting.OpenMatchesOfVolunteerAsync(app, ada));
        Assert.Equal("Coordinator:DoNotMatch", Assert.Single(await MatchingPlanting.AuditAsync(app, AuditActions.MatchDeclined)).Detail);
    }

    [Fact]
    public async Task Propose_CreatesAProposedMatch_AndRefusesASecondProposalForTheSameWoman()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Foreslå");
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var woman = await MatchingPlanting.WomanAsync(app, association, centre, "Fatima Foreslått-7m");
        var ada = await MatchingPlanting.VolunteerAsync(app, association, "Ada Først-7m");
        var cora = await MatchingPlanting.VolunteerAsync(app, association, "Cora Andre-7m", new VolunteerSpec { Municipality = "3207" });
        var url = $"/deltaker/{woman}/forslag";

        var proposed = await coordinator.SubmitFormAsync(url, $"li[data-volunteer='{ada}'] form[action*='handler=Propose']", []);
        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        var match = Assert.Single(await MatchingPlanting.MatchesOfAsync(app, woman));
        Assert.Equal($"/kobling/{match.Id}", proposed.Location());
        Assert.Equal((MatchStatus.Proposed, ada, association), (match.Status, match.VolunteerId, match.AssociationId));
        Assert.True(match.ScoreMilli > 0);
        var audited = Assert.Single(await MatchingPlanting.AuditAsync(app, AuditActions.MatchProposed));
        Assert.Equal(("Match", match.Id), (audited.EntityType, audited.EntityId));

        // Her page now points to the open proposal and offers no other; a second proposal is refused on the server too.
        var page = await Html.ParseAsync(await coordinator.GetUrlAsync(url));
        Assert.Equal($"/kobling/{match.Id}", page.QuerySelector("#open-match a")!.GetAttribute("href"));
        Assert.Null(page.QuerySelector("form[action*='handler=Propose']"));
        var second = await coordinator.PostFormAsync(url, [new("volunteerId", cora.ToString())], url + "?handler=Propose");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var refused = await Html.ParseAsync(second);
        Assert.Contains("Hun har allerede et forslag eller en kobling som ikke er avsluttet.", Html.ErrorMessages(refused));
        Assert.Single(await MatchingPlanting.MatchesOfAsync(app, woman));
        Assert.Single(await MatchingPlanting.AuditAsync(app, AuditActions.MatchProposed));
    }

    [Fact]
    public async Task OneVolunteerOfCapacityOne_ProposedForTwoWomen_TheSecondIsRefused_InTurnAndInARace()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Kapasitet");
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var first = await MatchingPlanting.WomanAsync(app, association, centre, "Hanna Først-7m");
        var second = await MatchingPlanting.WomanAsync(app, association, centre, "Ida Andre-7m");
        var ada = await MatchingPlanting.VolunteerAsync(app, association, "Ada Opptatt-7m");

        // In turn: the second coordinator's page was built while Ada was free; the service checks again on fresh data.
        var secondUrl = $"/deltaker/{second}/forslag";
        var stalePage = await coordinator.GetDocumentAsync(secondUrl);
        Assert.NotNull(stalePage.QuerySelector($"li[data-volunteer='{ada}']"));
        Assert.Equal(HttpStatusCode.Redirect, (await coordinator.SubmitFormAsync($"/deltaker/{first}/forslag",
            $"li[data-volunteer='{ada}'] form[action*='handler=Propose']", [])).StatusCode);
        var taken = await coordinator.PostFormAsync(secondUrl, [new("volunteerId", ada.ToString())], secondUrl + "?handler=Propose");
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        var refused = await Html.ParseAsync(taken);
        Assert.Contains("Denne ressursvennen kan ikke foreslås for henne:", Html.ErrorMessages(refused));
        Assert.Contains("Er allerede foreslått eller koblet, og har ikke plass til flere nå. (1 av 1)",
            refused.QuerySelector("#refusal-reasons")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(refused.QuerySelectorAll("#suggestions li.rv-card"));
        Assert.Empty(await MatchingPlanting.MatchesOfAsync(app, second));

        // In a race: two coordinators propose the same free volunteer before either saves; the database keeps one.
        var third = await MatchingPlanting.WomanAsync(app, association, centre, "Julie Tredje-7m");
        var fourth = await MatchingPlanting.WomanAsync(app, association, centre, "Kari Fjerde-7m");
        var dina = await MatchingPlanting.VolunteerAsync(app, association, "Dina Ettertraktet-7m");
        await using var scopeA = app.Services.CreateSystemScope();
        await using var scopeB = app.Services.CreateSystemScope();
        var (matchingA, matchingB) = (scopeA.ServiceProvider.GetRequiredService<MatchingService>(), scopeB.ServiceProvider.GetRequiredService<MatchingService>());
        var womanA = await scopeA.ServiceProvider.GetRequiredService<AppDbContext>().Participants.SingleAsync(p => p.Id == third, Ct);
        var womanB = await scopeB.ServiceProvider.GetRequiredService<AppDbContext>().Participants.SingleAsync(p => p.Id == fourth, Ct);
        var proposalA = await matchingA.ProposeAsync(womanA, dina, null, Ct);
        var proposalB = await matchingB.ProposeAsync(womanB, dina, null, Ct);
        Assert.True(proposalA.Succeeded && proposalB.Succeeded);
        Assert.Null(await matchingA.SaveProposalAsync(proposalA.Match!, Ct));
        Assert.Equal("Match.TakenMeanwhile", await matchingB.SaveProposalAsync(proposalB.Match!, Ct));
        Assert.Equal(1, await MatchingPlanting.OpenMatchesOfVolunteerAsync(app, dina));
        Assert.Single(await MatchingPlanting.MatchesOfAsync(app, third));
        Assert.Empty(await MatchingPlanting.MatchesOfAsync(app, fourth));
    }

    [Fact]
    public async Task BatchPlan_ShowsAnOptimalTotalAtLeastTheGreedyOne_WithEachPairOneClickFromProposing()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Plan");
        // Greedy gives the longest-waiting woman her best volunteer, the only one who speaks Somali; the second woman
        // needs Somali and is left without. The best plan gives each a volunteer.
        var longest = await MatchingPlanting.WomanAsync(app, association, centre, "Liv Lengstventet-7m");
        app.Clock.Advance(TimeSpan.FromDays(1));
        var needsSomali = await MatchingPlanting.WomanAsync(app, association, centre, "Hodan Somalisk-7m",
            new WomanSpec { Languages = ["so"], NeedsSameLanguage = true });
        var near = await MatchingPlanting.VolunteerAsync(app, association, "Nora Nærmest-7m", new VolunteerSpec { Languages = ["nb", "so"] });
        var far = await MatchingPlanting.VolunteerAsync(app, association, "Frida Lenger-7m", new VolunteerSpec { Municipality = "3207" });
        // Logged in after the clock moved on, so the session is fresh.
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));

        var list = await coordinator.GetDocumentAsync("/deltakere");
        Assert.Equal("/venteliste/plan", list.QuerySelector("#waiting-links a")!.GetAttribute("href"));
        var page = await coordinator.GetDocumentAsync("/venteliste/plan");
        long Milli(string row) => long.Parse(page.QuerySelector($"#{row} td[data-milli]")!.GetAttribute("data-milli")!, CultureInfo.InvariantCulture);
        Assert.True(Milli("plan-optimal") >= Milli("plan-greedy"));
        Assert.True(Milli("plan-optimal") > Milli("plan-greedy"), "this waiting list is one where picking one at a time loses");
        Assert.Contains("2 av 2", page.QuerySelector("#plan-optimal")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("1 av 2", page.QuerySelector("#plan-greedy")!.TextContent, StringComparison.Ordinal);
        var pairs = page.QuerySelectorAll("#plan-pairs li.rv-card").Select(p => (p.GetAttribute("data-woman")!, p.GetAttribute("data-volunteer")!)).ToList();
        var expected = new[] { (longest.ToString(), far.ToString()), (needsSomali.ToString(), near.ToString()) };
        Assert.Equal(expected.Order(), pairs.Order());
        Assert.NotNull(page.QuerySelector($"#plan-pairs a[href='/deltaker/{needsSomali}/forslag/{near}']"));
        Assert.Contains("Hodan Somalisk-7m og Nora Nærmest-7m", page.QuerySelector("#plan-pairs")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Alle som venter, får et forslag i planen.", page.QuerySelector("#plan-unmatched")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("du foreslår hver kobling", page.Body!.TextContent, StringComparison.Ordinal);
        var audited = Assert.Single(await MatchingPlanting.AuditAsync(app, AuditActions.BatchPlanViewed));
        Assert.Equal(association, audited.EntityId);
        Assert.Empty(await MatchingPlanting.MatchesOfAsync(app, longest));

        // Nothing planned for an association that is not hers.
        var other = (await app.CreateOrganisationAsync("Annen plan", "4601", "46")).Association;
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetUrlAsync($"/venteliste/plan?forening={other}")).StatusCode);
    }

    [Fact]
    public async Task Widening_AskedAndAgreed_ThePartnersVolunteerIsSuggestedAsRessursvennIAssociation()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Hjem");
        var (neighbour, _) = await app.CreateOrganisationAsync("Nabo", "3207", "32");
        var (distant, _) = await app.CreateOrganisationAsync("Fjern", "4601", "46");
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var partnerUser = await app.CreateUserAsync(Roles.Coordinator, [neighbour]);
        using var partner = await app.LoggedInClientAsync(partnerUser);
        using var stranger = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [distant]));
        var woman = await MatchingPlanting.WomanAsync(app, association, centre, "Wenche Utvidet-7m", new WomanSpec { Interests = ["walks", "culture"] });
        var nora = await MatchingPlanting.VolunteerAsync(app, neighbour, "Nora Nabolånt-7m", new VolunteerSpec { Municipality = "3207" });
        var url = $"/deltaker/{woman}/forslag";

        var before = await coordinator.GetDocumentAsync(url);
        Assert.Empty(before.QuerySelectorAll("#suggestions li.rv-card"));
        Assert.NotNull(before.QuerySelector($"#naboforeninger li[data-association='{neighbour}'] form"));
        Assert.Null(before.QuerySelector($"#naboforeninger li[data-association='{distant}']"));

        var asked = await coordinator.SubmitFormAsync(url, $"#naboforeninger li[data-association='{neighbour}'] form", []);
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var request = Assert.Single(await MatchingPlanting.WideningRequestsAsync(app, woman));
        Assert.Equal((association, neighbour, WideningStatus.Requested), (request.AssociationId, request.PartnerAssociationId, request.Status));
        Assert.Equal("0301", request.Summary.MunicipalityCode);
        Assert.DoesNotContain("Wenche", request.SummaryData, StringComparison.Ordinal);
        Assert.Single(await MatchingPlanting.AuditAsync(app, AuditActions.WideningRequested));
        var notice = Assert.Single(app.Mail.Messages, m => m.To == partnerUser.Email);
        Assert.Equal("Et varsel til deg som koordinator", notice.Subject);
        Assert.DoesNotContain("Wenche", notice.TextBody + notice.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Oslo", notice.TextBody + notice.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("/utvidet-sok", app.Mail.LastLinkTo(partnerUser.Email));

        // Asking again is refused; the page shows the request as pending.
        var again = await coordinator.PostFormAsync(url, [new("partnerId", neighbour.ToString())], url + "?handler=Widen");
        Assert.Contains("Dere har allerede spurt denne lokalforeningen om henne.", Html.ErrorMessages(await Html.ParseAsync(again)));
        Assert.Single(await MatchingPlanting.WideningRequestsAsync(app, woman));

        // The partner's home page says a request waits (a count, no detail); the asking association's does not.
        Assert.NotNull((await partner.GetDocumentAsync("/")).QuerySelector("#home-widening-requests a[href='/utvidet-sok']"));
        Assert.Null((await coordinator.GetDocumentAsync("/")).QuerySelector("#home-widening-requests"));

        // The partner reads the anonymised summary only; another association sees nothing and cannot answer.
        var inbox = await partner.GetDocumentAsync("/utvidet-sok");
        var card = inbox.QuerySelector($"#widening-pending li[data-request='{request.Id}']")!;
        Assert.Contains("Oslo", card.TextContent, StringComparison.Ordinal);
        Assert.Contains("Kultur og museer", card.TextContent, StringComparison.Ordinal);
        Assert.Contains("Fra Hjem sanitetsforening", card.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Wenche", inbox.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("400 00 000", inbox.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Null((await stranger.GetDocumentAsync("/utvidet-sok")).QuerySelector($"[data-request='{request.Id}']"));
        Assert.Null((await coordinator.GetDocumentAsync("/utvidet-sok")).QuerySelector($"[data-request='{request.Id}']"));
        var foreign = await stranger.PostFormAsync("/utvidet-sok",
            [new("requestId", request.Id.ToString()), new("version", request.Version.ToString(CultureInfo.InvariantCulture)), new("agree", "true")],
            "/utvidet-sok?handler=Answer");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);

        var agreed = await partner.SubmitFormAsync("/utvidet-sok", $"li[data-request='{request.Id}'] form", [], "agree", "true");
        Assert.Equal(HttpStatusCode.Redirect, agreed.StatusCode);
        var answered = Assert.Single(await MatchingPlanting.WideningRequestsAsync(app, woman));
        Assert.Equal((WideningStatus.Agreed, partnerUser.Id), (answered.Status, answered.AnsweredByUserId));
        Assert.Equal("agreed", Assert.Single(await MatchingPlanting.AuditAsync(app, AuditActions.WideningAnswered)).Detail);
        Assert.Null((await partner.GetDocumentAsync("/")).QuerySelector("#home-widening-requests"));

        // A second answer built from the old version is refused as a lost update, and changes nothing.
        var stale = await partner.PostFormAsync("/utvidet-sok",
            [new("requestId", request.Id.ToString()), new("version", request.Version.ToString(CultureInfo.InvariantCulture)), new("agree", "false")],
            "/utvidet-sok?handler=Answer");
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains(Html.ErrorMessages(await Html.ParseAsync(stale)), m => m.StartsWith("Noen andre har endret dette", StringComparison.Ordinal));
        Assert.Equal(WideningStatus.Agreed, Assert.Single(await MatchingPlanting.WideningRequestsAsync(app, woman)).Status);

        // Now the partner's volunteer is suggested, named only by her association.
        var after = await coordinator.GetDocumentAsync(url);
        var suggestion = Assert.Single(after.QuerySelectorAll("#suggestions li.rv-card"));
        Assert.Equal(nora.ToString(), suggestion.GetAttribute("data-volunteer"));
        Assert.Contains("Ressursvenn i Nabo sanitetsforening", suggestion.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Nora", after.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Contains("Har sagt ja", after.QuerySelector($"#naboforeninger li[data-association='{neighbour}']")!.TextContent, StringComparison.Ordinal);
        var compare = await coordinator.GetDocumentAsync($"/deltaker/{woman}/forslag/{nora}");
        Assert.Contains("Ressursvenn i Nabo sanitetsforening", compare.QuerySelector("#volunteer")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Nora", compare.DocumentElement.OuterHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherAssociationsCoordinator_GetsNotFound_OnEveryNewPage()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Egen");
        var (other, _) = await app.CreateOrganisationAsync("Fremmed", "4601", "46");
        using var outsider = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [other]));
        var woman = await MatchingPlanting.WomanAsync(app, association, centre, "Tone Trygg-7m");
        var ada = await MatchingPlanting.VolunteerAsync(app, association, "Ada Egen-7m");

        foreach (var page in new[] { $"/deltaker/{woman}/forslag", $"/deltaker/{woman}/forslag?utelukket=true", $"/deltaker/{woman}/forslag/{ada}", $"/venteliste/plan?forening={association}" })
        {
            var response = await outsider.GetUrlAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET {page} gave {(int)response.StatusCode}");
            Assert.DoesNotContain("Tone Trygg-7m", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        foreach (var (page, handler, field, value) in new[]
                 {
                     ($"/deltaker/{woman}/forslag", "Propose", "volunteerId", ada.ToString()),
                     ($"/deltaker/{woman}/forslag", "Widen", "partnerId", other.ToString()),
                     ($"/deltaker/{woman}/forslag/{ada}", "Propose", "x", "y"),
                     ($"/deltaker/{woman}/forslag/{ada}", "Block", "x", "y"),
                 })
        {
            var response = await outsider.PostFormAsync("/utvidet-sok", [new(field, value)], $"{page}?handler={handler}");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"POST {page} {handler} gave {(int)response.StatusCode}");
        }

        Assert.Empty(await MatchingPlanting.MatchesOfAsync(app, woman));
        Assert.Empty(await MatchingPlanting.WideningRequestsAsync(app, woman));
        Assert.Empty(await MatchingPlanting.AuditAsync(app, AuditActions.SuggestionsViewed));
        await using var scope = app.Services.CreateSystemScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<AppDbContext>().PairBlocks.AnyAsync(Ct));

        // Her own association's plan page answers for the outsider's own association only.
        Assert.Equal(HttpStatusCode.OK, (await outsider.GetUrlAsync("/venteliste/plan")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await outsider.GetUrlAsync("/utvidet-sok")).StatusCode);
    }
}
