using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Infrastructure.Email;

namespace Ressursvenn.Web.Features.MyPages;

/// <summary>What a volunteer changed herself that her coordinators must know.</summary>
public enum VolunteerChange
{
    Paused,
    Resumed,
    Left,
    Withdrawn,
}

/// <summary>
/// Tells the coordinators of her association that a volunteer paused, came back or left: one neutral e-mail each,
/// naming nobody, with a link to the app (SR2). Her status in the app says the same, so a message that cannot be
/// sent is logged, not fatal.
/// </summary>
public sealed class VolunteerNotifier(AppDbContext db, IEmailSender email, EmailTemplates templates, ILogger<VolunteerNotifier> logger)
{
    public async Task NotifyCoordinatorsAsync(Guid associationId, VolunteerChange change, CancellationToken ct = default)
    {
        var coordinatorIds = await db.CoordinatorAssociations.Where(c => c.AssociationId == associationId).Select(c => c.UserId).ToListAsync(ct);
        // Whole users, not projections: personal fields are encrypted and decrypted on load (ADR 0008).
        var coordinators = await db.Users.AsNoTracking()
            .Where(u => coordinatorIds.Contains(u.Id) && u.Role == Roles.Coordinator && !u.Disabled && u.PasswordHash != null)
            .ToListAsync(ct);
        foreach (var coordinator in coordinators.Where(u => !string.IsNullOrWhiteSpace(u.Email)))
        {
            try
            {
                await email.SendAsync(templates.VolunteerNotice(coordinator.Email!, change.ToString()), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("A notice about a volunteer could not be sent to a coordinator ({ErrorType})", e.GetType().Name);
            }
        }
    }
}
