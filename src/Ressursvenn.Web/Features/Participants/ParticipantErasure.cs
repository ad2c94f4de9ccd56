using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Participants;

/// <summary>
/// Erases a woman's identity and red data everywhere the system keeps it (docs/domain.md §8): her record, consents,
/// notes, break-glass reasons and any form kept for her pages. Her referrals stay as anonymous statistical facts
/// when she consented to statistics and are deleted otherwise (an open one reads Withdrawn when she withdrew her
/// consent, Closed when her retention ran out). Her matches stay for the statistics without the link to her or the
/// decline note; an open one ends first, so the volunteer's place is free and she is told neutrally. SQLite overwrites
/// deleted content (secure_delete), and no export is ever stored, so there are no files to chase.
/// </summary>
public sealed class ParticipantErasure(AppDbContext db, AuditTrail audit, TimeProvider clock, Matching.MatchWorkflowService workflow, Infrastructure.Email.MailPickupFolder mail,
    Infrastructure.Messaging.Outbox outbox, UnitOfWork unitOfWork)
{
    public const string ConsentWithdrawn = "consent-withdrawn";
    public const string RetentionDue = "retention";

    /// <summary>Erases her (loaded with consents and referrals, tracked) and saves, in one transaction with the audit entry.</summary>
    public async Task<SaveOutcome> EraseAsync(Participant participant, string reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(participant);
        var now = clock.GetUtcNow().UtcDateTime;
        var counted = participant.HasConsent(ConsentKind.Statistics);
        var withdrawn = reason == ConsentWithdrawn;
        if (withdrawn)
        {
            participant.Status = ParticipantStatus.Withdrawn;
        }

        await workflow.EndMatchesOfParticipantAsync(participant.Id, ct);
        foreach (var match in await db.Matches.IgnoreQueryFilters().Where(m => m.ParticipantId == participant.Id).ToListAsync(ct))
        {
            Domain.Matching.MatchLifecycle.ForgetParticipant(match);
        }

        var referrals = await db.Referrals.IgnoreQueryFilters().Where(r => r.ParticipantId == participant.Id).ToListAsync(ct);
        foreach (var referral in referrals)
        {
            if (counted)
            {
                referral.ParticipantId = null;
                if (referral.ClosedAt is null)
                {
                    referral.Status = withdrawn ? ReferralStatus.Withdrawn : ReferralStatus.Closed;
                    referral.ClosedAt = now;
                }
            }
            else
            {
                db.Referrals.Remove(referral);
            }
        }

        participant.Referrals.Clear();
        db.BreakGlassAccesses.RemoveRange(await db.BreakGlassAccesses.IgnoreQueryFilters().Where(b => b.ParticipantId == participant.Id).ToListAsync(ct));
        var address = SafeEmailOf(participant);
        var marker = participant.Id.ToString();
        db.FormDrafts.RemoveRange(await db.FormDrafts.Where(d => d.Path.Contains(marker)).ToListAsync(ct));
        db.Participants.Remove(participant);
        audit.Record(AuditActions.ParticipantErased, nameof(Participant), participant.Id, reason);
        if (address is not null)
        {
            await outbox.ForgetAddressedToAsync(to => string.Equals(to.Trim(), address.Trim(), StringComparison.OrdinalIgnoreCase), ct);
        }

        var outcome = await unitOfWork.SaveAsync(ct);
        if (outcome == SaveOutcome.Saved)
        {
            // Any message to her safe e-mail address left in the local mail folder goes with her (docs/domain.md §8).
            mail.RemoveAddressedTo([address]);
        }

        return outcome;
    }

    /// <summary>Her safe e-mail address, or null when she has none or her contact no longer reads.</summary>
    private static string? SafeEmailOf(Participant participant)
    {
        try
        {
            return participant.Contact.Email;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
