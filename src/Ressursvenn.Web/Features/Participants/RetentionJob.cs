using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Data.Encryption;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Participants;

/// <summary>
/// Daily retention (SR18, docs/domain.md §8): every participant closed or declined longer ago than the
/// ParticipantRetentionMonths setting is erased through <see cref="ParticipantErasure"/> (her record, consents,
/// notes, break-glass accesses and kept forms; her referrals stay as anonymous facts only when she consented to
/// statistics). Rejected or withdrawn volunteer applications and volunteers who left are erased through
/// <see cref="VolunteerErasure"/> once their own retention periods have passed. Audit entries older than
/// Audit:RetentionMonths (five years) are purged through <see cref="AuditPurge"/> (ADR 0013). Each run writes one
/// <see cref="AuditActions.RetentionRun"/> entry with the count of participants, never identities.
/// <para>
/// The scheduler runs it daily, once across instances (<see cref="Infrastructure.Scheduling.JobScheduler"/>, ADR 0017).
/// A run is safe even beside another one (a second instance, a test, a consent withdrawal): SQLite has one
/// writer at a time and PostgreSQL checks the row version: each erasure is its own transaction (SaveChanges takes the write lock with BEGIN IMMEDIATE),
/// the participant is read again just before she is erased, and the row version is checked by the delete, so two
/// overlapping runs (or a run and a consent withdrawal) erase her exactly once — the later one finds her gone or
/// gets a concurrency refusal that rolls back everything it did, including its audit entry.
/// </para>
/// </summary>
public sealed partial class RetentionJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<RetentionJob> logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    /// <summary>Its name on the scheduler.</summary>
    public const string JobName = "retention";

    /// <summary>What one run did: how many participants it erased.</summary>
    public sealed record Result(int Erased)
    {
        /// <summary>Volunteers erased in the same run (<see cref="VolunteerErasure"/>); <see cref="Erased"/> counts participants.</summary>
        public int VolunteersErased { get; init; }

        /// <summary>Audit entries past their retention removed in the same run (<see cref="AuditPurge"/>).</summary>
        public int AuditEntriesPurged { get; init; }
    }

    /// <summary>One retention run now; returns how many participants it erased.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct) => (await RunAsync(ct)).Erased;

    /// <inheritdoc cref="RunOnceAsync(CancellationToken)"/>
    public async Task<Result> RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var settings = await scope.ServiceProvider.GetRequiredService<ProgrammeSettingsService>().GetAsync(ct);
        var cutoff = Cutoff(settings.ParticipantRetentionMonths);
        // Only unencrypted columns are read here; each participant is loaded (and decrypted) in her own unit of work.
        var due = await db.Participants.AsNoTracking()
            .Where(p => (p.Status == ParticipantStatus.Closed || p.Status == ParticipantStatus.Declined) && p.ClosedAt != null && p.ClosedAt <= cutoff)
            .OrderBy(p => p.ClosedAt)
            .Select(p => p.Id)
            .ToListAsync(ct);
        var erased = 0;
        foreach (var id in due)
        {
            if (await EraseAsync(id, cutoff, ct))
            {
                erased++;
            }
        }

        var volunteersErased = await EraseVolunteersAsync(settings, ct);
        var purged = await PurgeAuditAsync(ct);
        scope.ServiceProvider.GetRequiredService<AuditTrail>()
            .Record(AuditActions.RetentionRun, nameof(Participant), null, erased.ToString(CultureInfo.InvariantCulture));
        await db.SaveChangesAsync(ct);
        Log.Erased(logger, erased);
        return new Result(erased) { VolunteersErased = volunteersErased, AuditEntriesPurged = purged };
    }

    /// <summary>Closed or declined at or before this moment: due for erasure.</summary>
    private DateTime Cutoff(int months) => clock.GetUtcNow().UtcDateTime.AddMonths(-months);

    /// <summary>
    /// Erases one participant in a unit of work of her own, so a refusal leaves no tracked change or recorded audit
    /// entry behind for the next one. Returns false when she is no longer due (erased or reopened meanwhile).
    /// </summary>
    private async Task<bool> EraseAsync(Guid id, DateTime cutoff, CancellationToken ct)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var participant = await LoadAsync(db, id, ct);
        // Checked again on the current row: another run or a consent withdrawal may have erased her, or a new
        // referral linked to her earlier record may have reopened her, since the list was read.
        if (participant is null || participant.IsOpen || participant.ClosedAt is not { } closedAt || closedAt > cutoff)
        {
            return false;
        }

        if (await scope.ServiceProvider.GetRequiredService<ParticipantErasure>().EraseAsync(participant, ParticipantErasure.RetentionDue, ct) == SaveOutcome.Saved)
        {
            return true;
        }

        // Erased or changed by someone else between reading and saving; nothing of this attempt was stored.
        logger.LogInformation("A participant due for erasure was changed by someone else meanwhile; the next run looks again");
        return false;
    }

    /// <summary>
    /// Volunteers past their retention period (a rejected or withdrawn application, or a volunteer who left), each
    /// erased in a unit of work of her own through <see cref="VolunteerErasure"/>, which writes one
    /// <see cref="AuditActions.VolunteerErased"/> entry per volunteer. Overlapping runs erase each one once: the later
    /// finds her gone or gets a concurrency refusal that rolls back its attempt.
    /// </summary>
    private async Task<int> EraseVolunteersAsync(Domain.ProgrammeSettings settings, CancellationToken ct)
    {
        IReadOnlyList<Guid> due;
        await using (var listing = scopes.CreateSystemScope())
        {
            due = await listing.ServiceProvider.GetRequiredService<VolunteerErasure>().DueAsync(settings, ct);
        }

        var erased = 0;
        foreach (var id in due)
        {
            await using var scope = scopes.CreateSystemScope();
            // False also when someone changed her meanwhile (nothing stored): the next run looks again.
            if (await scope.ServiceProvider.GetRequiredService<VolunteerErasure>().EraseIfDueAsync(id, settings, ct))
            {
                erased++;
            }
        }

        if (erased > 0)
        {
            Log.VolunteersErased(logger, erased);
        }

        return erased;
    }

    /// <summary>Audit entries past their retention, removed as one prefix of the chain after a purge checkpoint.</summary>
    private async Task<int> PurgeAuditAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateSystemScope();
        var result = await scope.ServiceProvider.GetRequiredService<AuditPurge>().PurgeAsync(ct);
        if (result.Removed > 0)
        {
            Log.AuditPurged(logger, result.Removed, result.Through);
        }

        return result.Removed;
    }

    /// <summary>
    /// Her record with consents, tracked. A value that no longer decrypts (damaged, or its key is gone) must not keep
    /// her data alive: then the record is erased from its unencrypted columns, without reading the encrypted ones.
    /// </summary>
    private static async Task<Participant?> LoadAsync(AppDbContext db, Guid id, CancellationToken ct)
    {
        try
        {
            return await db.Participants.Include(p => p.Consents).FirstOrDefaultAsync(p => p.Id == id, ct);
        }
        catch (FieldDecryptionException)
        {
            db.ChangeTracker.Clear();
            var row = await db.Participants.AsNoTracking().Where(p => p.Id == id)
                .Select(p => new { p.AssociationId, p.Status, p.ClosedAt, p.Version, p.CreatedAt, p.UpdatedAt })
                .FirstOrDefaultAsync(ct);
            if (row is null)
            {
                return null;
            }

            var stub = new Participant
            {
                Id = id,
                Name = string.Empty,
                AssociationId = row.AssociationId,
                Status = row.Status,
                ClosedAt = row.ClosedAt,
                Version = row.Version,
                CreatedAt = row.CreatedAt,
                UpdatedAt = row.UpdatedAt,
                Consents = await db.Consents.AsNoTracking().Where(c => c.ParticipantId == id).ToListAsync(ct),
            };
            db.Participants.Attach(stub);
            return stub;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Retention run erased {Count} participants")]
        public static partial void Erased(ILogger logger, int count);

        [LoggerMessage(Level = LogLevel.Information, Message = "Retention run erased {Count} volunteers")]
        public static partial void VolunteersErased(ILogger logger, int count);

        [LoggerMessage(Level = LogLevel.Information, Message = "Retention run purged {Count} audit entries past their retention, through entry {Through}")]
        public static partial void AuditPurged(ILogger logger, int count, long through);
    }
}
