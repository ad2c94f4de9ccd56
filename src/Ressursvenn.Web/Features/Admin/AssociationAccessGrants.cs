using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Infrastructure.Email;
using Ressursvenn.Web.Infrastructure.Messaging;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Admin;

/// <summary>
/// New access to an association's women (SR8, as break-glass): a national admin who adds an association to a
/// coordinator, invites a coordinator into it, turns someone into its coordinator or enables its disabled
/// coordinator opens every woman there. Each such grant is its own audit entry
/// (<see cref="AuditActions.AssociationAccessGranted"/>, the association as the record, "how:grantee" as the
/// detail), the association's other coordinators get a neutral e-mail and see it on their home page, and the
/// privacy officer sees every grant on her home page and in the audit trail.
/// </summary>
public sealed class AssociationAccessGrants(AppDbContext db, AuditTrail audit, Outbox outbox, EmailTemplates templates, TimeProvider clock)
{
    /// <summary>How long a grant is shown on the home pages.</summary>
    public const int Days = 30;

    /// <summary>How the access was given (the first part of the audit detail).</summary>
    public static class How
    {
        public const string Invited = "Invited";
        public const string Added = "Added";
        public const string Enabled = "Enabled";
    }

    public sealed record Grant(Guid AssociationId, Guid GranteeId);

    public sealed record Notice(DateTime At, string AdminName, string GranteeName, string AssociationName, Guid AssociationId);

    /// <summary>
    /// The associations a change of a user opens to her: those she is a coordinator of afterwards and was not before.
    /// </summary>
    public static IReadOnlyList<Guid> NewlyOpened(string roleBefore, IEnumerable<Guid> associationsBefore, string roleAfter, IEnumerable<Guid> associationsAfter)
    {
        ArgumentNullException.ThrowIfNull(associationsBefore);
        ArgumentNullException.ThrowIfNull(associationsAfter);
        if (roleAfter != Roles.Coordinator)
        {
            return [];
        }

        var before = roleBefore == Roles.Coordinator ? associationsBefore.ToHashSet() : [];
        return associationsAfter.Distinct().Where(a => !before.Contains(a)).ToList();
    }

    /// <summary>
    /// Records the grants in the audit trail and puts the notices to each association's other coordinators (never the
    /// one given access) in the outbox; the caller saves them with the change that gives the access: all or nothing.
    /// </summary>
    public async Task RecordAsync(Guid granteeId, IEnumerable<Guid> associationIds, string how, Guid? actor = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(associationIds);
        foreach (var associationId in associationIds.Distinct().ToList())
        {
            audit.Record(AuditActions.AssociationAccessGranted, nameof(LocalAssociation), associationId, $"{how}:{granteeId:N}", actor);
            await outbox.EnqueueToCoordinatorsAsync(associationId, templates.AccessGrantNotice, except: granteeId, ct);
        }
    }

    /// <summary>
    /// The grants of the last <see cref="Days"/> days a viewer is told about: a coordinator those into her associations
    /// (given to someone else), the privacy officer all of them. Others see none.
    /// </summary>
    public async Task<IReadOnlyList<Notice>> RecentAsync(Guid viewerId, string viewerRole, CancellationToken ct = default)
    {
        if (viewerRole is not (Roles.Coordinator or Roles.PrivacyOfficer))
        {
            return [];
        }

        var since = clock.GetUtcNow().UtcDateTime.AddDays(-Days);
        var entries = db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.AssociationAccessGranted && e.At >= since);
        if (viewerRole == Roles.Coordinator)
        {
            var mine = await db.CoordinatorAssociations.Where(c => c.UserId == viewerId).Select(c => (Guid?)c.AssociationId).ToListAsync(ct);
            entries = entries.Where(e => mine.Contains(e.EntityId));
        }

        var found = (await entries.OrderByDescending(e => e.Sequence).Take(100).ToListAsync(ct))
            .Select(e => (Entry: e, Grantee: GranteeOf(e.Detail)))
            .Where(x => x.Grantee != viewerId)
            .ToList();
        if (found.Count == 0)
        {
            return [];
        }

        var userIds = found.SelectMany(x => new[] { x.Entry.UserId, x.Grantee }).OfType<Guid>().Distinct().ToList();
        // Whole users, not projections: display names are encrypted and decrypted on load (ADR 0008).
        var names = (await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToListAsync(ct)).ToDictionary(u => u.Id, u => u.DisplayName);
        var associationIds = found.Select(x => x.Entry.EntityId).OfType<Guid>().Distinct().ToList();
        var associations = await db.Associations.AsNoTracking().Where(a => associationIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        return found.Select(x => new Notice(
                x.Entry.At,
                x.Entry.UserId is { } admin ? names.GetValueOrDefault(admin, "–") : "–",
                x.Grantee is { } grantee ? names.GetValueOrDefault(grantee, "–") : "–",
                x.Entry.EntityId is { } a ? associations.GetValueOrDefault(a, "–") : "–",
                x.Entry.EntityId ?? Guid.Empty))
            .ToList();
    }

    private static Guid? GranteeOf(string? detail) =>
        detail is not null && detail.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0 && Guid.TryParse(detail.AsSpan(colon + 1), out var id) ? id : null;
}
