using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Data.Encryption;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Calendar;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Infrastructure.Email;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Infrastructure;

/// <summary>
/// Daily renewal reminders (issue 5 item 3: "the volunteer and the coordinator see what is due and are reminded"). For
/// every approved or paused volunteer whose police certificate enters the first reminder window, the second reminder
/// window, or expires (<see cref="VolunteerRules.Renewal"/> with the programme settings), it sends one neutral e-mail
/// to her (a link to her own page, no details in the subject) and one to each active coordinator of her association
/// (no name anywhere; a link to the volunteers' list) — once per volunteer, due date and stage.
/// <para>
/// Nothing changes by itself: an expired certificate is only shown and reminded of, her status and matches stay.
/// </para>
/// <para>
/// Several instances may run it against one database. Each reminder is first claimed by inserting its
/// <see cref="RenewalReminder"/> row (with its audit entry) in a unit of work of its own; the unique key (volunteer,
/// kind, due date, stage) lets exactly one instance succeed, and only that one sends the e-mails. A reminder whose
/// e-mails then fail is logged, not retried: her page and the coordinators' list show the same.
/// </para>
/// </summary>
public sealed partial class RenewalReminderJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RenewalReminderJob> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    private sealed record Candidate(Guid VolunteerId, Guid AssociationId, DateOnly DueOn, RenewalState Stage);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or DbException or TimeoutException)
            {
                logger.LogWarning(ex, "Renewal reminders failed; they will run again tomorrow");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One run now; returns how many reminders (volunteer and stage) this instance sent.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        // E-mails go out in the app's first language (a background thread has no request culture); set for this flow only.
        CultureInfo.CurrentCulture = InfrastructureServiceCollectionExtensions.Cultures[0];
        CultureInfo.CurrentUICulture = InfrastructureServiceCollectionExtensions.Cultures[0];
        var due = await DueAsync(ct);
        var sent = 0;
        var coordinators = new Dictionary<Guid, IReadOnlyList<string>>();
        foreach (var candidate in due)
        {
            if (await ClaimAsync(candidate, ct))
            {
                await SendAsync(candidate, coordinators, ct);
                sent++;
            }
        }

        if (sent > 0)
        {
            Log.Sent(logger, sent);
        }

        return sent;
    }

    /// <summary>The reminders due today, from plain columns only (nothing encrypted is read to decide).</summary>
    private async Task<IReadOnlyList<Candidate>> DueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var settings = await scope.ServiceProvider.GetRequiredService<ProgrammeSettingsService>().GetAsync(ct);
        var today = WorkingDays.OsloDate(clock.GetUtcNow());
        var certificates = await (
                from c in db.PoliceCertificates.AsNoTracking()
                join v in db.Volunteers.AsNoTracking() on c.VolunteerId equals v.Id
                where v.Status == VolunteerStatus.Approved || v.Status == VolunteerStatus.Paused
                select new { Certificate = c, v.AssociationId })
            .ToListAsync(ct);
        var ids = certificates.Select(c => c.Certificate.VolunteerId).ToList();
        var reminded = (await db.RenewalReminders.AsNoTracking()
                .Where(r => r.Kind == RenewalKind.PoliceCertificate && ids.Contains(r.VolunteerId))
                .Select(r => new { r.VolunteerId, r.DueOn, r.Stage })
                .ToListAsync(ct))
            .ToLookup(r => (r.VolunteerId, r.DueOn), r => r.Stage);

        var due = new List<Candidate>();
        foreach (var row in certificates)
        {
            var validUntil = VolunteerRules.CertificateValidUntil(row.Certificate, settings);
            var state = VolunteerRules.Renewal(validUntil, today, settings);
            if (RenewalReminders.Due(state, reminded[(row.Certificate.VolunteerId, validUntil)]) is { } stage)
            {
                due.Add(new Candidate(row.Certificate.VolunteerId, row.AssociationId, validUntil, stage));
            }
        }

        return due;
    }

    /// <summary>Stores the reminder with its audit entry; false when another instance (or an earlier run) already did.</summary>
    private async Task<bool> ClaimAsync(Candidate candidate, CancellationToken ct)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.RenewalReminders.Add(new RenewalReminder
        {
            VolunteerId = candidate.VolunteerId,
            AssociationId = candidate.AssociationId,
            Kind = RenewalKind.PoliceCertificate,
            DueOn = candidate.DueOn,
            Stage = candidate.Stage,
            SentAt = clock.GetUtcNow().UtcDateTime,
        });
        scope.ServiceProvider.GetRequiredService<AuditTrail>()
            .Record(AuditActions.RenewalReminderSent, nameof(Volunteer), candidate.VolunteerId, candidate.Stage.ToString());
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // The unique key refused it: another instance claimed this reminder first (or she was erased meanwhile).
            logger.LogInformation("A renewal reminder was already taken care of by another run");
            return false;
        }
    }

    /// <summary>One e-mail to her, one to each active coordinator of her association; a failure is logged without personal data.</summary>
    private async Task SendAsync(Candidate candidate, Dictionary<Guid, IReadOnlyList<string>> coordinatorsByAssociation, CancellationToken ct)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var email = scope.ServiceProvider.GetRequiredService<IEmailSender>();
        var templates = scope.ServiceProvider.GetRequiredService<EmailTemplates>();
        var stage = candidate.Stage.ToString();

        string? address = null;
        try
        {
            address = (await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == candidate.VolunteerId, ct))?.Email;
        }
        catch (FieldDecryptionException)
        {
            logger.LogWarning("A renewal reminder could not be sent to a volunteer: her e-mail address does not decrypt");
        }

        if (!string.IsNullOrWhiteSpace(address))
        {
            await TrySendAsync(email, templates.RenewalReminderToVolunteer(address, stage), "a volunteer", ct);
        }

        if (!coordinatorsByAssociation.TryGetValue(candidate.AssociationId, out var coordinators))
        {
            coordinators = await CoordinatorAddressesAsync(db, candidate.AssociationId, ct);
            coordinatorsByAssociation[candidate.AssociationId] = coordinators;
        }

        foreach (var coordinator in coordinators)
        {
            await TrySendAsync(email, templates.RenewalReminderToCoordinator(coordinator, stage), "a coordinator", ct);
        }
    }

    /// <summary>The association's coordinators with a working account (whole users: their e-mail is decrypted on load).</summary>
    private static async Task<IReadOnlyList<string>> CoordinatorAddressesAsync(AppDbContext db, Guid associationId, CancellationToken ct)
    {
        var ids = await db.CoordinatorAssociations.Where(c => c.AssociationId == associationId).Select(c => c.UserId).ToListAsync(ct);
        var users = await db.Users.AsNoTracking()
            .Where(u => ids.Contains(u.Id) && u.Role == Roles.Coordinator && !u.Disabled && u.PasswordHash != null)
            .ToListAsync(ct);
        return users.Select(u => u.Email).OfType<string>().Where(e => !string.IsNullOrWhiteSpace(e)).ToList();
    }

    private async Task TrySendAsync(IEmailSender email, EmailMessage message, string recipient, CancellationToken ct)
    {
        try
        {
            await email.SendAsync(message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.NotSent(logger, recipient, e.GetType().Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Renewal reminders sent for {Count} volunteers")]
        public static partial void Sent(ILogger logger, int count);

        [LoggerMessage(Level = LogLevel.Warning, Message = "A renewal reminder could not be sent to {Recipient} ({ErrorType})")]
        public static partial void NotSent(ILogger logger, string recipient, string errorType);
    }
}
