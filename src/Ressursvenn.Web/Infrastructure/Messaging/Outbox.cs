using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Infrastructure.Email;

namespace Ressursvenn.Web.Infrastructure.Messaging;

/// <summary>
/// Where every feature puts the e-mails a change calls for (ADR 0016). <see cref="Enqueue"/> adds the message to the
/// current unit of work, so it is stored by the same save as the change: both or neither. Call it before the save.
/// A save that is refused (a stale version, a rule the database enforces) drops the messages it carried, so a refused
/// change never tells anyone it happened. <see cref="OutboxDispatcher"/> sends them.
/// </summary>
public sealed class Outbox(AppDbContext db, TimeProvider clock, OutboxSignal signal, OutboxCommitSignal commitSignal)
{
    private bool hooked;

    /// <summary>Adds a message to the unit of work; <paramref name="associationId"/> is whose coordinators see it if it cannot be sent.</summary>
    public void Enqueue(EmailMessage message, Guid? associationId)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(message.To))
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.OutboxMessages.Add(new OutboxMessage
        {
            Kind = message.Kind,
            AssociationId = associationId,
            To = message.To,
            Subject = message.Subject,
            TextBody = message.TextBody,
            HtmlBody = message.HtmlBody,
            CreatedAt = now,
            NextAttemptAt = now,
        });
        Hook();
    }

    /// <summary>
    /// The same message to every active coordinator of an association (one "coordinators of association X" rule:
    /// <see cref="CoordinatorRecipients"/>), but <paramref name="except"/>.
    /// </summary>
    public async Task EnqueueToCoordinatorsAsync(Guid associationId, Func<string, EmailMessage> message, Guid? except = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var address in await CoordinatorRecipients.AddressesAsync(db, associationId, except, ct))
        {
            Enqueue(message(address), associationId);
        }
    }

    /// <summary>
    /// Erasure: removes, in the current unit of work, every message not yet sent (or given up) to an address that
    /// <paramref name="isHers"/> recognises, so nothing addressed to an erased person is sent or kept after her. A
    /// message that no longer decrypts is left to the dispatcher, which gives it up.
    /// </summary>
    public async Task ForgetAddressedToAsync(Func<string, bool> isHers, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(isHers);
        foreach (var id in await db.OutboxMessages.AsNoTracking().Select(m => m.Id).ToListAsync(ct))
        {
            string? to;
            try
            {
                // The whole row: the address is decrypted on load, a projection would read the ciphertext (ADR 0008).
                to = (await db.OutboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct))?.To;
            }
            catch (Data.Encryption.FieldDecryptionException)
            {
                continue;
            }

            if (to is not null && isHers(to))
            {
                var stub = new OutboxMessage { Id = id };
                db.OutboxMessages.Attach(stub);
                db.OutboxMessages.Remove(stub);
            }
        }
    }

    private void Hook()
    {
        if (hooked)
        {
            return;
        }

        hooked = true;
        db.SavedChanges += (_, _) =>
        {
            // Inside the caller's own transaction the rows are not visible to the dispatcher before the commit.
            if (db.Database.CurrentTransaction is null)
            {
                signal.Notify();
            }
            else
            {
                commitSignal.AfterCommit(db);
            }
        };
        db.SaveChangesFailed += (_, _) =>
        {
            foreach (var entry in db.ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added).ToList())
            {
                entry.State = EntityState.Detached;
            }
        };
    }
}

/// <summary>Who "the coordinators of association X" are: its coordinators with a working account (signed up, not disabled).</summary>
public static class CoordinatorRecipients
{
    public static async Task<IReadOnlyList<string>> AddressesAsync(AppDbContext db, Guid associationId, Guid? except = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ids = await db.CoordinatorAssociations.Where(c => c.AssociationId == associationId && c.UserId != except).Select(c => c.UserId).ToListAsync(ct);
        // Whole users, not projections: personal fields are encrypted and decrypted on load (ADR 0008).
        var users = await db.Users.AsNoTracking()
            .Where(u => ids.Contains(u.Id) && u.Role == Roles.Coordinator && !u.Disabled && u.PasswordHash != null)
            .ToListAsync(ct);
        return users.Select(u => u.Email).OfType<string>().Where(e => !string.IsNullOrWhiteSpace(e)).ToList();
    }
}

/// <summary>Wakes the dispatcher when a save stored new messages, so they go out at once instead of at the next poll.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim semaphore = new(0, 1);

    public void Notify()
    {
        try
        {
            semaphore.Release();
        }
        catch (Exception e) when (e is SemaphoreFullException or ObjectDisposedException)
        {
            // Already signalled: the dispatcher will look once for all of them.
        }
    }

    /// <summary>Waits for a signal or the timeout, whichever comes first; true when signalled.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => semaphore.WaitAsync(timeout, ct);

    public void Dispose() => semaphore.Dispose();
}

/// <summary>The "Email:Outbox" configuration section.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Email:Outbox";

    /// <summary>How many failed tries before a message is given up and shown to the coordinators (about three hours with the back-off).</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The first retry's delay; each next one doubles, up to <see cref="MaxRetryDelaySeconds"/>.</summary>
    public int FirstRetryDelaySeconds { get; set; } = 30;

    public int MaxRetryDelaySeconds { get; set; } = 3600;

    /// <summary>How often the dispatcher looks for due messages when nothing wakes it.</summary>
    public int PollSeconds { get; set; } = 15;

    /// <summary>How long a dispatcher holds a message it is sending before another instance may take it.</summary>
    public int ClaimSeconds { get; set; } = 120;

    /// <summary>How many days a given-up message is kept before the housekeeping job deletes it (its links have expired by then).</summary>
    public int KeepGivenUpDays { get; set; } = 30;

    public TimeSpan RetryDelay(int attempts)
    {
        var seconds = FirstRetryDelaySeconds * Math.Pow(2, Math.Max(0, attempts - 1));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxRetryDelaySeconds));
    }
}

/// <summary>
/// Wakes the dispatcher when a caller's own transaction that stored messages commits. A save inside such a
/// transaction (an invitation, an erasure) is not visible to the dispatcher until the commit, so signalling at the
/// save would wake it too early and leave the message for the next poll.
/// </summary>
public sealed class OutboxCommitSignal(OutboxSignal signal) : DbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, object> pending = new();

    /// <summary>Messages were saved in the context's open transaction: signal when it commits.</summary>
    public void AfterCommit(DbContext context) => pending.AddOrUpdate(context, signal);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } context && pending.Remove(context))
        {
            signal.Notify();
        }
    }

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } context)
        {
            pending.Remove(context);
        }
    }
}
