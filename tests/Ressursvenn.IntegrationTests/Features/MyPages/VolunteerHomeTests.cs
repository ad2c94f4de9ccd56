using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.IntegrationTests.Features.Participants;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Volunteers;

namespace Ressursvenn.IntegrationTests.Features.MyPages;

/// <summary>
/// Her home page says first what waits for her (a proposal to answer before anything else)
/// and shows her running match — it never says "nothing waits" while a woman waits for her answer; her service letter
/// states only what happened (on the day of her approval: since when, no period, no matches claimed).
/// </summary>
public sealed class VolunteerHomeTests
{
    [Fact]
    public async Task Home_PutsAProposalToAnswerFirst_ShowsHerRunningMatch_AndSaysNothingWaitsOnlyWhenNothingDoes()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Hjem");
        await MyPagesPlanting.RetireDefaultCatalogueAsync(app);
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var her = await MyPagesPlanting.PlantAsync(app, association, "Qxhjemme Frivillig", VolunteerStatus.Approved, v =>
        {
            v.Capacity = 2;
            v.PoliceCertificate = new PoliceCertificateRecord { VolunteerId = v.Id, ShownOn = today.AddDays(-10), IssuedOn = today.AddDays(-20), Purpose = "Ressursvenn" };
            v.Declarations.Add(new DeclarationSignature { VolunteerId = v.Id, TextVersion = DeclarationSignature.CurrentTextVersion, SignedAt = v.AppliedAt });
        });
        var waiting = await PlantedRecords.PlantAsync(app, association, centre, "Qxventende Kvinne");
        var running = await PlantedRecords.PlantAsync(app, association, centre, "Qxkoblet Kvinne");

        // Nothing at all: the one case where the page may say so.
        var empty = await HomeAsync(app, her.User);
        Assert.NotNull(empty.QuerySelector("#home-nothing-open"));
        Assert.Null(empty.QuerySelector("#home-agenda"));

        var planted = await MyPagesPlanting.MatchesAsync(app, association,
            (running.Id, her.Id, MatchStatus.Active), (waiting.Id, her.Id, MatchStatus.Proposed));
        var (active, proposal) = (planted[0], planted[1]);
        var home = await HomeAsync(app, her.User);
        Assert.Null(home.QuerySelector("#home-nothing-open"));
        var first = home.QuerySelector("#home-agenda [data-agenda]")!;
        Assert.Equal("Proposal", first.GetAttribute("data-agenda"));
        Assert.Equal($"/min-side/forslag/{proposal.Id}", first.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal([$"/min-side/kobling/{active.Id}"], home.QuerySelectorAll("#home-match a").Select(a => a.GetAttribute("href")));
        // The page position: what waits comes before her match, both before her status.
        var text = home.QuerySelector("main")!.TextContent;
        Assert.True(text.IndexOf("Se forslaget og svar", StringComparison.Ordinal) < text.IndexOf("Koblingen din", StringComparison.Ordinal));
        var body = home.DocumentElement.OuterHtml;
        Assert.DoesNotContain("Qxventende", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Qxkoblet", body, StringComparison.Ordinal);

        // She has answered yes: no longer a task, but still shown as waiting for the coordinator.
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (await db.Matches.FindAsync([proposal.Id], TestContext.Current.CancellationToken))!.Status = MatchStatus.AcceptedByVolunteer;
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var answered = await HomeAsync(app, her.User);
        Assert.Null(answered.QuerySelector("#home-agenda"));
        Assert.Equal([$"/min-side/forslag/{proposal.Id}"], answered.QuerySelectorAll("#home-answered a").Select(a => a.GetAttribute("href")));
        Assert.NotNull(answered.QuerySelector("#home-match"));
        Assert.Null(answered.QuerySelector("#home-nothing-open"));
    }

    [Fact]
    public async Task ServiceLetter_OnTheDayOfHerApproval_SaysSinceWhen_AndClaimsNoMatchOrMonthsOfMeetings()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Dagen");
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
        var her = await MyPagesPlanting.PlantAsync(app, association, "Qxforste Dag", VolunteerStatus.Approved);
        var left = await MyPagesPlanting.PlantAsync(app, association, "Qxsamme Dag", VolunteerStatus.Left);

        var letter = await LetterAsync(app, her.User);
        Assert.Equal($"Qxforste Dag har vært godkjent som frivillig ressursvenn i Dagen sanitetsforening siden {today}.", Text(letter, "#letter-period"));
        Assert.DoesNotContain($"til {today}", Text(letter, "#service-letter"), StringComparison.Ordinal);
        Assert.Equal("Hun har ennå ikke vært koblet med en deltaker.", Text(letter, "#letter-no-match"));
        Assert.Null(letter.QuerySelector("#letter-meetings"));

        // Approved and gone the same day: one date, not "from X to X".
        var same = await LetterAsync(app, left.User);
        Assert.Equal($"Qxsamme Dag var godkjent som frivillig ressursvenn i Dagen sanitetsforening {today}.", Text(same, "#letter-period"));
    }

    private static async Task<IHtmlDocument> HomeAsync(TestApp app, TestUser user)
    {
        using var client = await app.LoggedInClientAsync(user);
        var response = await client.GetUrlAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Html.ParseAsync(response);
    }

    private static async Task<IHtmlDocument> LetterAsync(TestApp app, TestUser user)
    {
        using var client = await app.LoggedInClientAsync(user);
        var response = await client.GetUrlAsync("/min-side/tjenestebekreftelse");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Html.ParseAsync(response);
    }

    private static string Text(IHtmlDocument page, string selector) =>
        page.QuerySelector(selector)?.TextContent.Trim() ?? throw new InvalidOperationException($"Nothing matches {selector}: {page.Body?.TextContent}");
}
