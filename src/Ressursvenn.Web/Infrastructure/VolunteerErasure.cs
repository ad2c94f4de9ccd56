using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Infrastructure;

/// <summary>
/// Erases a volunteer when her retention period has run out (docs/domain.md §8): a rejected or withdrawn application
/// <see cref="ProgrammeSettings.RejectedApplicationRetentionMonths"/> after it ended, a volunteer who left
/// <see cref="ProgrammeSettings.VolunteerRetentionMonths"/> after she left. Her record goes with everything under it
/// (interview, police-certificate record, training, declarations; the database cascades). Her account, if she had
/// one, is kept as an empty shell so the audit trail's user ids still point somewhere: it is disabled, its name, e-mail
/// and phone are overwritten, its password, second factor, one-time links, kept forms and sessions are removed or ended.
/// <para>
/// Her matches stay for the statistics: the link to her and the decline note are removed, the dates, status, reasons
/// and associations kept. While she still holds a place in an open match she is not erased (leaving hands a running
/// match back to the coordinator first), so a woman never loses a running match to a volunteer's erasure.
/// </para>
/// <para>
/// Nothing encrypted is read, so a value that no longer decrypts cannot keep her data alive; only plain columns are
/// read to check she is still due, and the row version is checked by the delete, so two overlapping runs erase her once.
/// </para>
/// </summary>
public sealed class VolunteerErasure(AppDbContext db, AuditTrail audit, TimeProvider clock, ILookupNormalizer normalizer, Email.MailPickupFolder mail,
    Messaging.Outbox outbox, UnitOfWork unitOfWork)
{
    public const string RetentionDue = "retention";

    /// <summary>The display name an erased volunteer's account keeps (not personal data).</summary>
    public const string ErasedName = "–";

    /// <summary>Whether a volunteer in this status, ended at this time, is due for erasure at the given cut-offs.</summary>
    public static bool IsDue(VolunteerStatus status, DateTime? endedAt, DateTime applicationCutoff, DateTime leftCutoff) =>
        endedAt is { } ended && status switch
        {
            VolunteerStatus.Rejected or VolunteerStatus.Withdrawn => ended <= applicationCutoff,
            VolunteerStatus.Left => ended <= leftCutoff,
            _ => false,
        };

    /// <summary>Ids of the volunteers due now (plain columns only; the query runs in a system scope).</summary>
    public async Task<IReadOnlyList<Guid>> DueAsync(ProgrammeSettings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (applications, left) = Cutoffs(settings);
        return await db.Volunteers.AsNoTracking()
            .Where(v => v.EndedAt != null
                && (((v.Status == VolunteerStatus.Rejected || v.Status == VolunteerStatus.Withdrawn) && v.EndedAt <= applications)
                    || (v.Status == VolunteerStatus.Left && v.EndedAt <= left)))
            .OrderBy(v => v.EndedAt)
            .Select(v => v.Id)
            .ToListAsync(ct);
    }

    /// <summary>
    /// Erases one volunteer and scrubs her account, in one transaction with the audit entry. Returns false when she is
    /// no longer due (erased meanwhile, or not ended). A concurrent change surfaces as <see cref="DbUpdateConcurrencyException"/>.
    /// </summary>
    public async Task<bool> EraseIfDueAsync(Guid id, ProgrammeSettings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (applications, left) = Cutoffs(settings);
        var row = await db.Volunteers.AsNoTracking().Where(v => v.Id == id)
            .Select(v => new { v.AssociationId, v.Status, v.EndedAt, v.UserId, v.Version, v.CreatedAt, v.UpdatedAt })
            .FirstOrDefaultAsync(ct);
        if (row is null || !IsDue(row.Status, row.EndedAt, applications, left)
            || await db.Matches.IgnoreQueryFilters().AnyAsync(m => m.VolunteerId == id && m.VolunteerSlot != null, ct))
        {
            return false;
        }

        // Her matches outlive her, without the link and the note (the note is overwritten unread, and the version
        // moves so an edit in flight is refused); the database's SET NULL on the link is the safety net.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.Matches.IgnoreQueryFilters().Where(m => m.VolunteerId == id).ExecuteUpdateAsync(set => set
            .SetProperty(m => m.VolunteerId, (Guid?)null)
            .SetProperty(m => m.DeclineNote, (string?)null)
            .SetProperty(m => m.Version, m => m.Version + 1), ct);

        var addressed = await AddressedToHerAsync(id, row.UserId, ct);
        var stub = new Volunteer
        {
            Id = id,
            Name = string.Empty,
            Email = string.Empty,
            MunicipalityCode = string.Empty,
            AssociationId = row.AssociationId,
            Status = row.Status,
            EndedAt = row.EndedAt,
            UserId = row.UserId,
            Version = row.Version,
            CreatedAt = row.CreatedAt,
            UpdatedAt = row.UpdatedAt,
        };
        db.Volunteers.Attach(stub);
        db.Volunteers.Remove(stub);
        if (row.UserId is { } userId)
        {
            await ScrubAccountAsync(userId, ct);
        }

        audit.Record(AuditActions.VolunteerErased, nameof(Volunteer), id, RetentionDue);
        // Messages to her not yet sent go with her, in the same save.
        await outbox.ForgetAddressedToAsync(addressed, ct);
        if (await unitOfWork.SaveAsync(ct) != SaveOutcome.Saved)
        {
            // Someone changed her meanwhile: nothing was stored (the transaction rolls back); the next run looks again.
            return false;
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        // The messages to her left in the local mail folder go with her (docs/domain.md §8).
        mail.RemoveAddressedTo(addressed);
        return true;
    }

    /// <summary>
    /// Recognises a recipient as her: her account's e-mail by its keyed blind index (a plain column), her record's
    /// e-mail when it still decrypts (if not, the mail folder's own retention removes those messages).
    /// </summary>
    private async Task<Func<string, bool>> AddressedToHerAsync(Guid id, Guid? userId, CancellationToken ct)
    {
        var accountIndex = userId is { } u ? await db.Users.AsNoTracking().Where(x => x.Id == u).Select(x => x.NormalizedEmail).FirstOrDefaultAsync(ct) : null;
        string? recordEmail;
        try
        {
            recordEmail = (await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct))?.Email;
        }
        catch (Data.Encryption.FieldDecryptionException)
        {
            db.ChangeTracker.Clear();
            recordEmail = null;
        }

        return to => string.Equals(to, recordEmail, StringComparison.OrdinalIgnoreCase)
            || (accountIndex is not null && string.Equals(normalizer.NormalizeEmail(to), accountIndex, StringComparison.Ordinal));
    }

    /// <summary>Empties and disables her account without reading its encrypted columns.</summary>
    private async Task ScrubAccountAsync(Guid userId, CancellationToken ct)
    {
        var account = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.Role, u.ConcurrencyStamp, u.CreatedAt })
            .FirstOrDefaultAsync(ct);
        if (account is null)
        {
            return;
        }

        var placeholder = $"erased-{userId:N}@erased.invalid";
        var user = new AppUser { Id = userId, DisplayName = ErasedName, Role = account.Role, ConcurrencyStamp = account.ConcurrencyStamp, CreatedAt = account.CreatedAt };
        db.Users.Attach(user);
        user.DisplayName = ErasedName;
        user.PhoneNumber = null;
        user.Email = placeholder;
        user.NormalizedEmail = normalizer.NormalizeEmail(placeholder);
        user.UserName = placeholder;
        user.NormalizedUserName = normalizer.NormalizeName(placeholder);
        user.PasswordHash = null;
        user.TwoFactorEnabled = false;
        user.Disabled = true;
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        user.SecurityStamp = Guid.NewGuid().ToString();
        var entry = db.Entry(user);
        foreach (var name in new[]
                 {
                     nameof(AppUser.DisplayName), nameof(AppUser.PhoneNumber), nameof(AppUser.Email), nameof(AppUser.NormalizedEmail),
                     nameof(AppUser.UserName), nameof(AppUser.NormalizedUserName), nameof(AppUser.PasswordHash), nameof(AppUser.TwoFactorEnabled),
                     nameof(AppUser.Disabled), nameof(AppUser.LockoutEnabled), nameof(AppUser.LockoutEnd), nameof(AppUser.SecurityStamp),
                 })
        {
            entry.Property(name).IsModified = true;
        }

        // The concurrency stamp read above is checked by the update; the new one moves on.
        entry.Property(u => u.ConcurrencyStamp).CurrentValue = Guid.NewGuid().ToString();

        db.UserTokens.RemoveRange(await db.UserTokens.Where(t => t.UserId == userId).ToListAsync(ct));
        db.UserClaims.RemoveRange(await db.UserClaims.Where(c => c.UserId == userId).ToListAsync(ct));
        db.UserLogins.RemoveRange(await db.UserLogins.Where(l => l.UserId == userId).ToListAsync(ct));
        db.OneTimeTokens.RemoveRange(await db.OneTimeTokens.Where(t => t.UserId == userId).ToListAsync(ct));
        db.FormDrafts.RemoveRange(await db.FormDrafts.Where(d => d.UserId == userId).ToListAsync(ct));
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var session in await db.UserSessions.Where(s => s.UserId == userId && s.EndedAt == null).ToListAsync(ct))
        {
            session.EndedAt = now;
            session.EndReason = SessionEndReason.Disabled;
        }

        audit.Record(AuditActions.UserChanged, nameof(AppUser), userId, "Erased");
    }

    private (DateTime Applications, DateTime Left) Cutoffs(ProgrammeSettings settings)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return (now.AddMonths(-settings.RejectedApplicationRetentionMonths), now.AddMonths(-settings.VolunteerRetentionMonths));
    }
}
