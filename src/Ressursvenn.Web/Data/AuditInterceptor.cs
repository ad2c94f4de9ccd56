using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Data;

/// <summary>
/// Writes the audit entries a page recorded (<see cref="AuditTrail"/>) in the same transaction as the change they
/// describe, chained to the last stored entry. Appends are serialised so the chain never forks: on PostgreSQL by a
/// session-level advisory lock (across instances; released after the commit and the checkpoint, or by
/// <see cref="UnitOfWork"/> after a refused save, ADR 0009), on SQLite by taking the database's write lock before the
/// chain head is read (SQLite has one writer at a time). Audited changes are saved asynchronously; a synchronous
/// save with pending entries is refused. Once the entries are committed, the chain's new head is appended to the
/// signed checkpoint file (<see cref="AuditCheckpointLog"/>, ADR 0013) — on PostgreSQL still under the chain lock, so
/// the file's heads rise in order across instances; inside a caller's own transaction only when that commits.
/// </summary>
public sealed class AuditInterceptor(AuditTrail trail, AuditKey key, AuditCheckpointLog checkpoints) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>The advisory-lock id of the audit chain on PostgreSQL.</summary>
    public const long ChainLockId = 7_464_201_711;

    private IReadOnlyList<AuditTrail.PendingAudit>? writing;
    private DbContext? saving;
    private IDbContextTransaction? ownTransaction;
    private bool holdsAdvisoryLock;
    private AuditLink? written;
    private AuditLink? awaitingCommit;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        trail.Pending.Count == 0
            ? result
            : throw new InvalidOperationException("Changes with audit entries must be saved with SaveChangesAsync.");

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var context = eventData.Context;
        if (context is null || trail.Pending.Count == 0)
        {
            return result;
        }

        writing = trail.Take();
        saving = context;
        try
        {
            if (context.Database.IsNpgsql())
            {
                // A session-level advisory lock on a connection kept open until the context is disposed: held from
                // reading the head until EF's own transaction has committed (or failed), then released.
                await context.Database.OpenConnectionAsync(cancellationToken);
                await context.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({ChainLockId})", cancellationToken);
                holdsAdvisoryLock = true;
            }
            else
            {
                if (context.Database.CurrentTransaction is null)
                {
                    ownTransaction = await context.Database.BeginTransactionAsync(cancellationToken);
                }

                // A write statement (touching no row) takes SQLite's write lock now, so no other writer can append
                // between reading the head and inserting; waiting writers queue on the busy timeout.
                await context.Database.ExecuteSqlAsync($"UPDATE \"AuditEntries\" SET \"Sequence\" = \"Sequence\" WHERE 1 = 0", cancellationToken);
            }

            var head = await context.Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);
            var previous = head?.ToLink();
            foreach (var entry in writing)
            {
                var link = AuditChain.Next(key.Bytes, previous, entry.At, entry.UserId, entry.Action, entry.EntityType, entry.EntityId, entry.Detail);
                context.Add(new AuditEntry
                {
                    Sequence = link.Sequence,
                    At = link.At,
                    UserId = link.UserId,
                    Action = link.Action,
                    EntityType = link.EntityType,
                    EntityId = link.EntityId,
                    Detail = link.Detail,
                    PreviousHash = link.PreviousHash,
                    Hash = link.Hash,
                });
                previous = link;
            }

            written = previous;
        }
        catch
        {
            await EndAsync(commit: false, cancellationToken);
            throw;
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await EndAsync(commit: true, cancellationToken);
        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) =>
        await EndAsync(commit: false, cancellationToken);

    /// <summary>A lost update is reported here, not through SaveChangesFailed: end the transaction the same way.</summary>
    public override async ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(
        ConcurrencyExceptionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        // EF still rolls back after this call, and a command cannot run while EF still reads the batch's results:
        // the transaction is left to EF and the advisory lock to ReleaseAfterRefusedSaveAsync, which UnitOfWork (the
        // one place that catches the DbUpdateConcurrencyException) calls (Npgsql resets a pooled connection only when it is next used, so
        // without it every other audited save would wait on the lock).
        await EndAsync(commit: false, cancellationToken, endTransaction: false);
        return result;
    }

    private async Task EndAsync(bool commit, CancellationToken cancellationToken, bool endTransaction = true)
    {
        try
        {
            if (ownTransaction is not null && endTransaction)
            {
                if (commit)
                {
                    await ownTransaction.CommitAsync(cancellationToken);
                }
                else
                {
                    await ownTransaction.RollbackAsync(CancellationToken.None);
                }

                await ownTransaction.DisposeAsync();
                ownTransaction = null;
            }

            if (commit && written is not null && saving is not null)
            {
                // Committed unless a caller's transaction is still open: then its commit writes the checkpoint.
                if (saving.Database.CurrentTransaction is null)
                {
                    await checkpoints.AppendHeadAsync(written.Sequence, written.Hash);
                }
                else
                {
                    awaitingCommit = written;
                }
            }

            if (holdsAdvisoryLock && saving is not null && endTransaction)
            {
                holdsAdvisoryLock = false;
                await saving.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({ChainLockId})", CancellationToken.None);
            }

            if (!commit && writing is not null)
            {
                // Nothing was stored: forget the chained rows (their sequence may be taken by then) and keep the
                // recorded entries, so a retry of the same unit of work chains them afresh.
                foreach (var added in saving?.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).ToList() ?? [])
                {
                    added.State = EntityState.Detached;
                }

                trail.Restore(writing);
            }
        }
        finally
        {
            ownTransaction = null;
            writing = null;
            saving = null;
            written = null;
        }
    }

    /// <summary>The caller's own transaction committed: the entries it holds are stored now, so anchor the head.</summary>
    public async Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (awaitingCommit is { } head)
        {
            awaitingCommit = null;
            await checkpoints.AppendHeadAsync(head.Sequence, head.Hash);
        }
    }

    /// <inheritdoc cref="TransactionCommittedAsync"/>
    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (awaitingCommit is { } head)
        {
            awaitingCommit = null;
            checkpoints.AppendHeadAsync(head.Sequence, head.Hash).GetAwaiter().GetResult();
        }
    }

    public Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        awaitingCommit = null;
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => awaitingCommit = null;

    /// <summary>
    /// After a refused save: releases the audit chain's session lock on PostgreSQL (a no-op on SQLite). Only
    /// <see cref="UnitOfWork"/> calls it; every save goes through there (a structure test holds the line).
    /// </summary>
    public static async Task ReleaseAfterRefusedSaveAsync(DbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Database.IsNpgsql())
        {
            await context.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({ChainLockId})", CancellationToken.None);
        }
    }
}

/// <summary>The audit chain's HMAC key, from the key folder.</summary>
public sealed record AuditKey(byte[] Bytes);
