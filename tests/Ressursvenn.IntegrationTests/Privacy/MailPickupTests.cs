using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Ressursvenn.IntegrationTests.Features.MyPages;
using Ressursvenn.IntegrationTests.Features.Volunteers;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Features.Participants;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Infrastructure.Email;

namespace Ressursvenn.IntegrationTests.Privacy;

/// <summary>
/// The local mail folder holds recipients' addresses, so it is inside retention and erasure: messages
/// are removed after Email:PickupRetentionDays by the housekeeping job, and at once when the person they went to is
/// erased; and outside Development the app does not start without SMTP unless the folder is configured explicitly.
/// </summary>
public sealed class MailPickupTests
{
    [Fact]
    public async Task Housekeeping_RemovesMessagesOlderThanTheRetention_AndKeepsNewerOnes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync(new Dictionary<string, string?> { ["Email:PickupRetentionDays"] = "7" });
        var sender = app.Services.GetRequiredService<PickupFolderEmailSender>();
        await sender.SendAsync(Message("gammel-1@test.invalid"), ct);
        await sender.SendAsync(Message("gammel-2@test.invalid"), ct);
        app.Clock.Advance(TimeSpan.FromDays(6));
        await sender.SendAsync(Message("ny@test.invalid"), ct);
        Assert.Equal(3, Files(sender).Count);

        // Seven days less a minute after the first two: nothing is old enough yet.
        app.Clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMinutes(1));
        await Housekeeping(app).RunOnceAsync(ct);
        Assert.Equal(3, Files(sender).Count);

        // Two minutes later the first two are past seven days and go; the newer one stays. A second run (as another
        // instance would) finds nothing more to do.
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await Housekeeping(app).RunOnceAsync(ct);
        await Housekeeping(app).RunOnceAsync(ct);
        Assert.Equal(["ny@test.invalid"], Recipients(sender));
    }

    [Fact]
    public async Task ErasingAParticipant_RemovesTheMessagesToHerSafeAddress_AndNoOneElses()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Postmappe");
        var her = await PlantedParticipants.PlantAsync(app, association, centre, "Qxmail", statistics: false, decline: false);
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var participant = await db.Participants.SingleAsync(p => p.Id == her.Id, ct);
            participant.Contact = participant.Contact with { Email = "hennes-trygge@test.invalid" };
            await db.SaveChangesAsync(ct);
        }

        var sender = app.Services.GetRequiredService<PickupFolderEmailSender>();
        await sender.SendAsync(Message("Hennes-Trygge@test.invalid"), ct);
        await sender.SendAsync(Message("hennes-trygge@test.invalid"), ct);
        await sender.SendAsync(Message("koordinator@test.invalid"), ct);
        await QueueAsync(app, association, "Hennes-Trygge@test.invalid", "koordinator@test.invalid");

        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var participant = await db.Participants.Include(p => p.Consents).SingleAsync(p => p.Id == her.Id, ct);
            participant.Consents.Single(c => c.Kind == ConsentKind.Registration).WithdrawnAt = app.Clock.GetUtcNow().UtcDateTime;
            await scope.ServiceProvider.GetRequiredService<ParticipantErasure>().EraseAsync(participant, ParticipantErasure.ConsentWithdrawn, ct);
        }

        Assert.Equal(["koordinator@test.invalid"], Recipients(sender));
        // Nor is anything still waiting in the outbox sent to her afterwards.
        Assert.Equal(["koordinator@test.invalid"], (await Messaging.OutboxTests.OutboxAsync(app)).Select(m => m.To));
    }

    [Fact]
    public async Task ErasingAVolunteer_RemovesTheMessagesToHerAccountAndHerRecord_AndNoOneElses()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync(new Dictionary<string, string?> { ["Email:PickupRetentionDays"] = "365" });
        var (association, _) = await app.CreateOrganisationAsync("Postsoker");
        var her = await MyPagesPlanting.PlantAsync(app, association, "Qxmail Soker", VolunteerStatus.Rejected, v => v.Email = "soker-privat@test.invalid");
        var other = await MyPagesPlanting.PlantAsync(app, association, "Qxmail Venn", VolunteerStatus.Approved);
        var sender = app.Services.GetRequiredService<PickupFolderEmailSender>();
        await sender.SendAsync(Message(her.User.Email.ToUpperInvariant()), ct);
        await sender.SendAsync(Message("soker-privat@test.invalid"), ct);
        await sender.SendAsync(Message(other.User.Email), ct);
        await QueueAsync(app, association, her.User.Email.ToUpperInvariant(), "soker-privat@test.invalid", other.User.Email);

        app.Clock.Advance(TimeSpan.FromDays(200));
        Assert.Equal(1, (await ActivatorUtilities.CreateInstance<RetentionJob>(app.Services).RunAsync(ct)).VolunteersErased);

        Assert.Equal([other.User.Email], Recipients(sender));
        Assert.Equal([other.User.Email], (await Messaging.OutboxTests.OutboxAsync(app)).Select(m => m.To));
    }

    // The process runs on the default provider, SQLite, in either suite.
    [Trait("Provider", "Sqlite")]
    [Fact]
    public async Task OutsideDevelopment_WithoutSmtpOrAnExplicitPickupFolder_TheAppRefusesToStart()
    {
        using var data = new AppCommand.TempFolder();
        var refused = await AppCommand.RunAsync([], new()
        {
            ["Database__DataFolder"] = data.Path,
            ["Email__Smtp__Host"] = string.Empty,
            ["Email__PickupFolder"] = string.Empty,
        });

        Assert.True(refused.ExitCode == 2, refused.Describe("exit code 2"));
        Assert.True(refused.StandardError.Contains("Email:Smtp:Host", StringComparison.Ordinal), refused.Describe("a message naming Email:Smtp:Host"));
        Assert.True(refused.StandardError.Contains("Email:PickupFolder", StringComparison.Ordinal), refused.Describe("a message naming Email:PickupFolder"));
        Assert.DoesNotContain("   at ", refused.StandardError, StringComparison.Ordinal);

        // Explicitly configured, the same start gets past the check (migrate runs and exits 0).
        var migrated = await AppCommand.RunAsync(["migrate"], new()
        {
            ["Database__DataFolder"] = data.Path,
            ["Email__Smtp__Host"] = string.Empty,
            ["Email__PickupFolder"] = "mail",
        });
        Assert.True(migrated.ExitCode == 0, migrated.Describe("exit code 0"));
    }

    private static EmailMessage Message(string to) => new(to, "Et varsel", "Logg inn: https://localhost/", "<p>Logg inn</p>");

    /// <summary>Messages waiting in the outbox (as when the mail server is down), one to each address.</summary>
    private static async Task QueueAsync(TestApp app, Guid association, params string[] addresses)
    {
        await using var scope = app.Services.CreateSystemScope();
        var outbox = scope.ServiceProvider.GetRequiredService<Web.Infrastructure.Messaging.Outbox>();
        foreach (var address in addresses)
        {
            outbox.Enqueue(Message(address), association);
        }

        await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    private static HousekeepingJob Housekeeping(TestApp app) =>
        ActivatorUtilities.CreateInstance<HousekeepingJob>(app.Services, app.Clock);

    private static List<string> Files(PickupFolderEmailSender sender) =>
        Directory.Exists(sender.Folder) ? Directory.GetFiles(sender.Folder, "*.eml").ToList() : [];

    private static List<string> Recipients(PickupFolderEmailSender sender) =>
        Files(sender).Select(f => MimeKit.MimeMessage.Load(f).To.Mailboxes.Single().Address).Order(StringComparer.Ordinal).ToList();
}
