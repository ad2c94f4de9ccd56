using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Features.MyPages;
using Ressursvenn.IntegrationTests.Features.Participants;
using Ressursvenn.IntegrationTests.Features.Volunteers;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Infrastructure.Messaging;

namespace Ressursvenn.IntegrationTests.Messaging;

/// <summary>
/// The outbox (ADR 0016): an e-mail a change calls for is stored with the change and sent by the dispatcher. With the
/// mail server down nothing is lost: the change is saved, the message waits and goes out when the server is back; one
/// that keeps failing is given up, shown to the coordinators who can act on it, and sent again on request; a refused
/// save sends nothing; a sender that crashed mid-way is taken over when its claim runs out, and two dispatchers never
/// send one message twice.
/// </summary>
public sealed class OutboxTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SocketException ServerDown() => new SocketException((int)SocketError.ConnectionRefused);

    [Fact]
    public async Task WithTheMailServerDown_TheChangeIsSaved_AndItsNoticeWaits_ThenGoesOutOnceTheServerIsBack()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Utboks");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var her = await MyPagesPlanting.PlantAsync(app, association, "Qxutboks Venn", VolunteerStatus.Approved);
        using var client = await app.LoggedInClientAsync(her.User);
        app.Mail.FailWith = ServerDown;

        var paused = await client.SubmitFormAsync("/min-side/pause", "main form.rv-form", []);

        Assert.Equal(HttpStatusCode.Redirect, paused.StatusCode);
        Assert.Equal(VolunteerStatus.Paused, (await MyPagesPlanting.LoadAsync(app, her.Id))!.Status);
        Assert.Equal(0, await app.Outbox.DeliverDueAsync(Ct));
        Assert.Equal(1, app.Mail.Refused);
        var waiting = Assert.Single(await OutboxAsync(app));
        Assert.Equal(("VolunteerNotice", 1, (DateTime?)null, "SocketException", association),
            (waiting.Kind, waiting.Attempts, waiting.GaveUpAt, waiting.LastError, waiting.AssociationId));
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.AddSeconds(30), waiting.NextAttemptAt);

        // Not due again before its delay: nothing is tried.
        Assert.Equal(0, await app.Outbox.DeliverDueAsync(Ct));
        Assert.Equal(1, app.Mail.Refused);

        // The coordinator's home page says a message is delayed (and names nobody).
        using var coordinatorClient = await app.LoggedInClientAsync(coordinator);
        var home = await coordinatorClient.GetDocumentAsync("/");
        Assert.Equal("1 e-post er forsinket. Vi prøver å sende den igjen.", Text(home, "#home-undelivered p"));

        // The server is back: the next try sends it, and the row goes (the address and the link are not kept).
        app.Mail.FailWith = null;
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, await app.Outbox.DeliverDueAsync(Ct));
        var notice = Assert.Single(app.Mail.Messages, m => m.To == coordinator.Email);
        Assert.Contains("tatt pause", notice.TextBody, StringComparison.Ordinal);
        Assert.Empty(await OutboxAsync(app));
        Assert.Null((await coordinatorClient.GetDocumentAsync("/")).QuerySelector("#home-undelivered"));

        // The failure was logged with its kind and type only, never an address.
        var lines = app.Logs.Lines.Where(l => l.Contains("Outbox", StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, l => l.Contains("VolunteerNotice", StringComparison.Ordinal) && l.Contains("SocketException", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(coordinator.Email, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AMessageThatKeepsFailing_IsGivenUp_ShownToItsAssociationsCoordinatorsOnly_AndSentAgainOnRequest()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Utboks");
        var (other, _) = await app.CreateOrganisationAsync("Annen", "4601", "46");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var stranger = await app.CreateUserAsync(Roles.Coordinator, [other]);
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        var her = await MyPagesPlanting.PlantAsync(app, association, "Qxutboks Venn", VolunteerStatus.Approved);
        await PauseAsync(app, her);

        app.Mail.FailWith = ServerDown;
        var options = new OutboxOptions();
        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            Assert.Equal(0, await app.Outbox.DeliverDueAsync(Ct));
            app.Clock.Advance(options.RetryDelay(attempt));
        }

        Assert.Equal(options.MaxAttempts, app.Mail.Refused);
        var givenUp = Assert.Single(await OutboxAsync(app));
        Assert.NotNull(givenUp.GaveUpAt);
        // Given up: no more tries, however long one waits.
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await app.Outbox.DeliverDueAsync(Ct));
        Assert.Equal(options.MaxAttempts, app.Mail.Refused);

        using var mine = await app.LoggedInClientAsync(coordinator);
        Assert.Equal("1 e-post kunne ikke sendes.", Text(await mine.GetDocumentAsync("/"), "#home-undelivered p"));
        var list = await mine.GetDocumentAsync("/epost-feil");
        var row = list.QuerySelector("#undelivered tbody tr") ?? throw new InvalidOperationException(list.Body?.TextContent);
        Assert.Contains("Melding om en ressursvenn", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(coordinator.Email, row.TextContent, StringComparison.Ordinal);
        Assert.Contains($"Ikke sendt etter {options.MaxAttempts} forsøk", row.TextContent, StringComparison.Ordinal);

        // Another association's coordinator and the national admin neither see it nor can send it again.
        using var theirs = await app.LoggedInClientAsync(stranger);
        Assert.Null((await theirs.GetDocumentAsync("/")).QuerySelector("#home-undelivered"));
        Assert.NotNull((await theirs.GetDocumentAsync("/epost-feil")).QuerySelector("#undelivered-none"));
        var refused = await theirs.PostFormAsync("/epost-feil", [], $"/epost-feil?handler=Retry&id={givenUp.Id}");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        using var national = await app.LoggedInClientAsync(admin);
        Assert.Null((await national.GetDocumentAsync("/")).QuerySelector("#home-undelivered"));

        // The server is back; her coordinator sends it again from the list.
        app.Mail.FailWith = null;
        var retried = await mine.SubmitFormAsync("/epost-feil", "#undelivered form", []);
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Single(app.Mail.Messages, m => m.To == coordinator.Email);
        Assert.Empty(await OutboxAsync(app));
        Assert.NotNull((await mine.GetDocumentAsync("/epost-feil")).QuerySelector("#undelivered-none"));
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.MessageResent && e.UserId == coordinator.Id, Ct));
    }

    [Fact]
    public async Task ASaveRefusedAsStale_SendsNothing()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Utboks");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var her = await MyPagesPlanting.PlantAsync(app, association, "Qxutboks Venn", VolunteerStatus.Approved);
        using var client = await app.LoggedInClientAsync(her.User);
        var stale = (await MyPagesPlanting.LoadAsync(app, her.Id))!.Version;
        // Someone else changes her record meanwhile (her coordinator, in another window).
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (await db.Volunteers.SingleAsync(v => v.Id == her.Id, Ct)).Phone = "400 11 222";
            await db.SaveChangesAsync(Ct);
        }

        var refused = await client.PostFormAsync("/min-side/pause", [new("Version", stale.ToString(CultureInfo.InvariantCulture))], "/min-side/pause?handler=Pause");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(VolunteerStatus.Approved, (await MyPagesPlanting.LoadAsync(app, her.Id))!.Status);
        Assert.Empty(await OutboxAsync(app));
        Assert.DoesNotContain(app.Mail.Messages, m => m.To == coordinator.Email);
    }

    [Fact]
    public async Task AMessageQueuedForARefusedSave_IsNotStoredByALaterSaveOfTheSameUnitOfWork()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Utboks");
        var her = await MyPagesPlanting.PlantAsync(app, association, "Qxutboks Venn", VolunteerStatus.Approved);
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
        var volunteer = await db.Volunteers.SingleAsync(v => v.Id == her.Id, Ct);
        db.Entry(volunteer).Property(v => v.Version).OriginalValue = volunteer.Version - 1;
        volunteer.Phone = "400 99 999";
        outbox.Enqueue(new("refused@test.invalid", "Et varsel", "Logg inn", "<p>Logg inn</p>"), association);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync(Ct));
        db.Entry(volunteer).State = EntityState.Detached;
        outbox.Enqueue(new("kept@test.invalid", "Et varsel", "Logg inn", "<p>Logg inn</p>"), association);
        await db.SaveChangesAsync(Ct);

        Assert.Equal(["kept@test.invalid"], (await OutboxAsync(app)).Select(m => m.To));
    }

    [Fact]
    public async Task TheDispatcherIsWoken_WhenTheMessagesAreCommitted_NotBefore()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Utboks");
        var signal = app.Services.GetRequiredService<OutboxSignal>();
        await signal.WaitAsync(TimeSpan.Zero, Ct);
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();

        // A save without a transaction of the caller's: the dispatcher is woken at once.
        outbox.Enqueue(new("forst@test.invalid", "Et varsel", "Logg inn", "<p>Logg inn</p>"), association);
        await db.SaveChangesAsync(Ct);
        Assert.True(await signal.WaitAsync(TimeSpan.Zero, Ct));

        // Inside the caller's transaction (as an invitation saves): not at the save, where the dispatcher could not
        // see the row yet, but at the commit.
        await using (var transaction = await db.Database.BeginTransactionAsync(Ct))
        {
            outbox.Enqueue(new("inne@test.invalid", "Et varsel", "Logg inn", "<p>Logg inn</p>"), association);
            await db.SaveChangesAsync(Ct);
            Assert.False(await signal.WaitAsync(TimeSpan.Zero, Ct));
            await transaction.CommitAsync(Ct);
        }

        Assert.True(await signal.WaitAsync(TimeSpan.Zero, Ct));
        Assert.Equal(2, await app.Outbox.DeliverDueAsync(Ct));
    }

    [Fact]
    public async Task AClaimLeftByACrashedSender_IsTakenOverWhenItRunsOut_AndTwoDispatchersSendEachMessageOnce()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Utboks");
        var first = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var second = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var her = await MyPagesPlanting.PlantAsync(app, association, "Qxutboks Venn", VolunteerStatus.Approved);
        await PauseAsync(app, her);

        // A dispatcher claimed both and died before sending (the process was killed): the rows are still there, claimed.
        var claim = new OutboxOptions().ClaimSeconds;
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var until = app.Clock.GetUtcNow().UtcDateTime.AddSeconds(claim);
            Assert.Equal(2, await db.OutboxMessages.ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedUntil, until), Ct));
        }

        Assert.Equal(0, await app.Outbox.DeliverDueAsync(Ct));
        Assert.Equal(2, (await OutboxAsync(app)).Count);

        // Once the claim has run out, two instances try at the same moment: each message goes out exactly once.
        app.Clock.Advance(TimeSpan.FromSeconds(claim + 1));
        var other = ActivatorUtilities.CreateInstance<OutboxDispatcher>(app.Services);
        var sent = await Task.WhenAll(app.Outbox.DeliverDueAsync(Ct), other.DeliverDueAsync(Ct));
        Assert.Equal(2, sent.Sum());
        Assert.Single(app.Mail.Messages, m => m.To == first.Email);
        Assert.Single(app.Mail.Messages, m => m.To == second.Email);
        Assert.Empty(await OutboxAsync(app));
    }

    [Fact]
    public async Task RenewalReminders_WithTheMailServerDown_AreClaimedOnce_AndSentWhenItIsBack()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Utboks");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var settings = new ProgrammeSettings();
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        // Valid for 20 more days: inside the second reminder window.
        var shownOn = today.AddDays(20 + 1).AddYears(-settings.PoliceCertificateRenewalYears);
        var her = await MyPagesPlanting.PlantAsync(app, association, "Qxutboks Attest", VolunteerStatus.Approved,
            v => v.PoliceCertificate = new PoliceCertificateRecord { VolunteerId = v.Id, ShownOn = shownOn, IssuedOn = shownOn.AddDays(-14), Purpose = "Frivillig ressursvenn" });
        var job = ActivatorUtilities.CreateInstance<RenewalReminderJob>(app.Services);
        app.Mail.FailWith = ServerDown;

        Assert.Equal(1, await job.RunOnceAsync(Ct));
        Assert.Equal(0, await app.Outbox.DeliverDueAsync(Ct));
        Assert.Equal(2, app.Mail.Refused);
        // Claimed once: a second run (or another instance) queues nothing more.
        Assert.Equal(0, await job.RunOnceAsync(Ct));
        Assert.Equal(2, (await OutboxAsync(app)).Count);

        app.Mail.FailWith = null;
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, await app.Outbox.DeliverDueAsync(Ct));
        Assert.Single(app.Mail.Messages, m => m.To == her.User.Email);
        Assert.Single(app.Mail.Messages, m => m.To == coordinator.Email);
    }

    [Fact]
    public async Task GivenUpMessages_AreDeletedByTheHousekeeping_AfterTheirKeepingTime()
    {
        await using var app = await TestApp.CreateAsync(new Dictionary<string, string?> { ["Email:Outbox:MaxAttempts"] = "1" });
        var (association, _) = await app.CreateOrganisationAsync("Utboks");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var her = await MyPagesPlanting.PlantAsync(app, association, "Qxutboks Venn", VolunteerStatus.Approved);
        await PauseAsync(app, her);

        app.Mail.FailWith = ServerDown;
        Assert.Equal(0, await app.Outbox.DeliverDueAsync(Ct));
        Assert.NotNull(Assert.Single(await OutboxAsync(app)).GaveUpAt);
        var housekeeping = ActivatorUtilities.CreateInstance<HousekeepingJob>(app.Services);

        app.Clock.Advance(TimeSpan.FromDays(new OutboxOptions().KeepGivenUpDays) - TimeSpan.FromMinutes(1));
        await housekeeping.RunOnceAsync(Ct);
        Assert.Single(await OutboxAsync(app));
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await housekeeping.RunOnceAsync(Ct);
        Assert.Empty(await OutboxAsync(app));
        Assert.Equal(1, app.Mail.Refused);
        Assert.DoesNotContain(app.Mail.Messages, m => m.To == coordinator.Email);
    }

    /// <summary>She takes a break on her own page: her coordinators are to be told (one e-mail each, in the outbox).</summary>
    private static async Task PauseAsync(TestApp app, MyPagesVolunteer her)
    {
        using var volunteer = await app.LoggedInClientAsync(her.User);
        Assert.Equal(HttpStatusCode.Redirect, (await volunteer.SubmitFormAsync("/min-side/pause", "main form.rv-form", [])).StatusCode);
    }

    /// <summary>The outbox's rows as stored (decrypted on load).</summary>
    internal static async Task<List<OutboxMessage>> OutboxAsync(TestApp app)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages.AsNoTracking().ToListAsync(Ct);
    }

    private static string Text(IHtmlDocument page, string selector) =>
        page.QuerySelector(selector)?.TextContent.Trim() ?? throw new InvalidOperationException($"Nothing matches {selector}: {page.Body?.TextContent}");
}
