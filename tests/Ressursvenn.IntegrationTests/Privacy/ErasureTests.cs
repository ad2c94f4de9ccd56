using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Data.Encryption;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Features.Participants;
using Ressursvenn.Web.Infrastructure;

namespace Ressursvenn.IntegrationTests.Privacy;

/// <summary>
/// SR16 and SR18 for the women in the programme (docs/domain.md §8): her identity and red data never reach the database
/// in plaintext; the retention job erases her once the retention period after closure has passed — and not a day
/// before — leaving nothing of her in the tables, the SQLite file or a pg_dump, only an anonymous referral when she
/// consented to statistics; a withdrawn consent erases her at once; overlapping runs on several instances erase
/// each woman exactly once. Also the national settings page where the retention period is set.
/// </summary>
public sealed class ErasureTests
{
    [Fact]
    public async Task PlantedParticipant_IsNotInTheDatabaseAtRestInPlaintext_ButReadsThroughTheApp()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Hvilested");
        var her = await PlantedParticipants.PlantAsync(app, association, centre, "Qxwalive", statistics: true, decline: false);

        var stored = await PlantedParticipants.LoadAsync(app, her.Id);
        Assert.NotNull(stored);
        Assert.Equal((her.Name, her.Phone), (stored.Name, stored.Contact.Phone));
        Assert.Equal(her.Plaintexts[7], Assert.Single(stored.Notes).Text);
        var ciphertexts = await PlantedParticipants.CiphertextsAsync(app, her.Id);

        // Before and after a checkpoint on SQLite (a live WAL holds recent writes), a dump on PostgreSQL.
        var snapshots = await AtRest.SnapshotsAsync(app.Database, beforeCheckpointToo: true, ct);
        foreach (var (where, bytes) in snapshots)
        {
            AtRest.AssertAbsent(bytes, where, her.Plaintexts, []);
        }

        // Positive control: her stored ciphertexts are found where they live, so the search would find plaintext too.
        var settled = snapshots.Last(s => !s.Where.Contains("WAL", StringComparison.Ordinal));
        Assert.All(ciphertexts, c => Assert.True(AtRest.Contains(settled.Bytes, c), $"A stored ciphertext is not in {settled.Where}: the search is not looking at the data."));
    }

    [Fact]
    public async Task RetentionJob_ErasesNothingADayEarly_AndEverythingOfHerOnceDue_KeepingOnlyAnonymousCountedReferrals()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Glemsel");
        await SetRetentionMonthsAsync(app, 6);
        var counted = await PlantedParticipants.PlantAsync(app, association, centre, "Qxwcounted", statistics: true);
        var uncounted = await PlantedParticipants.PlantAsync(app, association, centre, "Qxwuncounted", statistics: false);
        var open = await PlantedParticipants.PlantAsync(app, association, centre, "Qxwstillopen", statistics: true, decline: false);
        var ciphertexts = (await PlantedParticipants.CiphertextsAsync(app, counted.Id)).Concat(await PlantedParticipants.CiphertextsAsync(app, uncounted.Id)).ToList();
        var countsBefore = await PlantedParticipants.CountedReferralsAsync(app);
        Assert.Equal(2, countsBefore[association]);
        var closedAt = app.Clock.GetUtcNow();

        // One day before the six months have passed: nothing is due.
        AdvanceTo(app.Clock, closedAt.AddMonths(6).AddDays(-1));
        Assert.Equal(0, await Job(app).RunOnceAsync(ct));
        Assert.NotNull(await PlantedParticipants.LoadAsync(app, counted.Id));
        Assert.NotNull(await PlantedParticipants.LoadAsync(app, uncounted.Id));

        // A day after: both closed women are erased, the open one stays.
        AdvanceTo(app.Clock, closedAt.AddMonths(6).AddDays(1));
        Assert.Equal(2, await Job(app).RunOnceAsync(ct));

        foreach (var gone in new[] { counted, uncounted })
        {
            Assert.Equal((0, 0, 0, 0), await PlantedParticipants.RowsAsync(app, gone.Id));
        }

        Assert.Equal(open.Name, (await PlantedParticipants.LoadAsync(app, open.Id))?.Name);
        Assert.Equal((1, 4, 1, 1), await PlantedParticipants.RowsAsync(app, open.Id));
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // With consent to statistics her referral stays, anonymous; without it, it is gone.
            var kept = await db.Referrals.SingleAsync(r => r.Id == counted.ReferralId, ct);
            Assert.Null(kept.ParticipantId);
            Assert.True(kept.CountsInStatistics);
            Assert.Equal((ReferralStatus.Declined, DeclineReason.NoSuitableVolunteer), (kept.Status, kept.DeclineReason));
            Assert.False(await db.Referrals.AnyAsync(r => r.Id == uncounted.ReferralId, ct));
            Assert.False(await db.Referrals.AnyAsync(r => r.ParticipantId == counted.Id || r.ParticipantId == uncounted.Id, ct));

            // The trail says what happened, with no identities in the run's entry; the chain is intact.
            var runs = await db.AuditEntries.Where(e => e.Action == AuditActions.RetentionRun).OrderBy(e => e.Sequence).ToListAsync(ct);
            Assert.Equal(new string?[] { "0", "2" }, runs.Select(e => e.Detail));
            Assert.All(runs, e => Assert.Null(e.EntityId));
            var erasures = await db.AuditEntries.Where(e => e.Action == AuditActions.ParticipantErased).ToListAsync(ct);
            Assert.Equal(new[] { counted.Id, uncounted.Id }.Order(), erasures.Select(e => e.EntityId!.Value).Order());
            Assert.All(erasures, e => Assert.Equal(ParticipantErasure.RetentionDue, e.Detail));
            Assert.True((await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(ct)).IsIntact);
        }

        Assert.Equal(countsBefore, await PlantedParticipants.CountedReferralsAsync(app));
        await AssertNothingLeftAtRestAsync(app, [.. counted.Plaintexts, .. uncounted.Plaintexts], ciphertexts);

        // A later run finds nothing more to do.
        Assert.Equal(0, await Job(app).RunOnceAsync(ct));
    }

    [Fact]
    public async Task WithdrawnConsent_ErasesHerAtOnce_KeepingHerOpenReferralAsAnAnonymousWithdrawnFact()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Angrerett");
        var her = await PlantedParticipants.PlantAsync(app, association, centre, "Qxwwithdrawn", statistics: true, decline: false);
        var other = await PlantedParticipants.PlantAsync(app, association, centre, "Qxwbystander", statistics: true, decline: false);
        var ciphertexts = await PlantedParticipants.CiphertextsAsync(app, her.Id);
        var countsBefore = await PlantedParticipants.CountedReferralsAsync(app);
        app.Clock.Advance(TimeSpan.FromDays(3));
        var now = app.Clock.GetUtcNow().UtcDateTime;

        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var participant = await db.Participants.Include(p => p.Consents).SingleAsync(p => p.Id == her.Id, ct);
            participant.Consents.Single(c => c.Kind == ConsentKind.Registration).WithdrawnAt = now;
            await scope.ServiceProvider.GetRequiredService<ParticipantErasure>().EraseAsync(participant, ParticipantErasure.ConsentWithdrawn, ct);
        }

        Assert.Equal((0, 0, 0, 0), await PlantedParticipants.RowsAsync(app, her.Id));
        Assert.Equal(other.Name, (await PlantedParticipants.LoadAsync(app, other.Id))?.Name);
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var referral = await db.Referrals.SingleAsync(r => r.Id == her.ReferralId, ct);
            Assert.Null(referral.ParticipantId);
            // Withdrawn, not Closed: the counts tell a withdrawal from a closure (ADR 0012).
            Assert.Equal((ReferralStatus.Withdrawn, (DateTime?)now), (referral.Status, referral.ClosedAt));
            var erased = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.ParticipantErased, ct);
            Assert.Equal((her.Id, ParticipantErasure.ConsentWithdrawn), (erased.EntityId, erased.Detail));
        }

        Assert.Equal(countsBefore, await PlantedParticipants.CountedReferralsAsync(app));
        await AssertNothingLeftAtRestAsync(app, her.Plaintexts, ciphertexts);

        // The retention job has nothing to do with her any more, and leaves the open record alone.
        app.Clock.Advance(TimeSpan.FromDays(800));
        Assert.Equal(0, await Job(app).RunOnceAsync(ct));
        Assert.NotNull(await PlantedParticipants.LoadAsync(app, other.Id));
    }

    [Fact]
    public async Task CiphertextCopiedIntoAnotherParticipant_FailsToDecrypt_AndRetentionStillErasesHer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Kopisted");
        var source = await PlantedParticipants.PlantAsync(app, association, centre, "Qxwsource", statistics: true, decline: false);
        var target = await PlantedParticipants.PlantAsync(app, association, centre, "Qxwtarget", statistics: false);
        var sourceName = (await PlantedParticipants.CiphertextsAsync(app, source.Id))[0];
        var targetCiphertexts = await PlantedParticipants.CiphertextsAsync(app, target.Id);

        // Straight into the column: an update that bypasses the data layer's encryption, as an attacker with database access would.
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var changed = await db.Participants.Where(p => p.Id == target.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, sourceName), ct);
            Assert.Equal(1, changed);
        }

        Assert.Equal(sourceName, (await PlantedParticipants.CiphertextsAsync(app, target.Id))[0]);
        var refused = await Assert.ThrowsAsync<FieldDecryptionException>(() => PlantedParticipants.LoadAsync(app, target.Id));
        Assert.Contains($"Participant.Name:{target.Id:D}", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(source.Name, refused.Message, StringComparison.Ordinal);
        Assert.Equal(source.Name, (await PlantedParticipants.LoadAsync(app, source.Id))?.Name);

        // A record that no longer decrypts is still erased when due: damage must not keep her data alive.
        app.Clock.Advance(TimeSpan.FromDays(366));
        Assert.Equal(1, await Job(app).RunOnceAsync(ct));
        Assert.Equal((0, 0, 0, 0), await PlantedParticipants.RowsAsync(app, target.Id));
        Assert.Equal(source.Name, (await PlantedParticipants.LoadAsync(app, source.Id))?.Name);
        await AssertNothingLeftAtRestAsync(app, target.Plaintexts, targetCiphertexts);
    }

    [Fact]
    public async Task TwoInstancesRunningRetentionAtOnce_EraseEachDueParticipantExactlyOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await TestApp.CreateAsync();
        await using var second = await TestApp.CreateAsync(database: first.Database, clock: first.Clock);
        var (association, centre) = await first.CreateOrganisationAsync("Samtidig");
        var due = new List<PlantedParticipant>();
        for (var i = 0; i < 8; i++)
        {
            due.Add(await PlantedParticipants.PlantAsync(first, association, centre, $"Qxwrace{(char)('a' + i)}", statistics: i % 2 == 0));
        }

        var stays = await PlantedParticipants.PlantAsync(first, association, centre, "Qxwracestays", statistics: true, decline: false);
        first.Clock.Advance(TimeSpan.FromDays(400));

        var results = await Task.WhenAll(
            Task.Run(() => Job(first).RunAsync(ct), ct),
            Task.Run(() => Job(second).RunAsync(ct), ct),
            Task.Run(() => Job(second).RunAsync(ct), ct));

        Assert.Equal(due.Count, results.Sum(r => r.Erased));
        foreach (var her in due)
        {
            Assert.Equal((0, 0, 0, 0), await PlantedParticipants.RowsAsync(first, her.Id));
        }

        Assert.NotNull(await PlantedParticipants.LoadAsync(first, stays.Id));
        await using var scope = first.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var erasures = await db.AuditEntries.Where(e => e.Action == AuditActions.ParticipantErased).Select(e => e.EntityId!.Value).ToListAsync(ct);
        Assert.Equal(due.Select(p => p.Id).Order(), erasures.Order());
        var runs = await db.AuditEntries.Where(e => e.Action == AuditActions.RetentionRun).Select(e => e.Detail).ToListAsync(ct);
        Assert.Equal(results.Length, runs.Count);
        Assert.Equal(due.Count, runs.Sum(d => int.Parse(d!, CultureInfo.InvariantCulture)));
        Assert.True((await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(ct)).IsIntact);
        Assert.Equal(4, await db.Referrals.CountAsync(r => r.ParticipantId == null && r.CountsInStatistics, ct));
    }

    [Fact]
    public async Task RunRetentionCommand_ErasesDueParticipants_AndPrintsTheCount()
    {
        // Planted long ago (the command runs on the real clock): her closure is years past any retention period.
        var longAgo = new FakeTimeProvider(new DateTimeOffset(2015, 3, 2, 10, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.CreateAsync(clock: longAgo);
        var (association, centre) = await app.CreateOrganisationAsync("Kommandolinje");
        var her = await PlantedParticipants.PlantAsync(app, association, centre, "Qxwcommand", statistics: false);
        var environment = app.Database.Settings().ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? string.Empty, StringComparer.Ordinal);

        var run = await AppCommand.RunAsync(["run-retention"], environment);

        Assert.True(run.ExitCode == 0, run.Describe("run-retention to exit 0"));
        Assert.Contains("1 participants erased", run.StandardOutput, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0, 0), await PlantedParticipants.RowsAsync(app, her.Id));
        var again = await AppCommand.RunAsync(["run-retention"], environment);
        Assert.True(again.ExitCode == 0, again.Describe("a second run-retention to exit 0"));
        Assert.Contains("0 participants erased", again.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingsPage_AdminSavesValidValues_WhichAreStoredAndAudited_AndTheRetentionJobUsesThem()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        using var client = await app.LoggedInClientAsync(admin);

        var page = await Html.ParseAsync(await client.GetUrlAsync(SettingsUrl));
        Assert.Equal(new string?[] { "5", "10", "12", "30" }, Fields.Select(f => Html.InputValue(page, f)));
        Assert.NotNull(page.QuerySelector($"nav a[href='{OverviewUrl}']"));
        Assert.NotNull((await Html.ParseAsync(await client.GetUrlAsync(OverviewUrl))).QuerySelector($"main a[href='{SettingsUrl}']"));

        var saved = await client.SubmitFormAsync(SettingsUrl, Form, Values("3", "8", "6", "45"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(SettingsUrl, saved.Location());
        var after = await Html.ParseAsync(await client.GetUrlAsync(SettingsUrl));
        Assert.Contains("Lagret.", after.QuerySelector(".rv-status-region")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(new string?[] { "3", "8", "6", "45" }, Fields.Select(f => Html.InputValue(after, f)));

        var stored = await SettingsAsync(app);
        Assert.Equal((3, 8, 6, 45), (stored.AcknowledgeWorkingDays, stored.EscalateWorkingDays, stored.ParticipantRetentionMonths, stored.BreakGlassMinutes));
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.SettingsChanged, ct);
            Assert.Equal((admin.Id, nameof(ProgrammeSettings), ProgrammeSettings.SingletonId), (entry.UserId, entry.EntityType, entry.EntityId));
            Assert.Contains("ParticipantRetentionMonths 12→6", entry.Detail, StringComparison.Ordinal);
        }

        // A second change works on the stored row (its version moved on).
        var again = await client.SubmitFormAsync(SettingsUrl, Form, Values("3", "8", "7", "45"));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(7, (await SettingsAsync(app)).ParticipantRetentionMonths);

        // The job reads the saved period: a woman declined seven months and a day ago is due, not before.
        var (association, centre) = await app.CreateOrganisationAsync("Innstilt");
        var her = await PlantedParticipants.PlantAsync(app, association, centre, "Qxwsettings", statistics: false);
        var closedAt = app.Clock.GetUtcNow();
        AdvanceTo(app.Clock, closedAt.AddMonths(7).AddDays(-1));
        Assert.Equal(0, await Job(app).RunOnceAsync(ct));
        AdvanceTo(app.Clock, closedAt.AddMonths(7).AddDays(1));
        Assert.Equal(1, await Job(app).RunOnceAsync(ct));
        Assert.Equal((0, 0, 0, 0), await PlantedParticipants.RowsAsync(app, her.Id));
    }

    [Fact]
    public async Task SettingsPage_BadValues_KeepWhatWasTyped_ShowClearMessages_AndStoreNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        using var client = await app.LoggedInClientAsync(admin);

        var bad = await client.SubmitFormAsync(SettingsUrl, Form, Values("31", "tolv", "0", "300"));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var page = await Html.ParseAsync(bad);
        Assert.Equal(new string?[] { "31", "tolv", "0", "300" }, Fields.Select(f => Html.InputValue(page, f)));
        var messages = Html.ErrorMessages(page).ToList();
        foreach (var expected in new[]
                 {
                     "Skriv et helt antall virkedager fra 1 til 30.",
                     "Skriv et helt antall virkedager fra 1 til 60.",
                     "Skriv et helt antall måneder fra 1 til 120.",
                     "Skriv et helt antall minutter fra 5 til 240.",
                 })
        {
            Assert.Contains(expected, messages);
        }

        // Escalation must come after the acknowledgement deadline.
        var order = await client.SubmitFormAsync(SettingsUrl, Form, Values("10", "10", "12", "30"));
        Assert.Equal(HttpStatusCode.OK, order.StatusCode);
        var orderPage = await Html.ParseAsync(order);
        Assert.Contains("Skriv flere virkedager enn fristen for å bekrefte en henvisning.", Html.ErrorMessages(orderPage));
        Assert.Equal(new string?[] { "10", "10", "12", "30" }, Fields.Select(f => Html.InputValue(orderPage, f)));

        // Empty: the same clear messages, not a generic one.
        var empty = await Html.ParseAsync(await client.SubmitFormAsync(SettingsUrl, Form, Values(string.Empty, string.Empty, "12", "30")));
        Assert.Contains("Skriv et helt antall virkedager fra 1 til 30.", Html.ErrorMessages(empty));

        // English.
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync(SettingsUrl, "form[action='/sprak']", [], "culture", "en")).StatusCode);
        var inEnglish = await Html.ParseAsync(await client.SubmitFormAsync(SettingsUrl, Form, Values("5", "10", "121", "30")));
        Assert.Equal("en", inEnglish.DocumentElement.GetAttribute("lang"));
        Assert.Contains("Enter a whole number of months from 1 to 120.", Html.ErrorMessages(inEnglish));

        var stored = await SettingsAsync(app);
        Assert.Equal((5, 10, 12, 30), (stored.AcknowledgeWorkingDays, stored.EscalateWorkingDays, stored.ParticipantRetentionMonths, stored.BreakGlassMinutes));
        await using var scope = app.Services.CreateSystemScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.AnyAsync(e => e.Action == AuditActions.SettingsChanged, ct));
    }

    [Fact]
    public async Task SettingsPage_LostUpdate_IsRefusedKeepingWhatWasTyped()
    {
        await using var app = await TestApp.CreateAsync();
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        using var one = await app.LoggedInClientAsync(admin);
        using var two = await app.LoggedInClientAsync(admin);
        Assert.Equal(HttpStatusCode.Redirect, (await one.SubmitFormAsync(SettingsUrl, Form, Values("5", "10", "24", "30"))).StatusCode);

        // The second admin's form was built before that save (version 0, the defaults).
        var stale = await two.PostFormAsync(SettingsUrl, [.. Values("5", "10", "3", "30"), new("Input.Version", "0")]);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var page = await Html.ParseAsync(stale);
        Assert.Contains(Html.ErrorMessages(page), m => m.StartsWith("Noen andre har endret dette mens du hadde det oppe", StringComparison.Ordinal));
        Assert.Equal("3", Html.InputValue(page, "Input.ParticipantRetentionMonths"));
        Assert.Equal(24, (await SettingsAsync(app)).ParticipantRetentionMonths);

        // And a stale version of the stored row as well.
        var version = (await SettingsAsync(app)).Version;
        Assert.Equal(HttpStatusCode.Redirect, (await one.SubmitFormAsync(SettingsUrl, Form, Values("5", "10", "18", "30"))).StatusCode);
        var staleAgain = await two.PostFormAsync(SettingsUrl, [.. Values("5", "10", "3", "30"), new("Input.Version", version.ToString(CultureInfo.InvariantCulture))]);
        Assert.Equal(HttpStatusCode.OK, staleAgain.StatusCode);
        Assert.Equal(18, (await SettingsAsync(app)).ParticipantRetentionMonths);
    }

    [Theory]
    [InlineData(Roles.Coordinator)]
    [InlineData(Roles.PrivacyOfficer)]
    [InlineData(Roles.CrisisCentreStaff)]
    public async Task SettingsPage_IsNotFoundForAnyoneButANationalAdmin(string role)
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Utenfor");
        var user = role switch
        {
            Roles.Coordinator => await app.CreateUserAsync(role, [association]),
            Roles.CrisisCentreStaff => await app.CreateUserAsync(role, crisisCentre: centre),
            _ => await app.CreateUserAsync(role),
        };
        using var client = await app.LoggedInClientAsync(user);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetUrlAsync(OverviewUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetUrlAsync(SettingsUrl)).StatusCode);
        var post = await client.PostFormAsync("/konto", [.. Values("1", "2", "1", "5"), new("Input.Version", "0")], SettingsUrl);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(12, (await SettingsAsync(app)).ParticipantRetentionMonths);
        var home = await Html.ParseAsync(await client.GetUrlAsync("/"));
        Assert.Null(home.QuerySelector($"a[href='{OverviewUrl}']"));
    }

    /// <summary>The settings overview (in the menu), which links to one page per form.</summary>
    private const string OverviewUrl = "/admin/innstillinger";

    /// <summary>The referral deadlines, retention and break-glass: the form this class tests.</summary>
    private const string SettingsUrl = "/admin/innstillinger/henvisninger";

    private const string Form = "main form.rv-form";

    private static readonly string[] Fields =
        ["Input.AcknowledgeWorkingDays", "Input.EscalateWorkingDays", "Input.ParticipantRetentionMonths", "Input.BreakGlassMinutes"];

    private static KeyValuePair<string, string>[] Values(string acknowledge, string escalate, string retention, string breakGlass) =>
        [new(Fields[0], acknowledge), new(Fields[1], escalate), new(Fields[2], retention), new(Fields[3], breakGlass)];

    private static RetentionJob Job(TestApp app) => ActivatorUtilities.CreateInstance<RetentionJob>(app.Services);

    private static void AdvanceTo(FakeTimeProvider clock, DateTimeOffset when)
    {
        Assert.True(when >= clock.GetUtcNow(), "The fake clock only moves forward.");
        clock.Advance(when - clock.GetUtcNow());
    }

    private static async Task SetRetentionMonthsAsync(TestApp app, int months)
    {
        await using var scope = app.Services.CreateSystemScope();
        var settings = await scope.ServiceProvider.GetRequiredService<ProgrammeSettingsService>().GetForUpdateAsync(TestContext.Current.CancellationToken);
        settings.ParticipantRetentionMonths = months;
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<ProgrammeSettings> SettingsAsync(TestApp app)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<ProgrammeSettingsService>().GetAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Neither her plaintext nor any piece of her stored ciphertexts is left in the SQLite file (and WAL) or a pg_dump.</summary>
    private static async Task AssertNothingLeftAtRestAsync(TestApp app, IEnumerable<string> plaintexts, IEnumerable<string> ciphertexts)
    {
        var (plain, cipher) = (plaintexts.ToList(), ciphertexts.ToList());
        foreach (var (where, bytes) in await AtRest.SnapshotsAsync(app.Database, beforeCheckpointToo: false, TestContext.Current.CancellationToken))
        {
            AtRest.AssertAbsent(bytes, where, plain, cipher);
        }
    }
}
