using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Infrastructure.Email;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Infrastructure;

/// <summary>
/// Hourly clean-up of short-lived security data: kept forms past their time, used or expired link tokens and
/// ended sessions older than 30 days, given-up outbox messages past Email:Outbox:KeepGivenUpDays (their links have
/// expired), and mail pickup files past Email:PickupRetentionDays. Every step is an
/// idempotent delete, so several instances may run it.
/// </summary>
public sealed class HousekeepingJob(
    IServiceScopeFactory scopes, TimeProvider clock, Microsoft.Extensions.Options.IOptions<Messaging.OutboxOptions> outbox)
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    public async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-30);
        await scope.ServiceProvider.GetRequiredService<FormDraftService>().PurgeExpiredAsync(ct);
        await db.OneTimeTokens.Where(t => t.ExpiresAt < cutoff || (t.UsedAt != null && t.UsedAt < cutoff)).ExecuteDeleteAsync(ct);
        await db.UserSessions.Where(s => (s.EndedAt != null && s.EndedAt < cutoff) || s.AbsoluteExpiresAt < cutoff).ExecuteDeleteAsync(ct);
        var givenUpBefore = clock.GetUtcNow().UtcDateTime.AddDays(-outbox.Value.KeepGivenUpDays);
        await db.OutboxMessages.Where(m => m.GaveUpAt != null && m.GaveUpAt < givenUpBefore).ExecuteDeleteAsync(ct);
        scope.ServiceProvider.GetRequiredService<MailPickupFolder>().PurgeExpired();
    }
}
