using Ressursvenn.Web.Infrastructure.Email;
using Ressursvenn.Web.Infrastructure.Messaging;

namespace Ressursvenn.Web.Features.Volunteers;

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
/// naming nobody, with a link to the app (SR2). In the outbox: call before the save of her change, which stores both.
/// </summary>
public sealed class VolunteerNotifier(Outbox outbox, EmailTemplates templates)
{
    public Task NotifyCoordinatorsAsync(Guid associationId, VolunteerChange change, CancellationToken ct = default) =>
        outbox.EnqueueToCoordinatorsAsync(associationId, to => templates.VolunteerNotice(to, change.ToString()), ct: ct);
}
