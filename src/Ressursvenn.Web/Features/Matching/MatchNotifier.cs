using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Infrastructure.Email;
using Ressursvenn.Web.Infrastructure.Messaging;

namespace Ressursvenn.Web.Features.Matching;

/// <summary>
/// The e-mails of the match workflow: the volunteer hears that she has a proposal, the coordinators of the woman's
/// association hear that a volunteer answered one. Each is one neutral e-mail naming nobody, with a link to the app
/// (SR2). Each goes into the outbox: call before the save of the change, which stores both (ADR 0016).
/// </summary>
public sealed class MatchNotifier(AppDbContext db, Outbox outbox, EmailTemplates templates)
{
    /// <summary>
    /// "You have a proposal — log in to see it", to the proposed volunteer's account. A volunteer without an account (not
    /// invited yet) gets nothing: her coordinator tells her.
    /// </summary>
    public async Task ProposalMadeAsync(Match match, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        if (await VolunteerEmailAsync(match, ct) is { } to)
        {
            outbox.Enqueue(templates.MatchProposalToVolunteer(to), match.VolunteerAssociationId);
        }
    }

    /// <summary>
    /// "A proposal or match of yours has ended — nothing to do", to the volunteer's account when the woman left the
    /// programme: her place is free again and she is never left waiting for a start meeting that will not come.
    /// </summary>
    public async Task MatchEndedAsync(Match match, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        if (await VolunteerEmailAsync(match, ct) is { } to)
        {
            outbox.Enqueue(templates.MatchEndedToVolunteer(to), match.VolunteerAssociationId);
        }
    }

    /// <summary>The e-mail address of the match's volunteer's active account, or null when she has none (not invited yet, or gone).</summary>
    private async Task<string?> VolunteerEmailAsync(Match match, CancellationToken ct)
    {
        // The volunteer may be lent by a neighbouring association, outside the coordinator's scope: only her account id
        // is read here (a plain column), to address the e-mail.
        var userId = match.VolunteerId is { } volunteerId
            ? await db.Volunteers.IgnoreQueryFilters().Where(v => v.Id == volunteerId).Select(v => v.UserId).FirstOrDefaultAsync(ct)
            : null;
        if (userId is null)
        {
            return null;
        }

        // The whole user, not a projection: the e-mail address is encrypted and decrypted on load (ADR 0008).
        var user = await db.Users.AsNoTracking()
            .FirstOrDefaultAsync(u => u.Id == userId && u.Role == Roles.Volunteer && !u.Disabled && u.PasswordHash != null, ct);
        return string.IsNullOrWhiteSpace(user?.Email) ? null : user.Email;
    }

    /// <summary>
    /// "An answer to a proposal has arrived", to every coordinator of the woman's association — the same e-mail for a
    /// yes, a no and a declared acquaintance, so nothing can be read from it.
    /// </summary>
    public Task VolunteerAnsweredAsync(Match match, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        return outbox.EnqueueToCoordinatorsAsync(match.AssociationId, templates.MatchAnswerToCoordinator, ct: ct);
    }
}
