using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Data;

/// <summary>How a save ended.</summary>
public enum SaveOutcome
{
    /// <summary>Stored: the change, its audit entries and its messages.</summary>
    Saved,

    /// <summary>Someone changed the record since it was read (a lost update refused, SR20): nothing was stored.</summary>
    Stale,

    /// <summary>The database refused it (a unique key or other constraint: another request got there first): nothing was stored.</summary>
    Refused,
}

/// <summary>
/// The one save of a unit of work. Every service and page saves through it, so a refused save is handled in one place:
/// the audit chain's lock is released (ADR 0009), the audit entries and outbox messages recorded for the change are
/// dropped, and the unit of work is discarded, so nothing of the refused change can be written by a later save.
/// An error that is neither a lost update nor a constraint is thrown on, after the same clean-up.
/// </summary>
public sealed class UnitOfWork(AppDbContext db, AuditTrail trail)
{
    public Task<SaveOutcome> SaveAsync(CancellationToken ct = default) => SaveAsync(() => db.SaveChangesAsync(ct));

    /// <summary>
    /// The same for an operation that saves the unit of work itself (ASP.NET Core Identity's <c>UserManager</c> calls
    /// <c>SaveChangesAsync</c> inside <c>CreateAsync</c> and <c>UpdateAsync</c>).
    /// </summary>
    public async Task<SaveOutcome> SaveAsync(Func<Task> save)
    {
        ArgumentNullException.ThrowIfNull(save);
        try
        {
            await save();
            return SaveOutcome.Saved;
        }
        catch (DbUpdateConcurrencyException)
        {
            await DiscardAsync();
            return SaveOutcome.Stale;
        }
        catch (DbUpdateException e)
        {
            await DiscardAsync();
            if (IsConstraint(e))
            {
                return SaveOutcome.Refused;
            }

            throw;
        }
    }

    /// <summary>A unique key, foreign key or check refused the write (SQLite error 19, PostgreSQL class 23).</summary>
    public static bool IsConstraint(DbUpdateException e) => e?.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19,
        Npgsql.PostgresException postgres => postgres.SqlState.StartsWith("23", StringComparison.Ordinal),
        _ => false,
    };

    private async Task DiscardAsync()
    {
        await AuditInterceptor.ReleaseAfterRefusedSaveAsync(db);
        trail.Take();
        db.ChangeTracker.Clear();
    }
}
