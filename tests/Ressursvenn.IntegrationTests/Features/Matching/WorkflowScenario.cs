using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.IntegrationTests.Features.Volunteers;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Features.Matching;

namespace Ressursvenn.IntegrationTests.Features.Matching;

/// <summary>
/// An association with its crisis centre, a coordinator, a crisis-centre employee, an approved volunteer with an
/// account (interview suitable, fresh certificate, mandatory training, current declaration) and a waiting woman in
/// the same municipality — everything a proposal needs — and the helpers the match-workflow tests share.
/// </summary>
public sealed record WorkflowScenario(
    TestApp App, Guid Association, Guid Centre, TestUser Coordinator, TestUser Staff, TestUser VolunteerUser, Guid VolunteerId, Guid WomanId)
{
    public const string WomanName = "Testkvinne Ingrid-5kq";
    public const string VolunteerName = "Testvenn Marit-5kq";
    public const string WomanPhone = "912 55 873";
    public const string CodeWord = "Tyttebær-5kq";

    public static async Task<WorkflowScenario> CreateAsync(TestApp app, string tag = "Kobling", string womanName = WomanName)
    {
        ArgumentNullException.ThrowIfNull(app);
        var (association, centre) = await app.CreateOrganisationAsync(tag);
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association], name: "Koordinator " + tag);
        var staff = await app.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: centre);
        var volunteerUser = await app.CreateUserAsync(Roles.Volunteer, name: VolunteerName);
        var volunteerId = await PlantedVolunteers.PlantAsync(app, association, VolunteerName, VolunteerStatus.Approved, Steps.All, volunteerUser.Id);
        var woman = await PlantWomanAsync(app, association, centre, womanName);
        return new WorkflowScenario(app, association, centre, coordinator, staff, volunteerUser, volunteerId, woman);
    }

    /// <summary>A woman referred, taken in and put on the waiting list through the domain rules (in Oslo, like the volunteer).</summary>
    public static async Task<Guid> PlantWomanAsync(TestApp app, Guid association, Guid centre, string name, Action<Participant>? shape = null,
        bool shareWithVolunteer = true)
    {
        ArgumentNullException.ThrowIfNull(app);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var her = await Plant.Participant(app, association, centre, name)
            .With(participant =>
            {
                participant.Contact = new SafeContact
                {
                    Channel = ContactChannel.Phone, Phone = WomanPhone, SafeTimes = "Hverdager etter kl. 16", MayLeaveMessage = false, CodeWord = CodeWord,
                };
                participant.Area = new Area { MunicipalityCode = "0301", PostalCode = "0150" };
                participant.Profile = new ParticipantProfile { Languages = ["nb", "ar"], Interests = ["cooking"], Needs = ["social", "job"], AgeGroup = "35-44" };
            })
            .Consent(ConsentKind.ShareWithVolunteer, shareWithVolunteer)
            .ReferredAt(now.AddDays(-30))
            .Waiting(now.AddDays(-20))
            .Then(participant => shape?.Invoke(participant))
            .SaveAsync();
        return her.Id;
    }

    /// <summary>Proposes the volunteer for the woman the way the suggestions page does: in the coordinator's data scope, every hard rule checked.</summary>
    public Task<Guid> ProposeAsync() => ProposeAsync(WomanId, VolunteerId);

    public async Task<Guid> ProposeAsync(Guid womanId, Guid volunteerId)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<DataScope>().UseAssociations([Association]);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var matching = scope.ServiceProvider.GetRequiredService<MatchingService>();
        var woman = await db.Participants.SingleAsync(p => p.Id == womanId, ct);
        var result = await matching.ProposeAsync(woman, volunteerId, Coordinator.Id, ct);
        Assert.True(result.Succeeded, $"{result.RefusalKey}: {string.Join(", ", result.Exclusions.Select(e => e.Code))}");
        Assert.Null(await matching.SaveProposalAsync(result.Match!, ct));
        await scope.ServiceProvider.GetRequiredService<MatchNotifier>().ProposalMadeAsync(result.Match!, ct);
        return result.Match!.Id;
    }

    /// <summary>Tries a proposal of the pair; null when it succeeded (and it is then saved), else the refusal key.</summary>
    public async Task<string?> TryProposeAsync(Guid womanId, Guid volunteerId)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<DataScope>().UseAssociations([Association]);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var matching = scope.ServiceProvider.GetRequiredService<MatchingService>();
        var woman = await db.Participants.SingleAsync(p => p.Id == womanId, ct);
        var result = await matching.ProposeAsync(woman, volunteerId, Coordinator.Id, ct);
        return result.Succeeded ? await matching.SaveProposalAsync(result.Match!, ct) : result.RefusalKey;
    }

    public Task<Match> MatchAsync(Guid id) => LoadMatchAsync(App, id);

    public static async Task<Match> LoadMatchAsync(TestApp app, Guid id)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Matches.AsNoTracking()
            .SingleAsync(m => m.Id == id, TestContext.Current.CancellationToken);
    }

    public async Task<Participant> WomanAsync()
    {
        await using var scope = App.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Participants.AsNoTracking().Include(p => p.Referrals)
            .SingleAsync(p => p.Id == WomanId, TestContext.Current.CancellationToken);
    }

    /// <summary>Changes a stored match directly (what another coordinator or a background job would have done).</summary>
    public static async Task ChangeMatchAsync(TestApp app, Guid id, Action<Match> change)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(change);
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var match = await db.Matches.SingleAsync(m => m.Id == id, TestContext.Current.CancellationToken);
        change(match);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public static string Version(Match match)
    {
        ArgumentNullException.ThrowIfNull(match);
        return match.Version.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The visible text of a page's main content (parsed, so æøå read as typed).</summary>
    public static async Task<string> MainTextAsync(HttpClient client, string url)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.GetUrlAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url} gave {(int)response.StatusCode}");
        var document = await Html.ParseAsync(response);
        return document.QuerySelector("main")!.TextContent;
    }
}
