using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Features.Referrals;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.IntegrationTests.Features.Volunteers;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Domain.Volunteers;
using static Ressursvenn.IntegrationTests.Infrastructure.ApiCalls;

namespace Ressursvenn.IntegrationTests.Features.Matching;

/// <summary>
/// Matching through the JSON API: the same authorization as the pages (another association's
/// coordinator and every other role get the 404 of a missing route, anonymous a 401, a POST needs the antiforgery
/// token), a proposal answered by the volunteer and started by the coordinator ends Active, the volunteer reads her
/// proposal anonymised and only the agreed fields of her running match, and a refused proposal is a 409 naming the
/// hard rules that refused it.
/// </summary>
public sealed class MatchingApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProposeAnswerAndStart_ThroughTheApi_EndsActive_AndTheVolunteerSeesHerNameOnlyOnceItRuns()
    {
        var app = fixture.App;
        var (association, centre) = await app.CreateOrganisationAsync("Kobling API");
        var coordinatorUser = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var coordinator = await fixture.LoginAsync(coordinatorUser);
        var woman = await PlantWaitingAsync(app, association, centre, Unique("Qxwenche"));
        var volunteerName = Unique("Qxvera Apivenn");
        var volunteerUser = await app.CreateUserAsync(Roles.Volunteer, name: volunteerName);
        var volunteerId = await PlantedVolunteers.PlantAsync(app, association, volunteerName, VolunteerStatus.Approved, Steps.All, volunteerUser.Id);
        var volunteer = await fixture.LoginAsync(volunteerUser);
        var nb = TextsIn(app, "nb-NO");

        // Her suggestions: the volunteer by name (her own association), with the seven parts of the score; audited.
        using var suggested = await GetAsync(coordinator, $"/api/v1/participants/{woman.Id}/suggestions?top=5");
        Assert.True(suggested.StatusCode == HttpStatusCode.OK, await suggested.Content.ReadAsStringAsync(Ct));
        var suggestions = await JsonAsync(suggested);
        Assert.Equal(woman.Id, suggestions.GetProperty("participantId").GetGuid());
        Assert.Equal(1, suggestions.GetProperty("allowedCount").GetInt32());
        Assert.False(suggestions.TryGetProperty("excluded", out _));
        var best = Assert.Single(suggestions.GetProperty("suggestions").EnumerateArray());
        Assert.Equal(volunteerId, best.GetProperty("volunteer").GetProperty("volunteerId").GetGuid());
        Assert.Equal(volunteerName, best.GetProperty("volunteer").GetProperty("name").GetString());
        Assert.Equal(association, best.GetProperty("volunteer").GetProperty("associationId").GetGuid());
        var parts = best.GetProperty("parts").EnumerateArray().ToList();
        Assert.Equal(
            new[] { "Distance", "Interests", "Availability", "ExtraLanguages", "Wishes", "Experience", "Fairness" },
            parts.Select(p => p.GetProperty("kind").GetString()));
        Assert.All(parts, p => Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("rawValue").GetString())));
        Assert.All(parts, p => Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("text").GetString())));
        Assert.Equal(best.GetProperty("score").GetDouble(), parts.Sum(p => p.GetProperty("points").GetDouble()), 3);
        Assert.Equal(1, await CountAuditAsync(AuditActions.SuggestionsViewed, woman.Id, coordinatorUser.Id));

        // The proposal: 201 with the match, its place and version; audited; the volunteer is told by a neutral e-mail.
        using var proposed = await StepAsync(coordinator, $"/api/v1/participants/{woman.Id}/proposals", body: new { volunteerId });
        Assert.True(proposed.StatusCode == HttpStatusCode.Created, await proposed.Content.ReadAsStringAsync(Ct));
        var match = await JsonAsync(proposed);
        var matchId = match.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/matches/{matchId}", proposed.Location());
        Assert.Equal("Proposed", match.GetProperty("status").GetString());
        Assert.Equal((woman.Id, volunteerId), (match.GetProperty("participantId").GetGuid(), match.GetProperty("volunteerId").GetGuid()));
        Assert.Equal(ETag(match.GetProperty("version").GetInt64()), proposed.Headers.ETag?.ToString());
        Assert.Equal(1, await CountAuditAsync(AuditActions.MatchProposed, matchId, coordinatorUser.Id));
        Assert.Contains(app.Mail.Messages, m => m.To == volunteerUser.Email);

        // Her proposal, anonymised: the area, languages, interests and needs — no name, no phone, no code word.
        using var mine = await GetAsync(volunteer, "/api/v1/me/proposals");
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        var mineText = await mine.Content.ReadAsStringAsync(Ct);
        foreach (var secret in new[] { woman.Name, "Qxwenche", woman.Phone, woman.CodeWord, "etter klokka 16", "qxskjult", "Qxfamilie", "Qxnotat" })
        {
            Assert.DoesNotContain(secret, mineText, StringComparison.OrdinalIgnoreCase);
        }

        var proposal = Assert.Single((await JsonAsync(mine)).EnumerateArray());
        Assert.Equal(matchId, proposal.GetProperty("id").GetGuid());
        var summary = proposal.GetProperty("woman");
        Assert.Equal(
            new[] { "ageGroup", "countyCode", "countyName", "interests", "languages", "municipalityCode", "municipalityName", "needs", "needsSameLanguage" },
            summary.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(("0301", "Oslo"), (summary.GetProperty("municipalityCode").GetString(), summary.GetProperty("municipalityName").GetString()));
        Assert.Equal(new[] { "nb", "ar" }, summary.GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(new[] { "walks" }, summary.GetProperty("interests").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("45-54", summary.GetProperty("ageGroup").GetString());
        Assert.Equal(1, await CountAuditAsync(AuditActions.MatchViewed, matchId, volunteerUser.Id, "proposal"));
        // Before it runs there is no running match to show.
        using var notYet = await GetAsync(volunteer, "/api/v1/me/match");
        Assert.Equal(HttpStatusCode.OK, notYet.StatusCode);
        Assert.Empty((await JsonAsync(notYet)).EnumerateArray());

        // She answers at the version she read: she does not know her, and accepts.
        var version = proposal.GetProperty("version").GetInt64();
        using var mustAnswer = await StepAsync(volunteer, $"/api/v1/me/proposals/{matchId}/answer", ETag(version), new { accepts = true });
        Assert.Equal(HttpStatusCode.BadRequest, mustAnswer.StatusCode);
        Assert.Equal(new[] { nb["Validation.Required"] }, Errors(await JsonAsync(mustAnswer))["knowsHer"]);
        using var answered = await StepAsync(volunteer, $"/api/v1/me/proposals/{matchId}/answer", ETag(version), new { knowsHer = false, accepts = true });
        Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync(Ct));
        Assert.Equal("AcceptedByVolunteer", (await JsonAsync(answered)).GetProperty("status").GetString());
        using var noLonger = await GetAsync(volunteer, "/api/v1/me/proposals");
        Assert.Empty((await JsonAsync(noLonger)).EnumerateArray());

        // The coordinator's old version is stale now; at the current one she records the woman's yes.
        using var stale = await StepAsync(coordinator, $"/api/v1/matches/{matchId}/participant-answer", ETag(version), new { yes = true });
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(nb["Api.Stale"], (await JsonAsync(stale)).GetProperty("detail").GetString());
        using var opened = await GetAsync(coordinator, $"/api/v1/matches/{matchId}");
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var record = (await JsonAsync(opened)).GetProperty("match");
        Assert.Equal("AcceptedByVolunteer", record.GetProperty("status").GetString());
        var current = record.GetProperty("version").GetInt64();
        Assert.Equal(ETag(current), opened.Headers.ETag?.ToString());
        using var yes = await StepAsync(coordinator, $"/api/v1/matches/{matchId}/participant-answer", ETag(current), new { yes = true });
        Assert.True(yes.StatusCode == HttpStatusCode.OK, await yes.Content.ReadAsStringAsync(Ct));
        Assert.Equal("AcceptedByParticipant", (await JsonAsync(yes)).GetProperty("status").GetString());

        // The start meeting: not in the future; held today it makes the match Active with its planned end.
        using var future = await StepAsync(coordinator, $"/api/v1/matches/{matchId}/start-meeting", body: new { heldOn = "2026-11-26", crisisCentrePresent = true });
        Assert.Equal(HttpStatusCode.Conflict, future.StatusCode);
        Assert.Equal(nb["Match.StartMeetingInFuture"], (await JsonAsync(future)).GetProperty("detail").GetString());
        using var noDate = await StepAsync(coordinator, $"/api/v1/matches/{matchId}/start-meeting", body: new { crisisCentrePresent = true });
        Assert.Equal(HttpStatusCode.BadRequest, noDate.StatusCode);
        Assert.Contains("heldOn", Errors(await JsonAsync(noDate)).Keys);
        using var started = await StepAsync(coordinator, $"/api/v1/matches/{matchId}/start-meeting", body: new { heldOn = "2026-11-25", crisisCentrePresent = true });
        Assert.True(started.StatusCode == HttpStatusCode.OK, await started.Content.ReadAsStringAsync(Ct));
        Assert.Equal("Active", (await JsonAsync(started)).GetProperty("status").GetString());
        using var active = await GetAsync(coordinator, $"/api/v1/matches/{matchId}");
        var activeRecord = (await JsonAsync(active)).GetProperty("match");
        Assert.Equal(("Active", "2026-11-25", "2027-11-25", true), (activeRecord.GetProperty("status").GetString(), activeRecord.GetProperty("startMeetingOn").GetString(),
            activeRecord.GetProperty("plannedEndOn").GetString(), activeRecord.GetProperty("crisisCentreAtStartMeeting").GetBoolean()));
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var stored = await db.Matches.SingleAsync(m => m.Id == matchId, Ct);
            Assert.Equal(MatchStatus.Active, stored.Status);
            Assert.Equal(ParticipantStatus.Matched, (await db.Participants.SingleAsync(p => p.Id == woman.Id, Ct)).Status);
        }

        Assert.Equal(1, await CountAuditAsync(AuditActions.MatchVolunteerAnswered, matchId, volunteerUser.Id, "accepted"));
        Assert.Equal(1, await CountAuditAsync(AuditActions.MatchParticipantAnswered, matchId, coordinatorUser.Id, "yes"));
        Assert.Equal(1, await CountAuditAsync(AuditActions.MatchStarted, matchId, coordinatorUser.Id));

        // Now it runs, she sees what the woman agreed to share: the first name, the safe way to reach her and her needs;
        // the view is audited.
        using var running = await GetAsync(volunteer, "/api/v1/me/match");
        Assert.Equal(HttpStatusCode.OK, running.StatusCode);
        var mine2 = Assert.Single((await JsonAsync(running)).EnumerateArray());
        var her = mine2.GetProperty("woman");
        Assert.Equal((matchId, woman.Name, "Active"), (mine2.GetProperty("id").GetGuid(), her.GetProperty("name").GetString(), mine2.GetProperty("status").GetString()));
        Assert.Equal((woman.Phone, woman.CodeWord), (her.GetProperty("contact").GetProperty("phone").GetString(), her.GetProperty("contact").GetProperty("codeWord").GetString()));
        Assert.True(mine2.GetProperty("shared").GetBoolean());
        Assert.Equal(new[] { "social" }, her.GetProperty("needs").EnumerateArray().Select(l => l.GetString()));
        var runningText = await running.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("Qxfamilie", runningText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("qxskjult", runningText, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(JsonValueKind.Null, her.GetProperty("contact").GetProperty("email").ValueKind);
        Assert.DoesNotContain("Qxnotat", runningText, StringComparison.OrdinalIgnoreCase);
        // One entry for each view: the proposal earlier, the running match now.
        Assert.Equal(2, await CountAuditAsync(AuditActions.MatchViewed, matchId, volunteerUser.Id));

        // The coordinator's list: ids, status and dates, no names.
        using var list = await GetAsync(coordinator, "/api/v1/matches");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains(matchId, (await JsonAsync(list)).EnumerateArray().Select(m => m.GetProperty("id").GetGuid()));
        var listText = await list.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(woman.Name, listText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(volunteerName, listText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RefusedProposal_Is409_WithTheExclusionCodes_AndNothingIsStored()
    {
        var app = fixture.App;
        var (association, centre) = await app.CreateOrganisationAsync("Avslag API");
        var coordinatorUser = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var coordinator = await fixture.LoginAsync(coordinatorUser);
        var woman = await PlantWaitingAsync(app, association, centre, Unique("Qxrikke"));
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        // Her police certificate was shown three years and a day ago: it expired yesterday.
        var expired = await PlantedVolunteers.PlantAsync(app, association, Unique("Qxutlopt Apivenn"), VolunteerStatus.Approved, Steps.Interview | Steps.Training | Steps.Declaration);
        await AddCertificateAsync(app, expired, today.AddYears(-3).AddDays(-1));
        var nb = TextsIn(app, "nb-NO");

        // The suggestions leave her out, and on request say why.
        using var suggested = await GetAsync(coordinator, $"/api/v1/participants/{woman.Id}/suggestions?excluded=true");
        Assert.Equal(HttpStatusCode.OK, suggested.StatusCode);
        var body = await JsonAsync(suggested);
        Assert.Empty(body.GetProperty("suggestions").EnumerateArray());
        var excluded = Assert.Single(body.GetProperty("excluded").EnumerateArray(), e => e.GetProperty("volunteer").GetProperty("volunteerId").GetGuid() == expired);
        var rule = Assert.Single(excluded.GetProperty("exclusions").EnumerateArray());
        Assert.Equal("RequirementsExpired", rule.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(rule.GetProperty("reason").GetString()));

        // A proposal of her is refused with the rule's code.
        using var refused = await StepAsync(coordinator, $"/api/v1/participants/{woman.Id}/proposals", body: new { volunteerId = expired });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await JsonAsync(refused);
        Assert.Equal(nb["Api.Conflict"], problem.GetProperty("title").GetString());
        Assert.Equal(nb["Match.NotAllowed"], problem.GetProperty("detail").GetString());
        var codes = problem.GetProperty("exclusions").EnumerateArray().ToList();
        Assert.Equal(new[] { "RequirementsExpired" }, codes.Select(c => c.GetProperty("code").GetString()));
        Assert.Equal(nb["Exclusion.RequirementsExpired"], codes[0].GetProperty("reason").GetString());

        // An unknown volunteer, and a body without one.
        using var unknown = await StepAsync(coordinator, $"/api/v1/participants/{woman.Id}/proposals", body: new { volunteerId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.Conflict, unknown.StatusCode);
        Assert.Equal(nb["Match.VolunteerNotFound"], (await JsonAsync(unknown)).GetProperty("detail").GetString());
        using var empty = await StepAsync(coordinator, $"/api/v1/participants/{woman.Id}/proposals", body: new { });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("volunteerId", Errors(await JsonAsync(empty)).Keys);

        Assert.Equal(0, await MatchCountAsync(woman.Id));
        await using (var scope = app.Services.CreateSystemScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries
                .AnyAsync(e => e.Action == AuditActions.MatchProposed && e.UserId == coordinatorUser.Id, Ct));
        }

        // With a proposal open, she can get no other: 409 with its message.
        var first = await PlantedVolunteers.PlantAsync(app, association, Unique("Qxforste Apivenn"), VolunteerStatus.Approved, Steps.All);
        var second = await PlantedVolunteers.PlantAsync(app, association, Unique("Qxandre Apivenn"), VolunteerStatus.Approved, Steps.All);
        using var ok = await StepAsync(coordinator, $"/api/v1/participants/{woman.Id}/proposals", body: new { volunteerId = first });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        using var again = await StepAsync(coordinator, $"/api/v1/participants/{woman.Id}/proposals", body: new { volunteerId = second });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var againProblem = await JsonAsync(again);
        Assert.Equal(nb["Match.AlreadyProposed"], againProblem.GetProperty("detail").GetString());
        Assert.Empty(againProblem.GetProperty("exclusions").EnumerateArray());
        Assert.Equal(1, await MatchCountAsync(woman.Id));

        // Suggestions for a woman who is not waiting any more are a conflict too.
        var referred = await PlantWaitingAsync(app, association, centre, Unique("Qxhenvist"), waiting: false);
        using var notWaiting = await GetAsync(coordinator, $"/api/v1/participants/{referred.Id}/suggestions");
        Assert.Equal(HttpStatusCode.Conflict, notWaiting.StatusCode);
        Assert.Equal(nb["Match.NotWaiting"], (await JsonAsync(notWaiting)).GetProperty("detail").GetString());
        using var badTop = await GetAsync(coordinator, $"/api/v1/participants/{woman.Id}/suggestions?top=0");
        Assert.Equal(HttpStatusCode.BadRequest, badTop.StatusCode);
    }

    [Fact]
    public async Task OtherAssociationsAndRoles_Get404LikeAMissingRoute_Anonymous401_AndNothingChanges()
    {
        var app = fixture.App;
        var (association, centre) = await app.CreateOrganisationAsync("Tilgang API");
        var coordinatorUser = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var coordinator = await fixture.LoginAsync(coordinatorUser);
        var woman = await PlantWaitingAsync(app, association, centre, Unique("Qxtilgang"));
        var volunteerUser = await app.CreateUserAsync(Roles.Volunteer);
        var volunteerId = await PlantedVolunteers.PlantAsync(app, association, Unique("Qxtilgang Apivenn"), VolunteerStatus.Approved, Steps.All, volunteerUser.Id);
        var volunteer = await fixture.LoginAsync(volunteerUser);
        using var proposed = await StepAsync(coordinator, $"/api/v1/participants/{woman.Id}/proposals", body: new { volunteerId });
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var matchId = (await JsonAsync(proposed)).GetProperty("id").GetGuid();
        var before = await LoadMatchAsync(matchId);

        // Another volunteer, with a record of her own, in the same association.
        var otherUser = await app.CreateUserAsync(Roles.Volunteer);
        await PlantedVolunteers.PlantAsync(app, association, Unique("Qxannen Apivenn"), VolunteerStatus.Approved, Steps.All, otherUser.Id);
        var otherVolunteer = await fixture.LoginAsync(otherUser);

        using var missingRoute = await GetAsync(fixture.CoordinatorBClient, "/api/v1/finnes-ikke-" + Guid.NewGuid().ToString("N"));
        var missing = await missingRoute.Content.ReadAsStringAsync(Ct);
        string[] coordinatorGets =
        [
            $"/api/v1/participants/{woman.Id}/suggestions", $"/api/v1/matches/{matchId}", $"/api/v1/associations/{association}/plan",
            $"/api/v1/participants/{Guid.NewGuid()}/suggestions", $"/api/v1/matches/{Guid.NewGuid()}", $"/api/v1/associations/{Guid.NewGuid()}/plan",
        ];
        (string Path, object? Body)[] coordinatorPosts =
        [
            ($"/api/v1/participants/{woman.Id}/proposals", new { volunteerId }),
            ($"/api/v1/matches/{matchId}/participant-answer", new { yes = true }),
            ($"/api/v1/matches/{matchId}/start-meeting", new { heldOn = "2026-11-25", crisisCentrePresent = false }),
            ($"/api/v1/matches/{matchId}/decline", new { reason = "CoordinatorWithdrew" }),
        ];

        // Another association's coordinator, a crisis centre's staff and volunteers: exactly a missing route.
        foreach (var client in new[] { fixture.CoordinatorBClient, fixture.StaffXClient, volunteer, otherVolunteer })
        {
            foreach (var url in coordinatorGets)
            {
                using var response = await GetAsync(client, url);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET {url}: {(int)response.StatusCode}");
                Assert.Equal(missing, await response.Content.ReadAsStringAsync(Ct));
            }

            foreach (var (path, body) in coordinatorPosts)
            {
                using var response = await StepAsync(client, path, body: body);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"POST {path}: {(int)response.StatusCode}");
                Assert.Equal(missing, await response.Content.ReadAsStringAsync(Ct));
            }
        }

        // Their own lists hold nothing of association A.
        using var theirMatches = await GetAsync(fixture.CoordinatorBClient, "/api/v1/matches");
        Assert.Equal(HttpStatusCode.OK, theirMatches.StatusCode);
        Assert.DoesNotContain(matchId.ToString(), await theirMatches.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        using var theirPlan = await GetAsync(fixture.CoordinatorBClient, $"/api/v1/associations/{fixture.AssociationB}/plan");
        Assert.Equal(HttpStatusCode.OK, theirPlan.StatusCode);

        // Another volunteer cannot read or answer her proposal; coordinators have no /me; an account without a record neither.
        using var othersProposals = await GetAsync(otherVolunteer, "/api/v1/me/proposals");
        Assert.Equal(HttpStatusCode.OK, othersProposals.StatusCode);
        Assert.Empty((await JsonAsync(othersProposals)).EnumerateArray());
        using var othersAnswer = await StepAsync(otherVolunteer, $"/api/v1/me/proposals/{matchId}/answer", body: new { knowsHer = false, accepts = true });
        Assert.Equal(HttpStatusCode.NotFound, othersAnswer.StatusCode);
        Assert.Equal(missing, await othersAnswer.Content.ReadAsStringAsync(Ct));
        foreach (var (client, url) in new[]
                 {
                     (coordinator, "/api/v1/me/proposals"), (coordinator, "/api/v1/me/match"),
                     (fixture.VolunteerClient, "/api/v1/me/proposals"), (fixture.VolunteerClient, "/api/v1/me/match"),
                 })
        {
            using var response = await GetAsync(client, url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET {url}: {(int)response.StatusCode}");
            Assert.Equal(missing, await response.Content.ReadAsStringAsync(Ct));
        }

        using var coordinatorAnswers = await StepAsync(coordinator, $"/api/v1/me/proposals/{matchId}/answer", body: new { knowsHer = false, accepts = true });
        Assert.Equal(HttpStatusCode.NotFound, coordinatorAnswers.StatusCode);

        // Anonymous: 401 everywhere; a POST without the antiforgery token: 400.
        using var anonymous = app.Client();
        foreach (var url in coordinatorGets.Take(3).Concat(["/api/v1/matches", "/api/v1/me/proposals", "/api/v1/me/match"]))
        {
            using var response = await GetAsync(anonymous, url);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"GET {url}: {(int)response.StatusCode}");
        }

        using var anonymousPost = await PostAsync(anonymous, $"/api/v1/matches/{matchId}/decline", JsonContent.Create(new { reason = "Other" }), token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousPost.StatusCode);
        using var noToken = await PostAsync(coordinator, $"/api/v1/matches/{matchId}/decline", JsonContent.Create(new { reason = "Other" }), token: null);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        using var volunteerNoToken = await PostAsync(volunteer, $"/api/v1/me/proposals/{matchId}/answer", JsonContent.Create(new { knowsHer = true }), token: null);
        Assert.Equal(HttpStatusCode.BadRequest, volunteerNoToken.StatusCode);

        var after = await LoadMatchAsync(matchId);
        Assert.Equal((MatchStatus.Proposed, before.Version), (after.Status, after.Version));
        Assert.Equal(1, await MatchCountAsync(woman.Id));
    }

    [Fact]
    public async Task Suggestions_NameOnlyHerOwnAssociationsVolunteers_AVolunteerLentByANeighbourIsShownByHerAssociation()
    {
        var app = fixture.App;
        var (association, centre) = await app.CreateOrganisationAsync("Egen API");
        var (neighbour, _) = await app.CreateOrganisationAsync("Nabo API");
        var coordinator = await fixture.LoginAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var woman = await PlantWaitingAsync(app, association, centre, Unique("Qxnabolag"));
        var ownName = Unique("Qxegen Apivenn");
        var lentName = Unique("Qxlant Apivenn");
        var own = await PlantedVolunteers.PlantAsync(app, association, ownName, VolunteerStatus.Approved, Steps.All);
        var lent = await PlantedVolunteers.PlantAsync(app, neighbour, lentName, VolunteerStatus.Approved, Steps.All);
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.WideningRequests.Add(new WideningRequest
            {
                ParticipantId = woman.Id, AssociationId = association, PartnerAssociationId = neighbour, Status = WideningStatus.Agreed,
                AnsweredAt = app.Clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(Ct);
        }

        using var response = await GetAsync(coordinator, $"/api/v1/participants/{woman.Id}/suggestions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = (await JsonAsync(response)).GetProperty("suggestions").EnumerateArray().Select(s => s.GetProperty("volunteer")).ToList();
        Assert.Equal(2, rows.Count);
        var ownRow = rows.Single(r => r.GetProperty("volunteerId").GetGuid() == own);
        Assert.Equal(ownName, ownRow.GetProperty("name").GetString());
        var lentRow = rows.Single(r => r.GetProperty("volunteerId").GetGuid() == lent);
        Assert.Equal(JsonValueKind.Null, lentRow.GetProperty("name").ValueKind);
        Assert.Equal((neighbour, "Nabo API sanitetsforening"), (lentRow.GetProperty("associationId").GetGuid(), lentRow.GetProperty("associationName").GetString()));
        Assert.DoesNotContain(lentName, await response.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Decline_EndsTheProposal_WithAReasonCode_SheKeepsHerPlace_AndAVolunteerWhoKnowsHerBlocksThePair()
    {
        var app = fixture.App;
        var (association, centre) = await app.CreateOrganisationAsync("Avslutt API");
        var coordinator = await fixture.LoginAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var woman = await PlantWaitingAsync(app, association, centre, Unique("Qxvent"));
        var waitingSince = (await LoadParticipantAsync(woman.Id)).WaitingSince;
        var volunteerUser = await app.CreateUserAsync(Roles.Volunteer);
        var knower = await PlantedVolunteers.PlantAsync(app, association, Unique("Qxkjenner Apivenn"), VolunteerStatus.Approved, Steps.All, volunteerUser.Id);
        var volunteer = await fixture.LoginAsync(volunteerUser);
        var other = await PlantedVolunteers.PlantAsync(app, association, Unique("Qxannen Apivenn"), VolunteerStatus.Approved, Steps.All);
        var nb = TextsIn(app, "nb-NO");

        // The coordinator withdraws a proposal: the reason is a code; "she knows her" is the volunteer's own answer only.
        var first = await ProposeAsync(coordinator, woman.Id, other);
        using var knowsHer = await StepAsync(coordinator, $"/api/v1/matches/{first}/decline", body: new { reason = "VolunteerKnowsHer" });
        Assert.Equal(HttpStatusCode.BadRequest, knowsHer.StatusCode);
        Assert.Equal(new[] { nb["Common.UnknownChoice"] }, Errors(await JsonAsync(knowsHer))["reason"]);
        using var control = await StepAsync(coordinator, $"/api/v1/matches/{first}/decline", body: new { reason = "Other", note = "Skjult\u0007tegn" });
        Assert.Equal(HttpStatusCode.BadRequest, control.StatusCode);
        Assert.Contains("note", Errors(await JsonAsync(control)).Keys);
        using var declined = await StepAsync(coordinator, $"/api/v1/matches/{first}/decline", body: new { reason = "ParticipantNotReachable", note = "Prøver igjen i januar." });
        Assert.True(declined.StatusCode == HttpStatusCode.OK, await declined.Content.ReadAsStringAsync(Ct));
        Assert.Equal("Declined", (await JsonAsync(declined)).GetProperty("status").GetString());
        using var opened = await GetAsync(coordinator, $"/api/v1/matches/{first}");
        var record = await JsonAsync(opened);
        Assert.Equal(("ParticipantNotReachable", "Participant"), (record.GetProperty("match").GetProperty("declineReason").GetString(), record.GetProperty("match").GetProperty("declinedBy").GetString()));
        Assert.Equal("Prøver igjen i januar.", record.GetProperty("declineNote").GetString());
        using var twice = await StepAsync(coordinator, $"/api/v1/matches/{first}/decline", body: new { reason = "Other" });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(nb["Match.CannotDecline"], (await JsonAsync(twice)).GetProperty("detail").GetString());
        var participant = await LoadParticipantAsync(woman.Id);
        Assert.Equal((ParticipantStatus.Waiting, waitingSince), (participant.Status, participant.WaitingSince));

        // The volunteer knows her: the proposal ends and the pair is blocked for good.
        var second = await ProposeAsync(coordinator, woman.Id, knower);
        using var answer = await StepAsync(volunteer, $"/api/v1/me/proposals/{second}/answer", body: new { knowsHer = true });
        Assert.True(answer.StatusCode == HttpStatusCode.OK, await answer.Content.ReadAsStringAsync(Ct));
        Assert.Equal("Declined", (await JsonAsync(answer)).GetProperty("status").GetString());
        using var suggestions = await GetAsync(coordinator, $"/api/v1/participants/{woman.Id}/suggestions?excluded=true");
        var blocked = Assert.Single((await JsonAsync(suggestions)).GetProperty("excluded").EnumerateArray(),
            e => e.GetProperty("volunteer").GetProperty("volunteerId").GetGuid() == knower);
        Assert.Contains("DeclaredAcquaintance", blocked.GetProperty("exclusions").EnumerateArray().Select(e => e.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task BatchPlan_PairsTheWaitingList_AtLeastAsWellAsOneAtATime_AndIsAudited()
    {
        var app = fixture.App;
        var (association, centre) = await app.CreateOrganisationAsync("Plan API");
        var coordinatorUser = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var coordinator = await fixture.LoginAsync(coordinatorUser);
        var one = await PlantWaitingAsync(app, association, centre, Unique("Qxplanen"));
        var two = await PlantWaitingAsync(app, association, centre, Unique("Qxplanto"));
        var a = await PlantedVolunteers.PlantAsync(app, association, Unique("Qxplan A"), VolunteerStatus.Approved, Steps.All);
        var b = await PlantedVolunteers.PlantAsync(app, association, Unique("Qxplan B"), VolunteerStatus.Approved, Steps.All);

        using var response = await GetAsync(coordinator, $"/api/v1/associations/{association}/plan");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var plan = await JsonAsync(response);
        Assert.Equal((2, 2), (plan.GetProperty("waiting").GetInt32(), plan.GetProperty("volunteers").GetInt32()));
        var optimal = plan.GetProperty("optimal");
        var pairs = optimal.GetProperty("pairs").EnumerateArray().ToList();
        Assert.Equal(2, pairs.Count);
        Assert.Equal(new[] { one.Id, two.Id }.Order(), pairs.Select(p => p.GetProperty("participantId").GetGuid()).Order());
        Assert.Equal(new[] { a, b }.Order(), pairs.Select(p => p.GetProperty("volunteerId").GetGuid()).Order());
        Assert.Empty(optimal.GetProperty("unmatched").EnumerateArray());
        Assert.True(optimal.GetProperty("total").GetDouble() >= plan.GetProperty("greedy").GetProperty("total").GetDouble());
        Assert.Equal(1, await CountAuditAsync(AuditActions.BatchPlanViewed, association, coordinatorUser.Id));
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("Qxplan", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MyMatch_WithoutHerConsentToShare_ShowsNothingOfHer()
    {
        var app = fixture.App;
        var (association, centre) = await app.CreateOrganisationAsync("Samtykke API");
        var woman = await PlantWaitingAsync(app, association, centre, Unique("Qxsamtykke"), share: false);
        var volunteerUser = await app.CreateUserAsync(Roles.Volunteer);
        var volunteerId = await PlantedVolunteers.PlantAsync(app, association, Unique("Qxsamtykke Apivenn"), VolunteerStatus.Approved, Steps.All, volunteerUser.Id);
        var volunteer = await fixture.LoginAsync(volunteerUser);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var matchId = await Plant.MatchAsync(app, new Match
        {
            AssociationId = association, VolunteerAssociationId = association, ParticipantId = woman.Id, VolunteerId = volunteerId,
            Status = MatchStatus.Paused, ProposedAt = now.AddDays(-40), StartMeetingOn = DateOnly.FromDateTime(now.AddDays(-30)),
            PlannedEndOn = DateOnly.FromDateTime(now.AddDays(-30)).AddMonths(12), PausedAt = now.AddDays(-2), ParticipantSlot = 0, VolunteerSlot = 0,
        });

        using var response = await GetAsync(volunteer, "/api/v1/me/match");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var mine = Assert.Single((await JsonAsync(response)).EnumerateArray());
        Assert.Equal((matchId, "Paused"), (mine.GetProperty("id").GetGuid(), mine.GetProperty("status").GetString()));
        Assert.False(mine.GetProperty("shared").GetBoolean());
        Assert.Equal(JsonValueKind.Null, mine.GetProperty("woman").ValueKind);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(woman.Name, text, StringComparison.Ordinal);
        Assert.DoesNotContain(woman.Phone, text, StringComparison.Ordinal);
        Assert.DoesNotContain("walks", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ar\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheMatchingPaths()
    {
        using var response = await GetAsync(fixture.CoordinatorAClient, "/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await JsonAsync(response)).GetProperty("paths");
        string[] expected =
        [
            "/api/v1/participants/{id}/suggestions", "/api/v1/associations/{id}/plan", "/api/v1/participants/{id}/proposals", "/api/v1/matches",
            "/api/v1/matches/{id}", "/api/v1/matches/{id}/participant-answer", "/api/v1/matches/{id}/start-meeting", "/api/v1/matches/{id}/decline",
            "/api/v1/me/proposals", "/api/v1/me/proposals/{id}/answer", "/api/v1/me/match",
        ];
        Assert.Superset(expected.ToHashSet(StringComparer.Ordinal), paths.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal));
        Assert.Equal("ProposeMatch", paths.GetProperty("/api/v1/participants/{id}/proposals").GetProperty("post").GetProperty("operationId").GetString());
        Assert.True(paths.GetProperty("/api/v1/participants/{id}/proposals").GetProperty("post").GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(paths.GetProperty("/api/v1/matches/{id}/decline").GetProperty("post").TryGetProperty("requestBody", out _));
    }

    /// <summary>A woman planted for these tests, with the values the tests look for.</summary>
    private sealed record Woman(Guid Id, string Name, string Phone, string CodeWord);

    private static string Unique(string name) => name + " " + Guid.NewGuid().ToString("N")[..6];

    /// <summary>A woman on the waiting list in Oslo (or only referred), with distinctive contact details, risk information and a note.</summary>
    private static async Task<Woman> PlantWaitingAsync(TestApp app, Guid association, Guid centre, string name, bool share = true, bool waiting = true)
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var phone = $"409 {System.Security.Cryptography.RandomNumberGenerator.GetInt32(10_000, 100_000)}";
        var codeWord = "Qxkodeord" + Guid.NewGuid().ToString("N")[..4];
        var plant = Plant.Participant(app, association, centre, name)
            .With(participant =>
            {
                // She is to be phoned: the e-mail address is not the agreed channel and is never shown to the volunteer.
                participant.Contact = new SafeContact { Channel = ContactChannel.Phone, Phone = phone, Email = "qxskjult@test.invalid", SafeTimes = "etter klokka 16", CodeWord = codeWord };
                participant.Area = new Area { MunicipalityCode = "0301" };
                participant.Profile = new ParticipantProfile { Languages = ["nb", "ar"], Interests = ["walks"], Needs = ["social"], AgeGroup = "45-54" };
                participant.Risk = new RiskInformation { NetworksToAvoid = "Qxfamilie" };
            })
            .Consent(ConsentKind.ShareWithVolunteer, share)
            .ReferredAt(now.AddDays(-10))
            .Note("Qxnotat om henne", now.AddDays(-9));
        if (waiting)
        {
            plant.Waiting(now.AddDays(-8));
        }

        var her = await plant.SaveAsync();
        return new Woman(her.Id, name, phone, codeWord);
    }

    private static async Task AddCertificateAsync(TestApp app, Guid volunteerId, DateOnly shownOn)
    {
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.PoliceCertificates.Add(new PoliceCertificateRecord { VolunteerId = volunteerId, ShownOn = shownOn, IssuedOn = shownOn.AddDays(-20), Purpose = "Frivillig ressursvenn" });
        await db.SaveChangesAsync(Ct);
    }

    private static async Task<Guid> ProposeAsync(HttpClient coordinator, Guid woman, Guid volunteer)
    {
        using var response = await StepAsync(coordinator, $"/api/v1/participants/{woman}/proposals", body: new { volunteerId = volunteer });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await JsonAsync(response)).GetProperty("id").GetGuid();
    }

    private async Task<Match> LoadMatchAsync(Guid id)
    {
        await using var scope = fixture.App.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Matches.AsNoTracking().SingleAsync(m => m.Id == id, Ct);
    }

    private async Task<Participant> LoadParticipantAsync(Guid id)
    {
        await using var scope = fixture.App.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Participants.AsNoTracking().SingleAsync(p => p.Id == id, Ct);
    }

    private async Task<int> MatchCountAsync(Guid participantId)
    {
        await using var scope = fixture.App.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Matches.CountAsync(m => m.ParticipantId == participantId, Ct);
    }

    private async Task<int> CountAuditAsync(string action, Guid? entityId, Guid userId, string? detail = null)
    {
        await using var scope = fixture.App.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.AuditEntries.CountAsync(e => e.Action == action && e.EntityId == entityId && e.UserId == userId && (detail == null || e.Detail == detail), Ct);
    }
}
