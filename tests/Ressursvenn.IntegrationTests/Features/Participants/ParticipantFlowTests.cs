using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;

namespace Ressursvenn.IntegrationTests.Features.Participants;

/// <summary>
/// The referral flow through the pages (docs/domain.md §4.2): a crisis centre refers, the association's coordinator acknowledges,
/// holds the intake and puts her on the waiting list or declines, and the centre sees each status — never her
/// volunteer, never another centre's referral; another association's coordinator never sees her at all.
/// </summary>
public sealed class ParticipantFlowTests
{
    private const string Name = "Testdeltaker Solveig-7q";
    private const string Phone = "912 34 567";

    [Fact]
    public async Task Referral_FlowsFromCrisisCentreToWaitingList_AndTheCentreSeesOnlyTheStatus()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Flyt");
        var (otherAssociation, otherCentre) = await app.CreateOrganisationAsync("Annen", "4601", "46");
        using var staff = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: centre));
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        using var otherCoordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [otherAssociation]));
        using var otherStaff = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: otherCentre));

        var sent = await ReferAsync(staff, association, Name);
        Assert.True(sent.StatusCode == HttpStatusCode.Redirect, string.Join(" | ", Html.ErrorMessages(await Html.ParseAsync(sent))));
        Assert.Equal("/henvisninger", sent.Location());
        var centreList = await BodyAsync(staff, "/henvisninger");
        Assert.Contains("Henvisningen er sendt. Referanse: H-", centreList, StringComparison.Ordinal);
        Assert.Contains("Mottatt", centreList, StringComparison.Ordinal);
        Assert.DoesNotContain(Name, centreList, StringComparison.Ordinal);
        Assert.DoesNotContain("Mottatt", await BodyAsync(otherStaff, "/henvisninger"), StringComparison.Ordinal);

        var id = await ParticipantIdAsync(app);
        Assert.Contains(Name, await BodyAsync(coordinator, "/deltakere"), StringComparison.Ordinal);
        Assert.DoesNotContain(Name, await BodyAsync(otherCoordinator, "/deltakere"), StringComparison.Ordinal);
        foreach (var page in new[] { "", "/rediger", "/kartlegging", "/avslag", "/samtykke" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await otherCoordinator.GetUrlAsync($"/deltaker/{id}{page}")).StatusCode);
        }

        // Acknowledge, intake, waiting list: each visible to the centre as a status.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(coordinator, $"/deltaker/{id}", "Acknowledge")).StatusCode);
        Assert.Equal(ParticipantStatus.Intake, (await LoadAsync(app, id)).Status);
        var intake = await coordinator.PostFormAsync($"/deltaker/{id}/kartlegging",
        [
            new("Input.HeldOn", "2026-11-25"), new("Input.Summary", "Vil ha noen å gå tur med."), new("Input.VolunteerMinAge", "30"),
            new("Input.VolunteerMaxAge", "60"), new("Input.Version", (await LoadAsync(app, id)).Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("toWaitingList", "true"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, intake.StatusCode);
        var waiting = await LoadAsync(app, id);
        Assert.Equal(ParticipantStatus.Waiting, waiting.Status);
        Assert.Equal(30, waiting.Intake!.VolunteerMinAge);
        Assert.NotNull(waiting.WaitingSince);
        Assert.Contains("Venter på ressursvenn", await BodyAsync(staff, "/henvisninger"), StringComparison.Ordinal);
        var list = await Html.ParseAsync(await coordinator.GetUrlAsync("/deltakere"));
        Assert.True(list.QuerySelector("section[aria-labelledby=waiting-heading]")!.TextContent.Contains(Name, StringComparison.Ordinal), list.Body!.TextContent);

        // No suitable volunteer: the centre gets the reason code, nobody is left waiting without an answer.
        var decline = await coordinator.PostFormAsync($"/deltaker/{id}/avslag",
            [new("Reason", nameof(DeclineReason.NoSuitableVolunteer)), new("Version", waiting.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.Equal(HttpStatusCode.Redirect, decline.StatusCode);
        var centreView = await BodyAsync(staff, "/henvisninger");
        Assert.Contains("Ikke tatt inn", centreView, StringComparison.Ordinal);
        Assert.Contains("Ingen passende ressursvenn", centreView, StringComparison.Ordinal);
        Assert.Equal(ParticipantStatus.Declined, (await LoadAsync(app, id)).Status);
    }

    [Fact]
    public async Task ReadingTheRecordPage_WritesExactlyOneAuditEntry_WithoutContent()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Revisjon");
        using var staff = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: centre));
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        await ReferAsync(staff, association, Name);
        var id = await ParticipantIdAsync(app);

        var before = await AuditCountAsync(app);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetUrlAsync($"/deltaker/{id}")).StatusCode);
        var entries = await AuditSinceAsync(app, before);
        var entry = Assert.Single(entries);
        Assert.Equal(AuditActions.ParticipantViewed, entry.Action);
        Assert.Equal(id, entry.EntityId);
        Assert.Null(entry.Detail);
    }

    [Fact]
    public async Task ReferralForm_RefusesBadInput_WithClearMessages_KeepsWhatWasTyped_AndStoresNothing()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Feil");
        using var staff = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: centre));

        var response = await staff.PostFormAsync("/henvisning/ny",
        [
            new("Input.AssociationId", association.ToString()), new("Input.Name", Name), new("Input.Channel", "Phone"), new("Input.Phone", "12ab"),
            new("Input.PostalCode", "99"), new("Input.SafeTimes", "Etter kl. 16"),
        ]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        var errors = Html.ErrorMessages(page).ToList();
        Assert.Contains(errors, e => e.Contains("samtykke til å bli registrert", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Velg kommunen", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("8 til 20 sifre", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("fire sifre", StringComparison.Ordinal));
        Assert.Equal(Name, Html.InputValue(page, "Input.Name"));
        Assert.Equal("Etter kl. 16", Html.InputValue(page, "Input.SafeTimes"));
        await using var scope = app.Services.CreateSystemScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppDbContext>().Participants.CountAsync(TestContext.Current.CancellationToken));

        // A referral to an association the centre does not work with is refused, not stored.
        var (foreign, _) = await app.CreateOrganisationAsync("Fremmed", "4601", "46");
        var wrong = await ReferAsync(staff, foreign, Name);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains(Html.ErrorMessages(await Html.ParseAsync(wrong)), e => e.Contains("Velg lokalforeningen", StringComparison.Ordinal));
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppDbContext>().Participants.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ProtectedIdentity_KeepsOnlyACounty_AndCannotBeUntickedByAnEdit()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Beskyttet");
        using var staff = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: centre));
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));

        var sent = await ReferAsync(staff, association, Name, [new("Input.ProtectedAddress", "true"), new("Input.CoarseCountyCode", "03"), new("Input.PostalCode", "0150")]);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var id = await ParticipantIdAsync(app);
        var stored = await LoadAsync(app, id);
        Assert.True(stored.IsProtected);
        Assert.Null(stored.Area.MunicipalityCode);
        Assert.Null(stored.Area.PostalCode);
        Assert.Equal("03", stored.Area.CoarseCountyCode);

        var record = await BodyAsync(coordinator, $"/deltaker/{id}");
        Assert.Contains("Beskyttet identitet", record, StringComparison.Ordinal);
        Assert.DoesNotContain(Name, (await Html.ParseAsync(await coordinator.GetUrlAsync($"/deltaker/{id}"))).Title!, StringComparison.Ordinal);

        var edit = await coordinator.PostFormAsync($"/deltaker/{id}/rediger",
        [
            new("Input.Name", Name), new("Input.Channel", "Phone"), new("Input.Phone", Phone), new("Input.ProtectedAddress", "false"),
            new("Input.MunicipalityCode", "0301"), new("Input.SafetyMarker", "Ring aldri før kl. 16"), new("Input.Version", stored.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Contains(Html.ErrorMessages(await Html.ParseAsync(edit)), e => e.Contains("Beskyttet identitet kan ikke tas bort", StringComparison.Ordinal));
        Assert.True((await LoadAsync(app, id)).IsProtected);

        var marked = await coordinator.PostFormAsync($"/deltaker/{id}/rediger",
        [
            new("Input.Name", Name), new("Input.Channel", "Phone"), new("Input.Phone", Phone), new("Input.ProtectedAddress", "true"),
            new("Input.CoarseCountyCode", "03"), new("Input.SafetyMarker", "Ring aldri før kl. 16"), new("Input.Version", stored.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        var withMarker = await Html.ParseAsync(await coordinator.GetUrlAsync($"/deltaker/{id}"));
        Assert.Contains("Ring aldri før kl. 16", withMarker.QuerySelector(".rv-safety-marker")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithdrawingConsentToRegistration_ErasesHerAtOnce_KeepingOnlyTheAnonymousReferral()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Samtykke");
        using var staff = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: centre));
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        await ReferAsync(staff, association, Name);
        var id = await ParticipantIdAsync(app);

        var unconfirmed = await PostAsync(coordinator, $"/deltaker/{id}/samtykke", "Erase");
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        Assert.NotNull(await FindAsync(app, id));

        var erased = await coordinator.PostFormAsync($"/deltaker/{id}/samtykke", [new("ConfirmErasure", "true")], $"/deltaker/{id}/samtykke?handler=Erase");
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.False(await db.Participants.AnyAsync(p => p.Id == id, TestContext.Current.CancellationToken));
        Assert.False(await db.Consents.AnyAsync(c => c.ParticipantId == id, TestContext.Current.CancellationToken));
        var referral = Assert.Single(await db.Referrals.ToListAsync(TestContext.Current.CancellationToken));
        Assert.Null(referral.ParticipantId);
        Assert.True(referral.CountsInStatistics);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetUrlAsync($"/deltaker/{id}")).StatusCode);
        Assert.Contains(await db.AuditEntries.ToListAsync(TestContext.Current.CancellationToken), e => e.Action == AuditActions.ParticipantErased && e.EntityId == id);
    }

    [Fact]
    public async Task AWomanReferredAgain_IsLinkedToHerEarlierRecord_SoTheCoordinatorSeesHerHistory()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Igjen");
        using var staff = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: centre));
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        await ReferAsync(staff, association, Name);
        var earlier = await ParticipantIdAsync(app);
        var first = await LoadAsync(app, earlier);
        Assert.Equal(HttpStatusCode.Redirect, (await coordinator.PostFormAsync($"/deltaker/{earlier}/avslag",
            [new("Reason", nameof(DeclineReason.SheDeclined)), new("Version", first.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))])).StatusCode);

        await ReferAsync(staff, association, Name.ToUpperInvariant());
        Guid fresh;
        await using (var scope = app.Services.CreateSystemScope())
        {
            fresh = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Participants
                .Where(p => p.Id != earlier).Select(p => p.Id).SingleAsync(TestContext.Current.CancellationToken);
        }

        var record = await Html.ParseAsync(await coordinator.GetUrlAsync($"/deltaker/{fresh}"));
        Assert.NotNull(record.QuerySelector($"input[name=earlierId][value='{earlier}']"));
        var linked = await coordinator.PostFormAsync($"/deltaker/{fresh}",
            [new("earlierId", earlier.ToString()), new("Version", (await LoadAsync(app, fresh)).Version.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            $"/deltaker/{fresh}?handler=Link");
        Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);
        Assert.Equal($"/deltaker/{earlier}", linked.Location());
        var merged = await LoadAsync(app, earlier);
        Assert.Equal(ParticipantStatus.Referred, merged.Status);
        Assert.Equal(2, merged.Referrals.Count);
        Assert.Equal(Name.ToUpperInvariant(), merged.Name);
        Assert.Null(await FindAsync(app, fresh));
    }

    [Fact]
    public async Task Notes_AreShortAndKept_AndAnOverlongNoteKeepsTheText()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Notat");
        using var staff = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: centre));
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        await ReferAsync(staff, association, Name);
        var id = await ParticipantIdAsync(app);

        var tooLong = new string('x', 501);
        var refused = await coordinator.PostFormAsync($"/deltaker/{id}", [new("Note.Text", tooLong)], $"/deltaker/{id}?handler=Note");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await Html.ParseAsync(refused);
        Assert.Contains(Html.ErrorMessages(page), e => e.Contains("høyst 500 tegn", StringComparison.Ordinal));
        Assert.Equal(tooLong, Html.InputValue(page, "Note.Text"));

        Assert.Equal(HttpStatusCode.Redirect, (await coordinator.PostFormAsync($"/deltaker/{id}", [new("Note.Text", "Ringte, avtalte kaffe.")], $"/deltaker/{id}?handler=Note")).StatusCode);
        Assert.Contains("Ringte, avtalte kaffe.", await BodyAsync(coordinator, $"/deltaker/{id}"), StringComparison.Ordinal);
    }

    internal static Task<HttpResponseMessage> ReferAsync(HttpClient staff, Guid association, string name, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Input.AssociationId", association.ToString()), new("Input.Name", name), new("Input.Channel", "Phone"), new("Input.Phone", Phone),
            new("Input.SafeTimes", "Hverdager etter kl. 16"), new("Input.Languages", "nb"), new("Input.Interests", "walks"), new("Input.Needs", "social"),
            new("Input.ConsentRegistration", "true"), new("Input.ConsentShareWithVolunteer", "true"), new("Input.ConsentStatistics", "true"),
        };
        var more = (extra ?? []).ToList();
        if (!more.Any(f => f.Key == "Input.ProtectedAddress"))
        {
            fields.Add(new("Input.MunicipalityCode", "0301"));
        }

        return staff.PostFormAsync("/henvisning/ny", fields.Concat(more));
    }

    internal static async Task<Guid> ParticipantIdAsync(TestApp app)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Participants.Select(p => p.Id).SingleAsync();
    }

    internal static async Task<Participant> LoadAsync(TestApp app, Guid id) =>
        await FindAsync(app, id) ?? throw new InvalidOperationException("No such participant.");

    internal static async Task<Participant?> FindAsync(TestApp app, Guid id)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Participants.AsNoTracking()
            .Include(p => p.Referrals).Include(p => p.Consents).AsSplitQuery().FirstOrDefaultAsync(p => p.Id == id);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string handler)
    {
        var document = await client.GetDocumentAsync(page);
        var version = document.QuerySelector("input[name=Version]")?.GetAttribute("value") ?? "0";
        return await client.PostFormAsync(page, [new("Version", version)], $"{page}?handler={handler}");
    }

    /// <summary>The page's text as a reader sees it (Razor encodes æ, ø and å in the markup).</summary>
    private static async Task<string> BodyAsync(HttpClient client, string url) =>
        (await Html.ParseAsync(await client.GetUrlAsync(url))).DocumentElement.TextContent;

    private static async Task<long> AuditCountAsync(TestApp app)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.MaxAsync(e => (long?)e.Sequence) ?? 0;
    }

    private static async Task<List<AuditEntry>> AuditSinceAsync(TestApp app, long after)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.Where(e => e.Sequence > after).ToListAsync();
    }
}
