using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.IntegrationTests.Security;
using Ressursvenn.Web;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;
using static Ressursvenn.IntegrationTests.Infrastructure.ApiCalls;

namespace Ressursvenn.IntegrationTests.Features.Referrals;

/// <summary>
/// One app with association A (crisis centre X) and association B (crisis centre Y), a user of each kind and a
/// logged-in client for each, shared by the API tests. Each test makes its own referrals, so they do not meet.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private readonly List<HttpClient> clients = [];

    public TestApp App { get; private set; } = null!;

    public Guid AssociationA { get; private set; }

    public Guid AssociationB { get; private set; }

    public TestUser StaffX { get; private set; } = null!;

    public HttpClient StaffXClient { get; private set; } = null!;

    public HttpClient StaffYClient { get; private set; } = null!;

    public HttpClient CoordinatorAClient { get; private set; } = null!;

    public HttpClient CoordinatorBClient { get; private set; } = null!;

    public HttpClient VolunteerClient { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        App = await TestApp.CreateAsync();
        (AssociationA, var centreX) = await App.CreateOrganisationAsync("Api A");
        (AssociationB, var centreY) = await App.CreateOrganisationAsync("Api B", "4601", "46");
        StaffX = await App.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: centreX);
        StaffXClient = await LoginAsync(StaffX);
        StaffYClient = await LoginAsync(await App.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: centreY));
        CoordinatorAClient = await LoginAsync(await App.CreateUserAsync(Roles.Coordinator, [AssociationA]));
        CoordinatorBClient = await LoginAsync(await App.CreateUserAsync(Roles.Coordinator, [AssociationB]));
        VolunteerClient = await LoginAsync(await App.CreateUserAsync(Roles.Volunteer));
    }

    /// <summary>A new client logged in as the user (kept and disposed with the fixture).</summary>
    public async Task<HttpClient> LoginAsync(TestUser user)
    {
        var client = await App.LoggedInClientAsync(user);
        clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }

        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}

/// <summary>
/// The JSON API: the same authorization as the pages (401 anonymous, 404 for a role or record not
/// one's own), the referral form's validation per field in the user's language, audited reading, the lifecycle rules
/// with optimistic concurrency, the antiforgery header on every POST, and an OpenAPI document of the API alone.
/// </summary>
public sealed class ApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CrisisStaff_CreateAReferral_AndFollowItsStatus_WithoutEverSeeingHerName()
    {
        var name = "Navnløs-" + Guid.NewGuid().ToString("N")[..8];
        using var created = await PostJsonAsync(fixture.StaffXClient, "/api/v1/referrals", ValidReferral(name, fixture.AssociationA));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await JsonAsync(created);
        var id = body.GetProperty("id").GetGuid();
        var reference = body.GetProperty("reference").GetString()!;
        Assert.Equal("Received", body.GetProperty("status").GetString());
        Assert.StartsWith("H-", reference, StringComparison.Ordinal);
        Assert.Equal($"/api/v1/referrals/{id}", created.Location());

        using var one = await fixture.StaffXClient.GetAsync(new Uri(created.Location(), UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.StartsWith("application/json", one.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        var referral = await JsonAsync(one);
        Assert.Equal(reference, referral.GetProperty("reference").GetString());
        Assert.Equal("Received", referral.GetProperty("status").GetString());
        Assert.Equal("Api A sanitetsforening", referral.GetProperty("associationName").GetString());
        Assert.False(referral.TryGetProperty("participantId", out _), "The centre must not get the participant's id");

        using var list = await fixture.StaffXClient.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative), Ct);
        var text = await list.Content.ReadAsStringAsync(Ct);
        Assert.Contains(reference, text, StringComparison.Ordinal);
        Assert.DoesNotContain(name, await one.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(name, text, StringComparison.Ordinal);
        Assert.DoesNotContain("participantId", text, StringComparison.Ordinal);

        // Stored as the page stores it: her record (name encrypted), her consent, and both audit entries.
        await using var scope = fixture.App.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await db.Referrals.SingleAsync(r => r.Id == id, Ct);
        var participant = await db.Participants.Include(p => p.Consents).SingleAsync(p => p.Id == stored.ParticipantId, Ct);
        Assert.Equal(name, participant.Name);
        Assert.True(participant.HasConsent(ConsentKind.Registration));
        Assert.True(stored.CountsInStatistics);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.ReferralCreated && e.EntityId == id, Ct));
        Assert.Equal(fixture.StaffX.Id, (await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.ReferralCreated && e.EntityId == id, Ct)).UserId);
    }

    [Fact]
    public async Task BadInput_Answers400_WithLocalisedMessagesPerField_AndStoresNothing()
    {
        var before = await CountStoredAsync();
        var bad = new
        {
            name = "",
            channel = "Email",
            email = "ikke-en-epost",
            municipalityCode = "9999",
            languages = new[] { "xx" },
            safeTimes = "etter 16\u0007",
            associationId = fixture.AssociationB,
            consents = new { registration = true },
        };

        using var response = await PostJsonAsync(fixture.StaffXClient, "/api/v1/referrals", bad);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = Errors(await JsonAsync(response));
        var nb = Texts("nb-NO");
        Assert.Equal(new[] { nb["Participant.NameRequired"] }, errors["name"]);
        Assert.Contains(nb["Participant.EmailInvalid"], errors["email"]);
        Assert.Contains(nb["Common.UnknownChoice"], errors["municipalityCode"]);
        Assert.Contains(nb["Common.UnknownChoice"], errors["languages"]);
        Assert.Contains(nb["Validation.ControlCharacters"], errors["safeTimes"]);
        // Association B works with centre Y, not with this employee's centre X.
        Assert.Equal(new[] { nb["Referral.AssociationRequired"] }, errors["associationId"]);
        Assert.False(errors.ContainsKey("consents.registration"));
        Assert.Equal(before, await CountStoredAsync());

        // The same refusal in English for a user who chose English.
        using var english = await fixture.LoginAsync(fixture.StaffX);
        using var switched = await english.PostFormAsync("/konto", [new("culture", "en"), new("returnUrl", "/")], "/sprak");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        using var again = await PostJsonAsync(english, "/api/v1/referrals", bad);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var en = Texts("en");
        var englishErrors = Errors(await JsonAsync(again));
        Assert.Equal(new[] { en["Participant.NameRequired"] }, englishErrors["name"]);
        Assert.Equal(new[] { en["Referral.AssociationRequired"] }, englishErrors["associationId"]);
        Assert.NotEqual(nb["Participant.NameRequired"], en["Participant.NameRequired"]);

        // A body that is not what the API reads: the field is named, nothing is echoed, nothing is stored.
        using var wrongEnum = await PostJsonAsync(fixture.StaffXClient, "/api/v1/referrals", new { name = "Kari", channel = "Brevdue" });
        Assert.Equal(HttpStatusCode.BadRequest, wrongEnum.StatusCode);
        var wrongEnumText = await wrongEnum.Content.ReadAsStringAsync(Ct);
        Assert.Contains("channel", Errors(await JsonAsync(wrongEnum)).Keys);
        Assert.DoesNotContain("Brevdue", wrongEnumText, StringComparison.Ordinal);
        using var notJson = await PostAsync(fixture.StaffXClient, "/api/v1/referrals", new StringContent("name=Kari"), await TokenAsync(fixture.StaffXClient));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Equal(before, await CountStoredAsync());
    }

    [Fact]
    public async Task WithoutConsentToRegistration_ThereIsNoReferral()
    {
        var before = await CountStoredAsync();
        var referral = ValidReferral("Uten samtykke", fixture.AssociationA);
        referral["consents"] = new Dictionary<string, bool> { ["registration"] = false, ["statistics"] = true };
        using var refused = await PostJsonAsync(fixture.StaffXClient, "/api/v1/referrals", referral);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = Errors(await JsonAsync(refused));
        Assert.Equal(new[] { "consents.registration" }, errors.Keys);
        Assert.Equal(new[] { Texts("nb-NO")["Referral.ConsentRequired"] }, errors["consents.registration"]);

        referral.Remove("consents");
        using var omitted = await PostJsonAsync(fixture.StaffXClient, "/api/v1/referrals", referral);
        Assert.Equal(HttpStatusCode.BadRequest, omitted.StatusCode);
        Assert.Equal(new[] { "consents.registration" }, Errors(await JsonAsync(omitted)).Keys);
        Assert.Equal(before, await CountStoredAsync());
    }

    [Fact]
    public async Task CoordinatorOfTheAssociation_ListsAndOpensHer_Audited_AndNobodyElseFindsHer()
    {
        var name = "Synlig-" + Guid.NewGuid().ToString("N")[..8];
        var (referralId, participantId) = await ReferAsync(name);

        // Her coordinator: the referral with the participant, the list and the record.
        using var referral = await fixture.CoordinatorAClient.GetAsync(new Uri($"/api/v1/referrals/{referralId}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, referral.StatusCode);
        Assert.Equal(participantId, (await JsonAsync(referral)).GetProperty("participantId").GetGuid());

        var listsBefore = await CountListAuditsAsync();
        using var list = await fixture.CoordinatorAClient.GetAsync(new Uri("/api/v1/participants", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var row = (await JsonAsync(list)).EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == participantId);
        Assert.Equal(name, row.GetProperty("name").GetString());
        Assert.Equal("Referred", row.GetProperty("status").GetString());
        Assert.False(row.GetProperty("isProtected").GetBoolean());
        Assert.Equal(JsonValueKind.String, row.GetProperty("referredAt").ValueKind);
        Assert.Equal(listsBefore + 1, await CountListAuditsAsync());

        Assert.Equal(0, await CountAuditAsync(AuditActions.ParticipantViewed, participantId));
        using var opened = await fixture.CoordinatorAClient.GetAsync(new Uri($"/api/v1/participants/{participantId}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var record = await JsonAsync(opened);
        Assert.Equal(name, record.GetProperty("name").GetString());
        Assert.Equal("+47 912 34 567", record.GetProperty("contact").GetProperty("phone").GetString());
        Assert.Equal("Phone", record.GetProperty("contact").GetProperty("channel").GetString());
        Assert.Equal("0301", record.GetProperty("area").GetProperty("municipalityCode").GetString());
        Assert.Contains("ar", record.GetProperty("profile").GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
        Assert.True(record.GetProperty("risk").GetProperty("negativeSocialControl").GetBoolean());
        Assert.Contains(record.GetProperty("consents").EnumerateArray(), c => c.GetProperty("kind").GetString() == "Registration" && c.GetProperty("given").GetBoolean());
        Assert.Equal("Received", Assert.Single(record.GetProperty("referrals").EnumerateArray()).GetProperty("status").GetString());
        Assert.Empty(record.GetProperty("notes").EnumerateArray());
        Assert.Equal(ETag(record.GetProperty("version").GetInt64()), opened.Headers.ETag?.ToString());
        Assert.Equal(1, await CountAuditAsync(AuditActions.ParticipantViewed, participantId));

        // Everyone else: as if she did not exist (404, the very answer to a random id), or 401 without a login.
        using var randomId = await fixture.CoordinatorAClient.GetAsync(new Uri($"/api/v1/participants/{Guid.NewGuid()}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, randomId.StatusCode);
        var missing = await randomId.Content.ReadAsStringAsync(Ct);
        var refusals = new (HttpClient Client, string Url)[]
        {
            (fixture.CoordinatorBClient, $"/api/v1/participants/{participantId}"),
            (fixture.CoordinatorBClient, $"/api/v1/referrals/{referralId}"),
            (fixture.StaffYClient, $"/api/v1/referrals/{referralId}"),
            (fixture.StaffXClient, $"/api/v1/participants/{participantId}"),
            (fixture.VolunteerClient, $"/api/v1/referrals/{referralId}"),
            (fixture.VolunteerClient, $"/api/v1/participants/{participantId}"),
            (fixture.VolunteerClient, "/api/v1/referrals"),
        };
        foreach (var (client, url) in refusals)
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative), Ct);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(missing, await response.Content.ReadAsStringAsync(Ct));
        }

        foreach (var client in new[] { fixture.CoordinatorBClient, fixture.StaffYClient })
        {
            var texts = await client.GetStringAsync(new Uri(client == fixture.StaffYClient ? "/api/v1/referrals" : "/api/v1/participants", UriKind.Relative), Ct);
            Assert.DoesNotContain(name, texts, StringComparison.Ordinal);
            Assert.DoesNotContain(referralId.ToString(), texts, StringComparison.Ordinal);
        }

        using var anonymous = fixture.App.Client();
        foreach (var url in new[] { "/api/v1/referrals", $"/api/v1/referrals/{referralId}", $"/api/v1/participants/{participantId}", "/api/v1/antiforgery" })
        {
            using var response = await anonymous.GetAsync(new Uri(url, UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Null(response.Headers.Location);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using var anonymousPost = await anonymous.PostAsync(new Uri($"/api/v1/participants/{participantId}/acknowledge", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousPost.StatusCode);

        // Only her own coordinator's opening was audited.
        Assert.Equal(1, await CountAuditAsync(AuditActions.ParticipantViewed, participantId));
    }

    [Fact]
    public async Task LifecycleSteps_FollowTheRules_WithOptimisticConcurrency_AndTheCentreSeesTheStatus()
    {
        var (referralId, participantId) = await ReferAsync("Livsløp-" + Guid.NewGuid().ToString("N")[..8]);
        var coordinator = fixture.CoordinatorAClient;
        var nb = Texts("nb-NO");
        var url = $"/api/v1/participants/{participantId}";

        using var opened = await coordinator.GetAsync(new Uri(url, UriKind.Relative), Ct);
        var version = (await JsonAsync(opened)).GetProperty("version").GetInt64();

        // Acknowledge, at the version she read.
        using var acknowledged = await StepAsync(coordinator, url + "/acknowledge", ETag(version));
        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        var state = await JsonAsync(acknowledged);
        Assert.Equal("Intake", state.GetProperty("status").GetString());
        Assert.Equal("Received", state.GetProperty("referralStatus").GetString());
        var acknowledgedVersion = state.GetProperty("version").GetInt64();
        Assert.True(acknowledgedVersion > version);
        Assert.Equal(ETag(acknowledgedVersion), acknowledged.Headers.ETag?.ToString());
        Assert.Equal(1, await CountAuditAsync(AuditActions.ReferralAcknowledged, participantId));

        // The waiting list needs the intake first: 409 with the rule's own message, and nothing changes.
        using var tooEarly = await StepAsync(coordinator, url + "/waiting-list");
        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        Assert.Equal(nb["Participant.IntakeFirst"], (await JsonAsync(tooEarly)).GetProperty("detail").GetString());
        await RecordIntakeAsync(participantId);

        // A stale version is refused (412) and changes nothing; a malformed one is a 400.
        using var stale = await StepAsync(coordinator, url + "/waiting-list", ETag(version));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(nb["Api.Stale"], (await JsonAsync(stale)).GetProperty("detail").GetString());
        using var malformed = await StepAsync(coordinator, url + "/waiting-list", "versjon-3");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(0, await CountAuditAsync(AuditActions.ParticipantWaiting, participantId));

        using var current = await coordinator.GetAsync(new Uri(url, UriKind.Relative), Ct);
        var currentVersion = (await JsonAsync(current)).GetProperty("version").GetInt64();
        using var waiting = await StepAsync(coordinator, url + "/waiting-list", ETag(currentVersion));
        Assert.Equal(HttpStatusCode.OK, waiting.StatusCode);
        Assert.Equal("Waiting", (await JsonAsync(waiting)).GetProperty("status").GetString());
        Assert.Equal(1, await CountAuditAsync(AuditActions.ParticipantWaiting, participantId));
        Assert.Equal("Waiting", await CentreStatusAsync(referralId));

        // Decline with a reason code: an unknown code is a field error; the centre sees the code, not more.
        using var unknownReason = await StepAsync(coordinator, url + "/decline", body: new { reason = "Fordi" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownReason.StatusCode);
        Assert.Contains("reason", Errors(await JsonAsync(unknownReason)).Keys);
        using var noReason = await StepAsync(coordinator, url + "/decline", body: new { });
        Assert.Equal(new[] { nb["Common.UnknownChoice"] }, Errors(await JsonAsync(noReason))["reason"]);

        using var declined = await StepAsync(coordinator, url + "/decline", body: new { reason = "NoSuitableVolunteer" });
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        Assert.Equal("Declined", (await JsonAsync(declined)).GetProperty("status").GetString());
        Assert.Equal("Declined", await CentreStatusAsync(referralId));
        using var centreView = await fixture.StaffXClient.GetAsync(new Uri($"/api/v1/referrals/{referralId}", UriKind.Relative), Ct);
        Assert.Equal("NoSuitableVolunteer", (await JsonAsync(centreView)).GetProperty("declineReason").GetString());
        await using (var scope = fixture.App.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.ParticipantDeclined && e.EntityId == participantId, Ct);
            Assert.Equal(nameof(DeclineReason.NoSuitableVolunteer), entry.Detail);
        }

        // Nothing follows a decline: acknowledging or declining again is a conflict.
        using var again = await StepAsync(coordinator, url + "/acknowledge");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(nb["Participant.NoOpenReferral"], (await JsonAsync(again)).GetProperty("detail").GetString());
        using var declineAgain = await StepAsync(coordinator, url + "/decline", body: new { reason = "Other" });
        Assert.Equal(HttpStatusCode.Conflict, declineAgain.StatusCode);

        // Another association's coordinator cannot take a step: 404, as for a record that does not exist.
        var (_, other) = await ReferAsync("Annen-" + Guid.NewGuid().ToString("N")[..8]);
        using var foreign = await StepAsync(fixture.CoordinatorBClient, $"/api/v1/participants/{other}/acknowledge");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(0, await CountAuditAsync(AuditActions.ReferralAcknowledged, other));
    }

    [Fact]
    public async Task PostWithoutAValidAntiforgeryToken_IsRefused_AndChangesNothing()
    {
        var before = await CountStoredAsync();
        var referral = ValidReferral("Uten token", fixture.AssociationA);
        using var missing = await PostAsync(fixture.StaffXClient, "/api/v1/referrals", JsonContent.Create(referral), token: null);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(Texts("nb-NO")["Api.AntiforgeryInvalid"], (await JsonAsync(missing)).GetProperty("detail").GetString());
        using var forged = await PostAsync(fixture.StaffXClient, "/api/v1/referrals", JsonContent.Create(referral), token: "CfDJ8-forfalsket");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        // A token is bound to its user: another user's token is no good.
        using var borrowed = await PostAsync(fixture.StaffXClient, "/api/v1/referrals", JsonContent.Create(referral), await TokenAsync(fixture.StaffYClient));
        Assert.Equal(HttpStatusCode.BadRequest, borrowed.StatusCode);
        Assert.Equal(before, await CountStoredAsync());

        var (_, participantId) = await ReferAsync("Token-" + Guid.NewGuid().ToString("N")[..8]);
        using var step = await PostAsync(fixture.CoordinatorAClient, $"/api/v1/participants/{participantId}/acknowledge", null, token: null);
        Assert.Equal(HttpStatusCode.BadRequest, step.StatusCode);
        Assert.Equal(0, await CountAuditAsync(AuditActions.ReferralAcknowledged, participantId));
        await using var scope = fixture.App.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(ParticipantStatus.Referred, (await db.Participants.SingleAsync(p => p.Id == participantId, Ct)).Status);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApiAlone_ForSignedInUsers()
    {
        using var response = await fixture.VolunteerClient.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await JsonAsync(response);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/referrals", paths);
        Assert.Contains("/api/v1/referrals/{id}", paths);
        Assert.Contains("/api/v1/participants", paths);
        Assert.Contains("/api/v1/participants/{id}", paths);
        Assert.Contains("/api/v1/participants/{id}/decline", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/v1/", p, StringComparison.Ordinal));
        Assert.Equal("ListReferrals", document.GetProperty("paths").GetProperty("/api/v1/referrals").GetProperty("get").GetProperty("operationId").GetString());
        Assert.False(string.IsNullOrEmpty(document.GetProperty("paths").GetProperty("/api/v1/referrals").GetProperty("post").GetProperty("summary").GetString()));

        // Not an API path: an anonymous visitor is sent to log in, as for every page (the access matrix's rule).
        using var anonymous = fixture.App.Client();
        using var challenge = await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), Ct);
        Assert.True(Outcome.IsLoginChallenge(challenge), Outcome.Describe(challenge));
    }

    private async Task<(Guid ReferralId, Guid ParticipantId)> ReferAsync(string name)
    {
        using var created = await PostJsonAsync(fixture.StaffXClient, "/api/v1/referrals", ValidReferral(name, fixture.AssociationA));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await JsonAsync(created)).GetProperty("id").GetGuid();
        await using var scope = fixture.App.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (id, (await db.Referrals.SingleAsync(r => r.Id == id, Ct)).ParticipantId!.Value);
    }

    private static Dictionary<string, object?> ValidReferral(string name, Guid association) => new()
    {
        ["name"] = name,
        ["channel"] = "Phone",
        ["phone"] = "+47 912 34 567",
        ["safeTimes"] = "Hverdager etter 16",
        ["municipalityCode"] = "0301",
        ["languages"] = new[] { "ar", "nb" },
        ["negativeSocialControl"] = true,
        ["associationId"] = association,
        ["consents"] = new Dictionary<string, bool> { ["registration"] = true, ["shareWithVolunteer"] = true, ["statistics"] = true },
    };

    /// <summary>What the referral's centre sees as its status.</summary>
    private async Task<string?> CentreStatusAsync(Guid referralId)
    {
        using var response = await fixture.StaffXClient.GetAsync(new Uri($"/api/v1/referrals/{referralId}", UriKind.Relative), Ct);
        return (await JsonAsync(response)).GetProperty("status").GetString();
    }

    /// <summary>The intake conversation has no API yet: recorded as the coordinator's page will.</summary>
    private async Task RecordIntakeAsync(Guid participantId)
    {
        await using var scope = fixture.App.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var participant = await db.Participants.Include(p => p.Referrals).SingleAsync(p => p.Id == participantId, Ct);
        ParticipantLifecycle.RecordIntake(participant, new Intake { HeldOn = new DateOnly(2026, 11, 26), Summary = "Samtale holdt" }, fixture.App.Clock.GetUtcNow().UtcDateTime);
        db.Entry(participant).Property(p => p.UpdatedAt).IsModified = true;
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>The app's texts in a culture, to compare messages with.</summary>
    private ApiCalls.Texts Texts(string culture) => ApiCalls.TextsIn(fixture.App, culture);

    private async Task<(int Participants, int Referrals)> CountStoredAsync()
    {
        await using var scope = fixture.App.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (await db.Participants.CountAsync(Ct), await db.Referrals.CountAsync(Ct));
    }

    private async Task<int> CountListAuditsAsync()
    {
        await using var scope = fixture.App.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.AuditEntries.CountAsync(e => e.Action == AuditActions.ParticipantListViewed && e.Detail == "api", Ct);
    }

    private async Task<int> CountAuditAsync(string action, Guid entityId)
    {
        await using var scope = fixture.App.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.AuditEntries.CountAsync(e => e.Action == action && e.EntityId == entityId, Ct);
    }
}
