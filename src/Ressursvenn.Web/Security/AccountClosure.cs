using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;

namespace Ressursvenn.Web.Security;

/// <summary>
/// The one way an account is closed, by a national admin or because a volunteer's time in the programme ended: disabled,
/// locked out for good, its security stamp renewed (so any cookie still around is refused at its next check), audited —
/// all in the caller's save — and, once that save is done, every session of hers ended.
/// </summary>
public sealed class AccountClosure(AuditTrail audit, SessionService sessions)
{
    /// <summary>Closes the (tracked) account in the caller's unit of work; <paramref name="detail"/> is a code for the trail.</summary>
    public void Close(AppUser account, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        account.Disabled = true;
        account.LockoutEnabled = true;
        account.LockoutEnd = DateTimeOffset.MaxValue;
        account.SecurityStamp = Guid.NewGuid().ToString();
        account.ConcurrencyStamp = Guid.NewGuid().ToString();
        audit.Record(AuditActions.UserDisabled, nameof(AppUser), account.Id, detail);
    }

    /// <summary>Ends every session of the closed account; call after the save that closed it.</summary>
    public Task EndSessionsAsync(AppUser account, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        return sessions.EndAllAsync(account.Id, SessionEndReason.Disabled, ct);
    }
}
