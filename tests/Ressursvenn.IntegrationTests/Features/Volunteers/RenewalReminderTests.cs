using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Features.MyPages;
using Ressursvenn.IntegrationTests.Features.Participants;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Infrastructure.Email;

namespace Ressursvenn.IntegrationTests.Features.Volunteers;

/// <summary>
/// Renewal reminders (docs/domain.md §4.1): the daily job reminds an approved or paused volunteer and her association's
/// coordinators when her police certificate enters the first reminder window, the second, and when it expires — one
/// neutral e-mail each, once per stage however often (and on however many instances) it runs, nothing before the
/// window, nothing for a volunteer who left, and nothing changes by itself.
/// </summary>
public sealed class RenewalReminderTests
{
    private const string Name = "Rigmor Fornyesen";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reminders_GoOutOncePerStage_ToHerAndHerCoordinators_NeverBeforeTheWindow_AndNeverToSomeoneWhoLeft()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Fornyby");
        var (other, _) = await app.CreateOrganisationAsync("Annenby");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var otherCoordinator = await app.CreateUserAsync(Roles.Coordinator, [other]);
        var settings = new ProgrammeSettings();
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        // Shown so that the certificate is valid for 70 more days (the default windows are 60 and 30 days).
        var shownOn = today.AddDays(70 + 1).AddYears(-settings.PoliceCertificateRenewalYears);
        var validUntil = shownOn.AddYears(settings.PoliceCertificateRenewalYears).AddDays(-1);
        Assert.Equal(today.AddDays(70), validUntil);
        var her = await MyPagesPlanting.PlantAsync(app, association, Name, VolunteerStatus.Approved, v => v.PoliceCertificate = Certificate(v, shownOn));
        var paused = await MyPagesPlanting.PlantAsync(app, association, "Pia Pausesen", VolunteerStatus.Paused, v => v.PoliceCertificate = Certificate(v, shownOn.AddDays(200)));
        var left = await MyPagesPlanting.PlantAsync(app, association, "Lise Sluttetsen", VolunteerStatus.Left, v => v.PoliceCertificate = Certificate(v, shownOn));
        var applicant = await MyPagesPlanting.PlantAsync(app, association, "Solveig Søkersen", VolunteerStatus.Training, v => v.PoliceCertificate = Certificate(v, shownOn));
        var job = ActivatorUtilities.CreateInstance<RenewalReminderJob>(app.Services);

        async Task<int> RunAsync() => await job.RunOnceAsync(Ct);

        // Nothing while the certificate is valid, up to the last day before the first window.
        Assert.Equal(0, await RunAsync());
        app.Clock.Advance(TimeSpan.FromDays(70 - settings.RenewalFirstReminderDays));
        Assert.Equal(0, await RunAsync());
        Assert.Empty(app.Mail.Messages);

        // The first window: one e-mail to her, one to her coordinator; a second run sends nothing more.
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await RunAsync());
        Assert.Equal(0, await RunAsync());
        Assert.Equal(2, app.Mail.Messages.Count);
        var toHer = Assert.Single(app.Mail.Messages, m => m.To == her.User.Email);
        Assert.Equal("En påminnelse til deg", toHer.Subject);
        Assert.Contains("fornye politiattesten din", toHer.TextBody, StringComparison.Ordinal);
        Assert.Equal("/min-side", app.Mail.LastLinkTo(her.User.Email));
        var toCoordinator = Assert.Single(app.Mail.Messages, m => m.To == coordinator.Email);
        Assert.Equal("Et varsel til deg som koordinator", toCoordinator.Subject);
        Assert.Contains("En ressursvenn i foreningen din har en politiattest", toCoordinator.TextBody, StringComparison.Ordinal);
        Assert.Equal("/frivillige", app.Mail.LastLinkTo(coordinator.Email));

        // Still the first window: nothing. The second window: one each again.
        app.Clock.Advance(TimeSpan.FromDays(settings.RenewalFirstReminderDays - settings.RenewalSecondReminderDays - 1));
        Assert.Equal(0, await RunAsync());
        Assert.Equal(2, app.Mail.Messages.Count);
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await RunAsync());
        Assert.Equal(0, await RunAsync());
        Assert.Equal(4, app.Mail.Messages.Count);
        Assert.Contains("må fornyes snart", app.Mail.Messages.Last(m => m.To == her.User.Email).TextBody, StringComparison.Ordinal);

        // The last valid day: nothing new. The day after: expired, one each, and never again.
        app.Clock.Advance(TimeSpan.FromDays(settings.RenewalSecondReminderDays - 1));
        Assert.Equal(0, await RunAsync());
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await RunAsync());
        app.Clock.Advance(TimeSpan.FromDays(10));
        Assert.Equal(0, await RunAsync());
        Assert.Equal(6, app.Mail.Messages.Count);
        Assert.Contains("har gått ut", app.Mail.Messages.Last(m => m.To == coordinator.Email).TextBody, StringComparison.Ordinal);

        // Three to her, three to her coordinator; nothing to the other association, the applicant or the one who left.
        Assert.Equal(3, app.Mail.Messages.Count(m => m.To == her.User.Email));
        Assert.Equal(3, app.Mail.Messages.Count(m => m.To == coordinator.Email));
        Assert.DoesNotContain(app.Mail.Messages, m => m.To == otherCoordinator.Email || m.To == left.User.Email || m.To == applicant.User.Email || m.To == paused.User.Email);
        // No name anywhere in a subject or body, and no subject says what it is about.
        foreach (var message in app.Mail.Messages)
        {
            Assert.DoesNotContain("Rigmor", message.Subject, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Fornyesen", message.Subject + message.TextBody + message.HtmlBody, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("politiattest", message.Subject, StringComparison.OrdinalIgnoreCase);
        }

        // One audit entry per reminder, with the stage; and nothing changed by itself: she is still approved, her certificate kept.
        Assert.Equal(new[] { "FirstReminder", "SecondReminder", "Expired" }, (await PlantedRecords.AuditAsync(app, AuditActions.RenewalReminderSent, her.Id)).Select(e => e.Detail));
        var stored = (await MyPagesPlanting.LoadAsync(app, her.Id))!;
        Assert.Equal(VolunteerStatus.Approved, stored.Status);
        Assert.Equal(shownOn, stored.PoliceCertificate?.ShownOn);

        // The paused volunteer's certificate (shown 200 days later) reaches its first window later: she is reminded like
        // anyone approved, not a day early.
        var pausedUntil = shownOn.AddDays(200).AddYears(settings.PoliceCertificateRenewalYears).AddDays(-1);
        var now = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        app.Clock.Advance(TimeSpan.FromDays(pausedUntil.DayNumber - settings.RenewalFirstReminderDays - now.DayNumber));
        Assert.Equal(0, await RunAsync());
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await RunAsync());
        Assert.Single(app.Mail.Messages, m => m.To == paused.User.Email);
    }

    [Fact]
    public async Task ARenewedCertificate_StartsItsRemindersAfresh_AndTwoInstancesRunningTogetherSendOneReminder()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Toby");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var settings = new ProgrammeSettings();
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        // Already in the second window when the job first sees it: only the second reminder goes out.
        var shownOn = today.AddDays(10 + 1).AddYears(-settings.PoliceCertificateRenewalYears);
        var her = await MyPagesPlanting.PlantAsync(app, association, Name, VolunteerStatus.Approved, v => v.PoliceCertificate = Certificate(v, shownOn));
        var first = ActivatorUtilities.CreateInstance<RenewalReminderJob>(app.Services);
        var second = ActivatorUtilities.CreateInstance<RenewalReminderJob>(app.Services);

        var runs = await Task.WhenAll(first.RunOnceAsync(Ct), second.RunOnceAsync(Ct));
        Assert.Equal(1, runs.Sum());
        Assert.Equal(2, app.Mail.Messages.Count);
        Assert.Equal(new[] { "SecondReminder" }, (await PlantedRecords.AuditAsync(app, AuditActions.RenewalReminderSent, her.Id)).Select(e => e.Detail));

        // She shows a new certificate: valid for years again, so no reminder until its own first window.
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var certificate = await db.PoliceCertificates.SingleAsync(c => c.VolunteerId == her.Id, Ct);
            certificate.ShownOn = today;
            certificate.IssuedOn = today.AddDays(-7);
            await db.SaveChangesAsync(Ct);
        }

        Assert.Equal(0, await first.RunOnceAsync(Ct));
        var renewedUntil = today.AddYears(settings.PoliceCertificateRenewalYears).AddDays(-1);
        var days = renewedUntil.DayNumber - today.DayNumber - settings.RenewalFirstReminderDays + 1;
        app.Clock.Advance(TimeSpan.FromDays(days));
        Assert.Equal(1, await first.RunOnceAsync(Ct));
        Assert.Equal(4, app.Mail.Messages.Count);
        Assert.Equal(2, app.Mail.Messages.Count(m => m.To == coordinator.Email));
        Assert.Equal(2, await CountRemindersAsync(app, her.Id));
    }

    private static PoliceCertificateRecord Certificate(Volunteer volunteer, DateOnly shownOn) =>
        new() { VolunteerId = volunteer.Id, ShownOn = shownOn, IssuedOn = shownOn.AddDays(-14), Purpose = "Frivillig ressursvenn" };

    private static async Task<int> CountRemindersAsync(TestApp app, Guid volunteer)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().RenewalReminders.CountAsync(r => r.VolunteerId == volunteer, Ct);
    }
}
