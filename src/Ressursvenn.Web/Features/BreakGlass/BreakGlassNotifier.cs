using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Infrastructure.Email;

namespace Ressursvenn.Web.Features.BreakGlass;

/// <summary>
/// Tells the coordinators of an association that a national admin opened a record there under break-glass (SR8):
/// one neutral e-mail each, with a link to the app and nothing about the woman (SR2). The coordinators' home page
/// lists the accesses too (<see cref="BreakGlassNotices"/>), so a message that cannot be sent is logged, not fatal.
/// The same way tells them when someone is newly given access to the association (<see cref="Admin.AssociationAccessGrants"/>).
/// </summary>
public sealed class BreakGlassNotifier(AppDbContext db, IEmailSender email, EmailTemplates templates, ILogger<BreakGlassNotifier> logger)
{
    public Task NotifyCoordinatorsAsync(Guid associationId, CancellationToken ct = default) =>
        NotifyCoordinatorsAsync(associationId, templates.BreakGlassNotice, except: null, ct);

    /// <summary>
    /// Sends <paramref name="message"/> to every active coordinator of an association but <paramref name="except"/>
    /// (e.g. the coordinator who was just given access, who is not the one to be warned about it).
    /// </summary>
    public async Task NotifyCoordinatorsAsync(Guid associationId, Func<string, EmailMessage> message, Guid? except, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var coordinatorIds = await db.CoordinatorAssociations.Where(c => c.AssociationId == associationId && c.UserId != except).Select(c => c.UserId).ToListAsync(ct);
        // Whole users, not projections: personal fields are encrypted and decrypted on load (ADR 0008).
        var coordinators = await db.Users.AsNoTracking()
            .Where(u => coordinatorIds.Contains(u.Id) && u.Role == Roles.Coordinator && !u.Disabled && u.PasswordHash != null)
            .ToListAsync(ct);
        foreach (var coordinator in coordinators.Where(u => !string.IsNullOrWhiteSpace(u.Email)))
        {
            try
            {
                await email.SendAsync(message(coordinator.Email!), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("A notice could not be sent to a coordinator ({ErrorType})", e.GetType().Name);
            }
        }
    }
}
