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
using Ressursvenn.Web.Domain.Volunteers;
using static Ressursvenn.IntegrationTests.Infrastructure.ApiCalls;

namespace Ressursvenn.IntegrationTests.Features.Volunteers;

/// <summary>
/// Volunteers through the JSON API: the same screening as the record page, by the same rules and with
/// the same audit entries — four-eyes approval, refusal with the missing items, a police certificate too old when shown —
/// with optimistic concurrency through If-Match; another association's coordinator finds nothing (the 404 of a missing
/// route), a volunteer reads only her own record, an anonymous call is a 401 and a POST needs the antiforgery token.
/// </summary>
public sealed class VolunteerApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoCoordinators_TakeAnApplicantFromApplicationToApproval_ThroughTheApi_WithFourEyes()
    {
        var app = fixture.App;
        var (association, _) = await app.CreateOrganisationAsync("Fireøyne API");
        var first = await app.CreateUserAsync(Roles.Coordinator, [association], name: "Første Apikoordinator");
        var second = await app.CreateUserAsync(Roles.Coordinator, [association], name: "Andre Apikoordinator");
        var one = await fixture.LoginAsync(first);
        var two = await fixture.LoginAsync(second);
        var name = Unique("Vilde Apisøker");
        var id = await PlantedVolunteers.PlantAsync(app, association, name);
        var url = $"/api/v1/volunteers/{id}";
        var nb = TextsIn(app, "nb-NO");

        // Her coordinator's list: the application with what is missing, audited as read through the API.
        using var list = await GetAsync(one, "/api/v1/volunteers");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var row = Assert.Single((await JsonAsync(list)).EnumerateArray());
        Assert.Equal(id, row.GetProperty("id").GetGuid());
        Assert.Equal(name, row.GetProperty("name").GetString());
        Assert.Equal("Applied", row.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("approvedAt").ValueKind);
        Assert.Equal(
            new[] { "Suitability", "PoliceCertificate", "MandatoryTraining", "Declaration" },
            row.GetProperty("missing").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(1, await CountAuditAsync(AuditActions.VolunteerListViewed, null, first.Id, "api"));

        // Her record, audited, with its version as the ETag.
        using var opened = await GetAsync(one, url);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var record = await JsonAsync(opened);
        Assert.Equal(name, record.GetProperty("name").GetString());
        Assert.Equal("000 11 22 33", record.GetProperty("phone").GetString());
        Assert.Contains("en", record.GetProperty("profile").GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(JsonValueKind.Null, record.GetProperty("interview").ValueKind);
        var version = record.GetProperty("version").GetInt64();
        Assert.Equal(ETag(version), opened.Headers.ETag?.ToString());
        Assert.Equal(1, await CountAuditAsync(AuditActions.VolunteerViewed, id, first.Id));

        // Applied → Interview at the version she read; the old version is stale afterwards, a malformed one a 400.
        using var moved = await StepAsync(one, url + "/move-on", ETag(version));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var state = await JsonAsync(moved);
        Assert.Equal("Interview", state.GetProperty("status").GetString());
        Assert.True(state.GetProperty("version").GetInt64() > version);
        Assert.Equal(ETag(state.GetProperty("version").GetInt64()), moved.Headers.ETag?.ToString());
        using var stale = await StepAsync(one, url + "/move-on", ETag(version));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(nb["Api.Stale"], (await JsonAsync(stale)).GetProperty("detail").GetString());
        using var malformed = await StepAsync(one, url + "/move-on", "versjon-2");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        // The interview, then Checks, the police certificate as seen, then Training.
        await StepOkAsync(one, url + "/interview", new { heldOn = "2026-11-20", suitability = "Suitable", justification = "Rolig og varm." }, "Interview");
        await StepOkAsync(one, url + "/move-on", null, "Checks");
        await StepOkAsync(one, url + "/police-certificate", new { shownOn = "2026-11-24", issuedOn = "2026-10-01", purpose = "Frivillig ressursvenn" }, "Checks");
        await StepOkAsync(one, url + "/move-on", null, "Training");

        // Training is not a manual move: the board ends there and approval follows.
        using var noFurther = await StepAsync(one, url + "/move-on");
        Assert.Equal(HttpStatusCode.Conflict, noFurther.StatusCode);
        Assert.Equal(nb["Volunteer.CannotMoveOn"], (await JsonAsync(noFurther)).GetProperty("detail").GetString());

        // Every mandatory module, one call each (the record names what is missing).
        using var beforeTraining = await GetAsync(one, url);
        var modules = (await JsonAsync(beforeTraining)).GetProperty("missingModules").EnumerateArray().Select(m => m.GetProperty("moduleId").GetGuid()).ToList();
        Assert.NotEmpty(modules);
        foreach (var module in modules)
        {
            await StepOkAsync(one, url + "/training", new { moduleId = module, completedOn = "2026-11-23" }, "Training");
        }

        // She signs the declaration on her own page.
        await PlantedVolunteers.SignDeclarationAsync(app, id);

        // Four-eyes: the first coordinator asks (202) ...
        using var asked = await StepAsync(one, url + "/approve");
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var askedState = await JsonAsync(asked);
        Assert.Equal("awaitingSecondCoordinator", askedState.GetProperty("state").GetString());
        Assert.Equal("Training", askedState.GetProperty("status").GetString());
        Assert.Equal(first.Id, (await PlantedVolunteers.LoadAsync(app, id)).ApprovalRequestedBy);

        // ... asking again changes nothing ...
        var waiting = await PlantedVolunteers.LoadAsync(app, id);
        using var again = await StepAsync(one, url + "/approve");
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal("awaitingSecondCoordinator", (await JsonAsync(again)).GetProperty("state").GetString());
        var still = await PlantedVolunteers.LoadAsync(app, id);
        Assert.Equal((VolunteerStatus.Training, waiting.Version, (Guid?)null), (still.Status, still.Version, still.ApprovedBy));

        // ... and a second coordinator confirms (200).
        using var approved = await StepAsync(two, url + "/approve");
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var approvedState = await JsonAsync(approved);
        Assert.Equal("approved", approvedState.GetProperty("state").GetString());
        Assert.Equal("Approved", approvedState.GetProperty("status").GetString());

        var stored = await PlantedVolunteers.LoadAsync(app, id);
        Assert.Equal(VolunteerStatus.Approved, stored.Status);
        Assert.Equal((first.Id, second.Id), (stored.ApprovalRequestedBy!.Value, stored.ApprovedBy!.Value));
        Assert.Equal((Suitability.Suitable, "Rolig og varm.", (Guid?)first.Id), (stored.Interview!.Suitability, stored.Interview.Justification, stored.Interview.InterviewerUserId));
        Assert.Equal((new DateOnly(2026, 11, 24), new DateOnly(2026, 10, 1)), (stored.PoliceCertificate!.ShownOn, stored.PoliceCertificate.IssuedOn));
        Assert.Equal(modules.Count, stored.Training.Count);

        // The record as it now stands, and the very audit entries the page writes.
        using var final = await GetAsync(two, url);
        var finalRecord = await JsonAsync(final);
        Assert.Empty(finalRecord.GetProperty("missing").EnumerateArray());
        Assert.Empty(finalRecord.GetProperty("missingModules").EnumerateArray());
        Assert.Equal("2029-11-23", finalRecord.GetProperty("policeCertificate").GetProperty("validUntil").GetString());
        Assert.Equal("Valid", finalRecord.GetProperty("policeCertificate").GetProperty("renewal").GetString());
        Assert.True(Assert.Single(finalRecord.GetProperty("declarations").EnumerateArray()).GetProperty("isCurrent").GetBoolean());
        Assert.All(finalRecord.GetProperty("training").EnumerateArray(), t => Assert.False(string.IsNullOrEmpty(t.GetProperty("moduleName").GetString())));
        var actions = await AuditActionsAsync(id);
        Assert.Equal(3, actions.Count(a => a == AuditActions.VolunteerMovedOn));
        Assert.Equal(1, actions.Count(a => a == AuditActions.VolunteerInterviewRecorded));
        Assert.Equal(1, actions.Count(a => a == AuditActions.PoliceCertificateRecorded));
        Assert.Equal(modules.Count, actions.Count(a => a == AuditActions.VolunteerTrainingRecorded));
        Assert.Equal(1, actions.Count(a => a == AuditActions.VolunteerApprovalRequested));
        Assert.Equal(1, actions.Count(a => a == AuditActions.VolunteerApproved));
        Assert.Equal(1, await CountAuditAsync(AuditActions.VolunteerApproved, id, second.Id));
        Assert.Equal(1, await CountAuditAsync(AuditActions.VolunteerInterviewRecorded, id, first.Id, "Suitable"));
    }

    [Fact]
    public async Task Approval_WithItemsMissing_Is409_ListingTheirCodesAndTexts_AndNothingChanges()
    {
        var name = Unique("Mangler Apisøker");
        var id = await PlantedVolunteers.PlantAsync(fixture.App, fixture.AssociationA, name, VolunteerStatus.Training, Steps.Interview);
        var url = $"/api/v1/volunteers/{id}";
        var before = await PlantedVolunteers.LoadAsync(fixture.App, id);
        var nb = TextsIn(fixture.App, "nb-NO");

        using var refused = await StepAsync(fixture.CoordinatorAClient, url + "/approve", ETag(before.Version));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await JsonAsync(refused);
        Assert.Equal(nb["Api.Conflict"], problem.GetProperty("title").GetString());
        Assert.Equal(nb["Volunteer.CannotApprove"], problem.GetProperty("detail").GetString());
        var missing = problem.GetProperty("missing").EnumerateArray().Select(m => (m.GetProperty("code").GetString()!, m.GetProperty("text").GetString()!)).ToList();
        string[] codes = ["PoliceCertificate", "MandatoryTraining", "Declaration"];
        Assert.Equal(codes.Select(c => (c, nb["Requirement." + c])), missing);

        var after = await PlantedVolunteers.LoadAsync(fixture.App, id);
        Assert.Equal((VolunteerStatus.Training, before.Version, (Guid?)null), (after.Status, after.Version, after.ApprovalRequestedBy));
        var actions = await AuditActionsAsync(id);
        Assert.DoesNotContain(AuditActions.VolunteerApproved, actions);
        Assert.DoesNotContain(AuditActions.VolunteerApprovalRequested, actions);

        // An approved volunteer is not an application any more: approving her again is a conflict with the rule's text.
        var done = await PlantedVolunteers.PlantAsync(fixture.App, fixture.AssociationA, Unique("Godkjent Apifrivillig"), VolunteerStatus.Approved, Steps.All);
        using var twice = await StepAsync(fixture.CoordinatorAClient, $"/api/v1/volunteers/{done}/approve");
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(nb["Volunteer.NotAnApplication"], (await JsonAsync(twice)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PoliceCertificate_TooOldWhenShown_Is400AtItsField_AndNothingIsStored()
    {
        var id = await PlantedVolunteers.PlantAsync(fixture.App, fixture.AssociationA, Unique("Attest Apisøker"), VolunteerStatus.Checks, Steps.Interview);
        var url = $"/api/v1/volunteers/{id}/police-certificate";
        var nb = TextsIn(fixture.App, "nb-NO");

        // Issued three months and a day before it was shown.
        using var tooOld = await StepAsync(fixture.CoordinatorAClient, url, body: new { shownOn = "2026-11-25", issuedOn = "2026-08-24", purpose = "Frivillig ressursvenn" });
        Assert.Equal(HttpStatusCode.BadRequest, tooOld.StatusCode);
        Assert.Equal("application/problem+json", tooOld.Content.Headers.ContentType?.MediaType);
        var errors = Errors(await JsonAsync(tooOld));
        Assert.Equal(new[] { "issuedOn" }, errors.Keys);
        Assert.Equal(new[] { nb["Certificate.TooOldMonths.Other", 3] }, errors["issuedOn"]);

        // Shown in the future, without a purpose; and a file is nothing the API takes.
        using var future = await StepAsync(fixture.CoordinatorAClient, url, body: new { shownOn = "2026-11-26", issuedOn = "2026-11-01" });
        var futureErrors = Errors(await JsonAsync(future));
        Assert.Equal(new[] { nb["Certificate.ShownInFuture"] }, futureErrors["shownOn"]);
        Assert.Equal(new[] { nb["Certificate.PurposeRequired"] }, futureErrors["purpose"]);
        using var file = await StepAsync(fixture.CoordinatorAClient, url, body: new { shownOn = "2026-11-25", issuedOn = "2026-11-01", purpose = "x", file = "JVBERi0xLjQ=" });
        Assert.Equal(HttpStatusCode.BadRequest, file.StatusCode);

        var unchanged = await PlantedVolunteers.LoadAsync(fixture.App, id);
        Assert.Null(unchanged.PoliceCertificate);
        Assert.DoesNotContain(AuditActions.PoliceCertificateRecorded, await AuditActionsAsync(id));

        // Exactly three months is still fresh.
        using var fresh = await StepAsync(fixture.CoordinatorAClient, url, body: new { shownOn = "2026-11-25", issuedOn = "2026-08-25", purpose = "Frivillig ressursvenn" });
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(new DateOnly(2026, 8, 25), (await PlantedVolunteers.LoadAsync(fixture.App, id)).PoliceCertificate!.IssuedOn);
    }

    [Fact]
    public async Task AnotherAssociationsCoordinator_AndEveryOtherRole_Get404_LikeAMissingRoute_AndChangeNothing()
    {
        var name = Unique("Skjult Apifrivillig");
        var id = await PlantedVolunteers.PlantAsync(fixture.App, fixture.AssociationA, name, VolunteerStatus.Training, Steps.All);
        var url = $"/api/v1/volunteers/{id}";
        var before = await PlantedVolunteers.LoadAsync(fixture.App, id);
        using var missingRoute = await GetAsync(fixture.CoordinatorBClient, "/api/v1/finnes-ikke-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.NotFound, missingRoute.StatusCode);
        var missing = await missingRoute.Content.ReadAsStringAsync(Ct);

        using var randomId = await GetAsync(fixture.CoordinatorAClient, $"/api/v1/volunteers/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, randomId.StatusCode);
        Assert.Equal(missing, await randomId.Content.ReadAsStringAsync(Ct));

        var gets = new (HttpClient Client, string Url)[]
        {
            (fixture.CoordinatorBClient, url),
            (fixture.StaffXClient, url),
            (fixture.VolunteerClient, url),
            (fixture.StaffXClient, "/api/v1/volunteers"),
            (fixture.VolunteerClient, "/api/v1/volunteers"),
        };
        foreach (var (client, target) in gets)
        {
            using var response = await GetAsync(client, target);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET {target}: {(int)response.StatusCode}");
            Assert.Equal(missing, await response.Content.ReadAsStringAsync(Ct));
        }

        var posts = new (string Path, object? Body)[]
        {
            ("/move-on", null),
            ("/interview", new { heldOn = "2026-11-20", suitability = "NotSuitable" }),
            ("/police-certificate", new { shownOn = "2026-11-24", issuedOn = "2026-11-01", purpose = "x" }),
            ("/approve", null),
            ("/reject", new { reason = "Other" }),
            ("/withdraw", null),
            ("/leave", null),
        };
        foreach (var (path, body) in posts)
        {
            using var response = await StepAsync(fixture.CoordinatorBClient, url + path, body: body);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"POST {path}: {(int)response.StatusCode}");
            Assert.Equal(missing, await response.Content.ReadAsStringAsync(Ct));
        }

        using var theirList = await GetAsync(fixture.CoordinatorBClient, "/api/v1/volunteers");
        Assert.Equal(HttpStatusCode.OK, theirList.StatusCode);
        var text = await theirList.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(name, text, StringComparison.Ordinal);
        Assert.DoesNotContain(id.ToString(), text, StringComparison.Ordinal);

        var after = await PlantedVolunteers.LoadAsync(fixture.App, id);
        Assert.Equal((before.Status, before.Version, before.Interview!.Suitability), (after.Status, after.Version, after.Interview!.Suitability));
        Assert.Empty(await AuditActionsAsync(id));
    }

    [Fact]
    public async Task Volunteer_ReadsOnlyHerOwnRecord_ThroughMe()
    {
        var user = await fixture.App.CreateUserAsync(Roles.Volunteer, name: "Egen Apifrivillig");
        var client = await fixture.LoginAsync(user);
        var mine = await PlantedVolunteers.PlantAsync(fixture.App, fixture.AssociationA, Unique("Egen Apifrivillig"), VolunteerStatus.Training, Steps.Interview, user.Id);
        var other = Unique("Annen Apifrivillig");
        var theirs = await PlantedVolunteers.PlantAsync(fixture.App, fixture.AssociationA, other, VolunteerStatus.Training, Steps.Interview);
        var nb = TextsIn(fixture.App, "nb-NO");

        using var response = await GetAsync(client, "/api/v1/me/volunteer");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await JsonAsync(response);
        Assert.Equal(mine, me.GetProperty("id").GetGuid());
        Assert.Equal("Training", me.GetProperty("status").GetString());
        Assert.Equal(ETag(me.GetProperty("version").GetInt64()), response.Headers.ETag?.ToString());
        var missing = me.GetProperty("missing").EnumerateArray().ToList();
        Assert.Equal(new[] { "PoliceCertificate", "MandatoryTraining", "Declaration" }, missing.Select(m => m.GetProperty("code").GetString()));
        Assert.Equal(nb["Requirement.Declaration"], missing[2].GetProperty("text").GetString());
        Assert.NotEmpty(me.GetProperty("trainingToDo").EnumerateArray());
        Assert.Empty(me.GetProperty("trainingDone").EnumerateArray());
        Assert.False(me.GetProperty("declarationIsCurrent").GetBoolean());
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(other, text, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.ToString(), text, StringComparison.Ordinal);

        // The coordinators' endpoints are not hers, not even for her own record.
        foreach (var target in new[] { $"/api/v1/volunteers/{mine}", $"/api/v1/volunteers/{theirs}", "/api/v1/volunteers" })
        {
            using var refused = await GetAsync(client, target);
            Assert.True(refused.StatusCode == HttpStatusCode.NotFound, $"{target}: {(int)refused.StatusCode}");
        }

        // A volunteer account without a record has nothing here; /me is for volunteers only.
        using var none = await GetAsync(fixture.VolunteerClient, "/api/v1/me/volunteer");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        using var coordinator = await GetAsync(fixture.CoordinatorAClient, "/api/v1/me/volunteer");
        Assert.Equal(HttpStatusCode.NotFound, coordinator.StatusCode);
    }

    [Fact]
    public async Task Anonymous_Gets401_AndAPostWithoutTheAntiforgeryToken_Is400_ChangingNothing()
    {
        var id = await PlantedVolunteers.PlantAsync(fixture.App, fixture.AssociationA, Unique("Token Apisøker"));
        var url = $"/api/v1/volunteers/{id}";
        using var anonymous = fixture.App.Client();
        foreach (var target in new[] { "/api/v1/volunteers", url, "/api/v1/me/volunteer" })
        {
            using var response = await GetAsync(anonymous, target);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{target}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using var anonymousPost = await PostAsync(anonymous, url + "/move-on", null, token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousPost.StatusCode);

        using var noToken = await PostAsync(fixture.CoordinatorAClient, url + "/move-on", null, token: null);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(TextsIn(fixture.App, "nb-NO")["Api.AntiforgeryInvalid"], (await JsonAsync(noToken)).GetProperty("detail").GetString());
        using var forged = await PostAsync(fixture.CoordinatorAClient, url + "/interview", JsonContent.Create(new { heldOn = "2026-11-20", suitability = "Suitable" }), "CfDJ8-forfalsket");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var stored = await PlantedVolunteers.LoadAsync(fixture.App, id);
        Assert.Equal(VolunteerStatus.Applied, stored.Status);
        Assert.Null(stored.Interview);
        Assert.Empty(await AuditActionsAsync(id));
    }

    [Fact]
    public async Task Leaving_DeletesTheCertificateRecord_AndClosesHerAccount_RejectionNeedsAReasonCode_TrainingIsChecked()
    {
        var nb = TextsIn(fixture.App, "nb-NO");
        var coordinator = fixture.CoordinatorAClient;

        // Leaving: the certificate record goes at once, her account closes, and she cannot leave twice.
        var account = await fixture.App.CreateUserAsync(Roles.Volunteer, name: "Avslutter Apifrivillig");
        var leaver = await PlantedVolunteers.PlantAsync(fixture.App, fixture.AssociationA, Unique("Avslutter Apifrivillig"), VolunteerStatus.Approved, Steps.All, account.Id);
        await StepOkAsync(coordinator, $"/api/v1/volunteers/{leaver}/leave", null, "Left");
        await using (var scope = fixture.App.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.False(await db.PoliceCertificates.AnyAsync(c => c.VolunteerId == leaver, Ct));
            Assert.True((await db.Users.SingleAsync(u => u.Id == account.Id, Ct)).Disabled);
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.UserDisabled && e.EntityId == account.Id, Ct));
        }

        Assert.Contains(AuditActions.VolunteerLeft, await AuditActionsAsync(leaver));
        using var twice = await StepAsync(coordinator, $"/api/v1/volunteers/{leaver}/leave");
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(nb["Volunteer.CannotLeave"], (await JsonAsync(twice)).GetProperty("detail").GetString());

        // Rejection: a reason code is required and must be one of the list; it stands in the audit trail.
        var applicant = await PlantedVolunteers.PlantAsync(fixture.App, fixture.AssociationA, Unique("Avvist Apisøker"), VolunteerStatus.Interview);
        var reject = $"/api/v1/volunteers/{applicant}/reject";
        using var noReason = await StepAsync(coordinator, reject, body: new { });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(new[] { nb["Volunteer.RejectReasonRequired"] }, Errors(await JsonAsync(noReason))["reason"]);
        using var unknownReason = await StepAsync(coordinator, reject, body: new { reason = "Fordi" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownReason.StatusCode);
        Assert.Contains("reason", Errors(await JsonAsync(unknownReason)).Keys);
        Assert.DoesNotContain("Fordi", await unknownReason.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await StepOkAsync(coordinator, reject, new { reason = "NoCapacity" }, "Rejected");
        await using (var scope = fixture.App.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal("NoCapacity", (await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.VolunteerRejected && e.EntityId == applicant, Ct)).Detail);
        }

        // Training: an unknown module and a date in the future are refused at their fields; a null date undoes it.
        var trainee = await PlantedVolunteers.PlantAsync(fixture.App, fixture.AssociationA, Unique("Kurs Apisøker"), VolunteerStatus.Training);
        var training = $"/api/v1/volunteers/{trainee}/training";
        Guid module;
        await using (var scope = fixture.App.Services.CreateSystemScope())
        {
            module = (await scope.ServiceProvider.GetRequiredService<AppDbContext>().TrainingModules.FirstAsync(m => m.Active && m.Mandatory, Ct)).Id;
        }

        using var unknownModule = await StepAsync(coordinator, training, body: new { moduleId = Guid.NewGuid(), completedOn = "2026-11-20" });
        Assert.Equal(new[] { nb["Common.UnknownChoice"] }, Errors(await JsonAsync(unknownModule))["moduleId"]);
        using var future = await StepAsync(coordinator, training, body: new { moduleId = module, completedOn = "2026-12-01" });
        Assert.Equal(new[] { nb["Training.DateInFuture"] }, Errors(await JsonAsync(future))["completedOn"]);
        Assert.Empty((await PlantedVolunteers.LoadAsync(fixture.App, trainee)).Training);
        await StepOkAsync(coordinator, training, new { moduleId = module, completedOn = "2026-11-20" }, "Training");
        Assert.Equal(new DateOnly(2026, 11, 20), Assert.Single((await PlantedVolunteers.LoadAsync(fixture.App, trainee)).Training).CompletedOn);
        await StepOkAsync(coordinator, training, new { moduleId = module, completedOn = (string?)null }, "Training");
        Assert.Empty((await PlantedVolunteers.LoadAsync(fixture.App, trainee)).Training);
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheVolunteerPaths()
    {
        using var response = await GetAsync(fixture.CoordinatorAClient, "/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await JsonAsync(response)).GetProperty("paths");
        string[] expected =
        [
            "/api/v1/volunteers", "/api/v1/volunteers/{id}", "/api/v1/volunteers/{id}/move-on", "/api/v1/volunteers/{id}/interview",
            "/api/v1/volunteers/{id}/police-certificate", "/api/v1/volunteers/{id}/training", "/api/v1/volunteers/{id}/approve",
            "/api/v1/volunteers/{id}/reject", "/api/v1/volunteers/{id}/withdraw", "/api/v1/volunteers/{id}/leave", "/api/v1/me/volunteer",
        ];
        Assert.Superset(expected.ToHashSet(StringComparer.Ordinal), paths.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal));
        Assert.Equal("ApproveVolunteer", paths.GetProperty("/api/v1/volunteers/{id}/approve").GetProperty("post").GetProperty("operationId").GetString());
        Assert.True(paths.GetProperty("/api/v1/volunteers/{id}/approve").GetProperty("post").GetProperty("responses").TryGetProperty("202", out _));
        Assert.True(paths.GetProperty("/api/v1/volunteers/{id}/interview").GetProperty("post").TryGetProperty("requestBody", out _));
    }

    private static string Unique(string name) => name + " " + Guid.NewGuid().ToString("N")[..6];

    /// <summary>A step that must succeed, leaving her in the given status.</summary>
    private static async Task StepOkAsync(HttpClient client, string url, object? body, string status)
    {
        using var response = await StepAsync(client, url, body: body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.Equal(status, (await JsonAsync(response)).GetProperty("status").GetString());
    }

    private async Task<List<string>> AuditActionsAsync(Guid id)
    {
        await using var scope = fixture.App.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.AuditEntries.Where(e => e.EntityId == id).Select(e => e.Action).ToListAsync(Ct);
    }

    private async Task<int> CountAuditAsync(string action, Guid? entityId, Guid userId, string? detail = null)
    {
        await using var scope = fixture.App.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.AuditEntries.CountAsync(e => e.Action == action && e.EntityId == entityId && e.UserId == userId && (detail == null || e.Detail == detail), Ct);
    }
}
