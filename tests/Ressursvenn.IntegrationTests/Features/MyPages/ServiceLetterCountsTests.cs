using System.Net;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.IntegrationTests.Features.Participants;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Volunteers;

namespace Ressursvenn.IntegrationTests.Features.MyPages;

/// <summary>
/// The service letter's counts: the matches she has had (those that reached a start meeting) and the meetings
/// recorded in the system — until the meeting log exists, the start meetings — and never anything about a participant.
/// </summary>
public sealed class ServiceLetterCountsTests
{
    [Fact]
    public async Task ServiceLetter_CountsHerStartedMatchesAndTheirStartMeetings_AndNamesNoParticipant()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Teller");
        var her = await MyPagesPlanting.PlantAsync(app, association, "Qxtorill Tellesen", VolunteerStatus.Approved, v => v.Capacity = 2);
        var other = await MyPagesPlanting.PlantAsync(app, association, "Qxannen Tellesen", VolunteerStatus.Approved);
        var women = new List<PlantedRecord>();
        for (var i = 0; i < 5; i++)
        {
            women.Add(await PlantedRecords.PlantAsync(app, association, centre, $"Qxbrevkvinne{i}"));
        }

        await MyPagesPlanting.MatchesAsync(app, association,
            (women[0].Id, her.Id, MatchStatus.Closed),
            (women[1].Id, her.Id, MatchStatus.Active),
            (women[2].Id, her.Id, MatchStatus.Declined),
            (women[3].Id, her.Id, MatchStatus.Proposed),
            (women[4].Id, other.Id, MatchStatus.Active));

        using var client = await app.LoggedInClientAsync(her.User);
        var response = await client.GetUrlAsync("/min-side/tjenestebekreftelse");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(ct);
        var page = await Html.ParseAsync(response);

        // The closed and the active match reached a start meeting; the declined and the proposed one did not; the other
        // volunteer's match is hers, not this one's.
        Assert.Equal("2", page.QuerySelector("#letter-matches")!.TextContent.Trim());
        Assert.Equal("2", page.QuerySelector("#letter-meetings")!.TextContent.Trim());
        Assert.Contains("Oppstartsmøter hun har deltatt i", page.QuerySelector("#service-letter")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#letter-no-match"));
        foreach (var woman in women)
        {
            Assert.DoesNotContain(woman.Name, body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(woman.Phone, body, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Qxbrevkvinne", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Qxannen", body, StringComparison.OrdinalIgnoreCase);
    }
}
