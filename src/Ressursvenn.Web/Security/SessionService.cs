using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Security;

/// <summary>
/// Server-side sessions (SR11, ADR 0004). The authentication cookie carries a session id; this service
/// decides on every request whether that session is still open. Because the rows live in the shared database,
/// a logout, password change, disabling or role change on one app instance is seen by every other at once.
/// </summary>
public sealed class SessionService(AppDbContext db, TimeProvider clock, IOptions<SessionSettings> settings)
{
    public const string SessionClaim = "sid";

    /// <summary>How often the last-seen time is written (idle precision versus a write per request).</summary>
    private static readonly TimeSpan TouchInterval = TimeSpan.FromSeconds(30);

    public async Task<UserSession> StartAsync(Guid userId, string? role, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var absolute = now + settings.Value.AbsoluteFor(role);
        var session = new UserSession
        {
            UserId = userId,
            CreatedAt = now,
            LastSeenAt = now,
            AbsoluteExpiresAt = absolute,
            IdleExpiresAt = Min(now + settings.Value.IdleFor(role), absolute),
        };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session;
    }

    /// <summary>Checks a session and records activity. Returns the reason it is closed, or None when open.</summary>
    public async Task<SessionEndReason> TouchAsync(Guid sessionId, Guid userId, string? role, CancellationToken ct = default)
    {
        var session = await db.UserSessions.FirstOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, ct);
        if (session is null)
        {
            return SessionEndReason.Administrative;
        }

        if (!session.IsOpen)
        {
            return session.EndReason;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var ended = now >= session.AbsoluteExpiresAt ? SessionEndReason.AbsoluteTimeout
            : now >= session.IdleExpiresAt ? SessionEndReason.IdleTimeout
            : SessionEndReason.None;
        if (ended != SessionEndReason.None)
        {
            session.EndedAt = now;
            session.EndReason = ended;
            await db.SaveChangesAsync(ct);
            return ended;
        }

        if (now - session.LastSeenAt >= TouchInterval)
        {
            await RenewAsync(session, role, now, ct);
        }

        return SessionEndReason.None;
    }

    /// <summary>
    /// "Stay logged in" from the session-warning dialog: renews the idle timer now, even within the touch interval
    /// (the warning may open seconds after the page loaded, whatever Sessions:WarnBeforeSeconds is).
    /// </summary>
    public async Task ExtendAsync(Guid sessionId, Guid userId, string? role, CancellationToken ct = default)
    {
        var session = await db.UserSessions.FirstOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (session is { IsOpen: true } && now < session.IdleExpiresAt && now < session.AbsoluteExpiresAt)
        {
            await RenewAsync(session, role, now, ct);
        }
    }

    private async Task RenewAsync(UserSession session, string? role, DateTime now, CancellationToken ct)
    {
        session.LastSeenAt = now;
        session.IdleExpiresAt = Min(now + settings.Value.IdleFor(role), session.AbsoluteExpiresAt);
        await db.SaveChangesAsync(ct);
    }

    public Task<int> EndAsync(Guid sessionId, SessionEndReason reason, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.UserSessions.Where(s => s.Id == sessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, reason), ct);
    }

    /// <summary>Ends every open session of a user: after a password change, disabling or a role change.</summary>
    public Task<int> EndAllAsync(Guid userId, SessionEndReason reason, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.UserSessions.Where(s => s.UserId == userId && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, reason), ct);
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
