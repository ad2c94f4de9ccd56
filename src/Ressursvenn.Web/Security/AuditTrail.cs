using System.Security.Claims;
using Ressursvenn.Web.Domain.Audit;

namespace Ressursvenn.Web.Security;

/// <summary>
/// Collects audit entries for the current unit of work; <see cref="Data.AuditInterceptor"/> writes them, chained,
/// in the same transaction as the change when the context saves. A page records what it did and saves:
/// <c>audit.Record(AuditActions.UserDisabled, nameof(AppUser), user.Id); await db.SaveChangesAsync();</c>
/// </summary>
public sealed class AuditTrail(IHttpContextAccessor http, TimeProvider clock)
{
    private readonly List<PendingAudit> pending = [];

    /// <summary>The longest detail the trail stores (a short code or reason, never content).</summary>
    public const int MaxDetailLength = 200;

    public sealed record PendingAudit(DateTime At, Guid? UserId, string Action, string EntityType, Guid? EntityId, string? Detail);

    public IReadOnlyList<PendingAudit> Pending => pending;

    /// <summary>Records an action by the signed-in user (or <paramref name="userId"/> when given, e.g. during login).</summary>
    public void Record(string action, string entityType, Guid? entityId, string? detail = null, Guid? userId = null)
    {
        // Fails on every provider in development, not only where the column length is enforced (PostgreSQL).
        if (detail is { Length: > MaxDetailLength })
        {
            throw new ArgumentException($"An audit detail holds at most {MaxDetailLength} characters.", nameof(detail));
        }

        var actor = userId ?? (Guid.TryParse(http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null);
        // Whole microseconds: PostgreSQL keeps no finer time, and the hash must match what is read back.
        var now = clock.GetUtcNow().UtcDateTime;
        var at = new DateTime(now.Ticks - (now.Ticks % 10), DateTimeKind.Utc);
        pending.Add(new PendingAudit(at, actor, action, entityType, entityId, detail));
    }

    /// <summary>Takes the collected entries (the interceptor calls this while saving).</summary>
    public IReadOnlyList<PendingAudit> Take()
    {
        var taken = pending.ToList();
        pending.Clear();
        return taken;
    }

    /// <summary>Puts entries back when the save failed, so a retry writes them.</summary>
    public void Restore(IEnumerable<PendingAudit> entries) => pending.InsertRange(0, entries);
}
