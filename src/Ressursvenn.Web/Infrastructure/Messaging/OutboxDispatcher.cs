using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Data.Encryption;
using Ressursvenn.Web.Infrastructure.Email;

namespace Ressursvenn.Web.Infrastructure.Messaging;

/// <summary>
/// Sends what the outbox holds (ADR 0016): woken by a save that stored messages, and every
/// <see cref="OutboxOptions.PollSeconds"/> for the retries. Each message is first claimed for
/// <see cref="OutboxOptions.ClaimSeconds"/> by a conditional update, so with several instances exactly one sends it,
/// and a message whose sender crashed mid-way is taken again when the claim runs out. Sent: the row is deleted (the
/// address and the link are not kept). Failed: tried again after a doubling delay; after
/// <see cref="OutboxOptions.MaxAttempts"/> it is given up and listed for the coordinators, never dropped.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes, OutboxSignal signal, IEmailSender sender, TimeProvider clock, IOptions<OutboxOptions> options, ILogger<OutboxDispatcher> logger)
    : BackgroundService
{
    private const int BatchSize = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever went wrong, the dispatcher keeps going (an unhandled exception would stop the host).
                Log.DispatchFailed(logger, ex.GetType().Name);
            }

            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(options.Value.PollSeconds), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends every message due now (in batches until none is left); returns how many were sent.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var sent = 0;
        while (true)
        {
            var (tried, delivered) = await DeliverBatchAsync(ct);
            sent += delivered;
            if (tried < BatchSize)
            {
                return sent;
            }
        }
    }

    private async Task<(int Tried, int Sent)> DeliverBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.GaveUpAt == null && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .OrderBy(m => m.NextAttemptAt).Select(m => m.Id).Take(BatchSize).ToListAsync(ct);
        var sent = 0;
        foreach (var id in due)
        {
            var claimedUntil = now.AddSeconds(o.ClaimSeconds);
            var claimed = await db.OutboxMessages
                .Where(m => m.Id == id && m.GaveUpAt == null && (m.ClaimedUntil == null || m.ClaimedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedUntil, claimedUntil), ct);
            if (claimed == 1 && await SendOneAsync(db, id, now, ct))
            {
                sent++;
            }
        }

        if (sent > 0)
        {
            Log.Sent(logger, sent);
        }

        return (due.Count, sent);
    }

    private async Task<bool> SendOneAsync(AppDbContext db, Guid id, DateTime now, CancellationToken ct)
    {
        Exception failure;
        try
        {
            var message = await db.OutboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
            if (message is null)
            {
                return false;
            }

            await sender.SendAsync(new EmailMessage(message.To, message.Subject, message.TextBody, message.HtmlBody) { Kind = message.Kind }, ct);
            await db.OutboxMessages.Where(m => m.Id == id).ExecuteDeleteAsync(CancellationToken.None);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // The message (a MailKit or socket error) may name the recipient: only the type is kept and logged.
            failure = ex is FieldDecryptionException ? ex : ex.GetBaseException();
        }

        var o = options.Value;
        var row = await db.OutboxMessages.AsNoTracking().Where(m => m.Id == id).Select(m => new { m.Attempts, m.Kind }).FirstOrDefaultAsync(CancellationToken.None);
        var attempts = (row?.Attempts ?? 0) + 1;
        // A message that cannot even be read (its key is gone) will not get better by waiting.
        var giveUp = attempts >= o.MaxAttempts || failure is FieldDecryptionException;
        var next = now + o.RetryDelay(attempts);
        var error = failure.GetType().Name;
        await db.OutboxMessages.Where(m => m.Id == id).ExecuteUpdateAsync(
            s => s.SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.NextAttemptAt, next)
                .SetProperty(m => m.ClaimedUntil, (DateTime?)null)
                .SetProperty(m => m.LastError, error)
                .SetProperty(m => m.GaveUpAt, giveUp ? now : null),
            CancellationToken.None);
        if (giveUp)
        {
            Log.GaveUp(logger, row?.Kind ?? "?", attempts, error);
        }
        else
        {
            Log.WillRetry(logger, row?.Kind ?? "?", attempts, error, next);
        }

        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Outbox: {Count} e-mails sent")]
        public static partial void Sent(ILogger logger, int count);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox: a {Kind} e-mail failed ({ErrorType}, try {Attempts}); next try at {Next:o}")]
        public static partial void WillRetry(ILogger logger, string kind, int attempts, string errorType, DateTime next);

        [LoggerMessage(Level = LogLevel.Error, Message = "Outbox: a {Kind} e-mail was given up after {Attempts} tries ({ErrorType}); it is listed for the coordinators")]
        public static partial void GaveUp(ILogger logger, string kind, int attempts, string errorType);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox: the dispatcher could not read the outbox ({ErrorType}); it tries again shortly")]
        public static partial void DispatchFailed(ILogger logger, string errorType);
    }
}
