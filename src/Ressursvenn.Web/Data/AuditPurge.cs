using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ressursvenn.Web.Domain.Audit;

namespace Ressursvenn.Web.Data;

/// <summary>
/// The audit trail's own retention (docs/domain.md §8, ADR 0013): removes the entries older than Audit:RetentionMonths
/// (at least five years) as one prefix of the chain, after writing a signed purge checkpoint at the boundary, so the
/// kept trail verifies from its first entry. Always keeps the newest entry (the next append chains to it).
/// <para>
/// The delete goes through the one path the append-only triggers let through (<see cref="AuditTrailSql"/>): on
/// PostgreSQL a transaction-local setting naming the boundary, on SQLite a permit row inserted and removed in the
/// same transaction; either way the database itself still refuses to delete an entry younger than five years.
/// Several instances at once: on PostgreSQL a transaction-scoped advisory lock, on SQLite the write lock taken
/// first; the boundary is read under the lock, so the second finds nothing left to purge.
/// </para>
/// </summary>
public sealed class AuditPurge(AppDbContext db, AuditCheckpointLog checkpoints, IOptions<AuditOptions> options, TimeProvider clock)
{
    /// <summary>The PostgreSQL advisory-lock id of a purge (beside <see cref="AuditInterceptor.ChainLockId"/>).</summary>
    public const long LockId = 7_464_201_713;

    /// <summary>
    /// A day of margin below the period, so a database clock a little behind the app's never makes the trigger refuse
    /// the boundary entry (entries are kept at most a day longer).
    /// </summary>
    private static readonly TimeSpan ClockMargin = TimeSpan.FromDays(1);

    /// <summary>What a purge did: how many entries it removed and the boundary (the last removed sequence), or 0.</summary>
    public sealed record Result(int Removed, long Through);

    public DateTime Cutoff => clock.GetUtcNow().UtcDateTime.AddMonths(-options.Value.RetentionMonths) - ClockMargin;

    public async Task<Result> PurgeAsync(CancellationToken ct = default)
    {
        var cutoff = Cutoff;
        var postgres = db.Database.IsNpgsql();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (postgres)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockId})", ct);
        }
        else
        {
            // Takes SQLite's write lock before the boundary is read (touches no row, so no trigger fires).
            await db.Database.ExecuteSqlAsync($"DELETE FROM \"AuditPurgePermits\" WHERE 1 = 0", ct);
        }

        var newest = await db.AuditEntries.MaxAsync(e => (long?)e.Sequence, ct);
        var boundary = await db.AuditEntries.AsNoTracking()
            .Where(e => e.At < cutoff && e.Sequence < newest)
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(ct);
        if (boundary is null)
        {
            await transaction.RollbackAsync(ct);
            return new Result(0, 0);
        }

        // Written before the delete: if the delete then fails, a purge checkpoint of a kept entry harms nothing; the
        // other order could leave a trail that starts after a boundary no checkpoint vouches for.
        await checkpoints.AppendAsync(boundary.Sequence, boundary.Hash, AuditCheckpointKind.Purge, ct);
        if (postgres)
        {
            var through = boundary.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await db.Database.ExecuteSqlAsync($"SELECT set_config({AuditTrailSql.PostgresPurgeSetting}, {through}, true)", ct);
        }
        else
        {
            await db.Database.ExecuteSqlAsync($"INSERT INTO \"AuditPurgePermits\" (\"Through\") VALUES ({boundary.Sequence})", ct);
        }

        var removed = await db.AuditEntries.Where(e => e.Sequence <= boundary.Sequence).ExecuteDeleteAsync(ct);
        if (!postgres)
        {
            await db.Database.ExecuteSqlAsync($"DELETE FROM \"AuditPurgePermits\"", ct);
        }

        await transaction.CommitAsync(ct);
        return new Result(removed, boundary.Sequence);
    }
}
