using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Data.Encryption;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Infrastructure.Messaging;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Messages;

/// <summary>
/// The e-mails the outbox could not send (ADR 0016), for the people who can act on them: a coordinator sees those of
/// her associations (to her colleagues, her volunteers and applicants), a national admin those that belong to no
/// association (invitations and account notices to staff). Nothing is dropped silently: a message the dispatcher gave
/// up stays here until someone sends it again or the housekeeping removes it after Email:Outbox:KeepGivenUpDays.
/// </summary>
public sealed class UndeliveredMessages(AppDbContext db, DataScope scope, AuditTrail audit, TimeProvider clock, OutboxSignal signal)
{
    public const string EntityType = "OutboxMessage";

    /// <summary>One message as the list shows it; <see cref="To"/> is null when it no longer decrypts.</summary>
    public sealed record Item(Guid Id, string Kind, string? To, DateTime CreatedAt, DateTime? GaveUpAt, int Attempts, string? LastError);

    public sealed record Summary(int GivenUp, int Retrying);

    /// <summary>What the caller may see: her associations' messages; for a national admin, those of no association.</summary>
    private IQueryable<OutboxMessage> Visible(bool nationalAdmin)
    {
        var associations = scope.AssociationIds.ToList();
        return db.OutboxMessages.Where(m => (m.AssociationId != null && associations.Contains(m.AssociationId.Value))
                                            || (nationalAdmin && m.AssociationId == null));
    }

    /// <summary>Given up, and still being retried after a failure (counts only: for the home page).</summary>
    public async Task<Summary> SummariseAsync(bool nationalAdmin, CancellationToken ct = default)
    {
        var visible = Visible(nationalAdmin);
        return new Summary(
            await visible.CountAsync(m => m.GaveUpAt != null, ct),
            await visible.CountAsync(m => m.GaveUpAt == null && m.Attempts > 0, ct));
    }

    /// <summary>The given-up messages first, then those still retried, oldest first within each.</summary>
    public async Task<IReadOnlyList<Item>> ListAsync(bool nationalAdmin, CancellationToken ct = default)
    {
        var ids = await Visible(nationalAdmin).AsNoTracking().Where(m => m.GaveUpAt != null || m.Attempts > 0)
            .OrderBy(m => m.GaveUpAt == null).ThenBy(m => m.CreatedAt).Select(m => m.Id).Take(200).ToListAsync(ct);
        var items = new List<Item>();
        foreach (var id in ids)
        {
            items.Add(await ReadAsync(id, ct));
        }

        return items;
    }

    /// <summary>
    /// Sends a given-up message again: its tries start afresh and the dispatcher is woken. False (404) when it is not
    /// the caller's to see, or is no longer there (sent meanwhile, or removed).
    /// </summary>
    public async Task<bool> RetryAsync(Guid id, bool nationalAdmin, CancellationToken ct = default)
    {
        var message = await Visible(nationalAdmin).FirstOrDefaultAsync(m => m.Id == id && m.GaveUpAt != null, ct);
        if (message is null)
        {
            return false;
        }

        message.GaveUpAt = null;
        message.Attempts = 0;
        message.LastError = null;
        message.NextAttemptAt = clock.GetUtcNow().UtcDateTime;
        audit.Record(AuditActions.MessageResent, EntityType, message.Id, message.Kind);
        await db.SaveChangesAsync(ct);
        signal.Notify();
        return true;
    }

    private async Task<Item> ReadAsync(Guid id, CancellationToken ct)
    {
        try
        {
            // The whole row: the address is decrypted on load (ADR 0008).
            var m = await db.OutboxMessages.AsNoTracking().FirstAsync(x => x.Id == id, ct);
            return new Item(m.Id, m.Kind, m.To, m.CreatedAt, m.GaveUpAt, m.Attempts, m.LastError);
        }
        catch (FieldDecryptionException)
        {
            var m = await db.OutboxMessages.AsNoTracking().Where(x => x.Id == id)
                .Select(x => new { x.Kind, x.CreatedAt, x.GaveUpAt, x.Attempts, x.LastError }).FirstAsync(ct);
            return new Item(id, m.Kind, null, m.CreatedAt, m.GaveUpAt, m.Attempts, m.LastError);
        }
    }
}
