using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Participants;

/// <summary>
/// One step on a woman's record: what it does (by the rules of <see cref="ParticipantLifecycle"/>), its audit entry and,
/// when it ends her time waiting, whether a proposal of hers not yet started ends with it.
/// </summary>
public sealed record ParticipantStep(Action<Participant> Apply, string AuditAction, string? Detail = null, bool EndsOpenMatches = false)
{
    /// <summary>The record the audit entry names when it is not hers (linking names the earlier record she keeps).</summary>
    public Func<Participant, Guid>? AuditedRecord { get; init; }

    /// <summary>Whether the step leaves her record's version alone (a note: another coordinator's open form stays valid).</summary>
    public bool KeepsVersion { get; init; }
}

/// <summary>
/// The coordinator's steps on a woman's record (docs/domain.md §4.2), the one door her record page and the JSON API
/// both write through: the rule, the version check (SR20), the audit entry, ending a proposal of hers not yet started,
/// and the one save. A refused or lost step leaves nothing behind.
/// </summary>
public sealed class ParticipantService(AppDbContext db, AuditTrail audit, TimeProvider clock, Matching.MatchWorkflowService workflow, UnitOfWork unitOfWork)
{
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public ParticipantStep Acknowledge() => new(p => ParticipantLifecycle.Acknowledge(p, Now), AuditActions.ReferralAcknowledged);

    public ParticipantStep PutOnWaitingList() => new(p => ParticipantLifecycle.PutOnWaitingList(p, Now), AuditActions.ParticipantWaiting);

    /// <summary>Declines her with a reason code the referring centre is told; the code, never free text, stands in the trail.</summary>
    public ParticipantStep Decline(DeclineReason reason) =>
        new(p => ParticipantLifecycle.Decline(p, reason, Now), AuditActions.ParticipantDeclined, reason.ToString(), EndsOpenMatches: true);

    /// <summary>The intake conversation's record (docs/domain.md §4.2).</summary>
    public ParticipantStep RecordIntake(Intake intake) => new(p => ParticipantLifecycle.RecordIntake(p, intake, Now), AuditActions.IntakeRecorded);

    /// <summary>Her details as the coordinator corrected them (a form's <paramref name="apply"/>), and her safety marker.</summary>
    public static ParticipantStep ChangeDetails(Action<Participant> apply, string? safetyMarker) =>
        new(
            p =>
            {
                apply(p);
                p.SafetyMarker = string.IsNullOrWhiteSpace(safetyMarker) ? null : safetyMarker.Trim();
            },
            AuditActions.ParticipantChanged);

    /// <summary>
    /// She withdraws one consent (not registration: withdrawing that erases her, <see cref="ParticipantErasure"/>);
    /// withdrawing consent to statistics takes her referrals out of the figures.
    /// </summary>
    public ParticipantStep WithdrawConsent(ConsentKind kind) =>
        new(
            p =>
            {
                if (!Enum.IsDefined(kind) || kind == ConsentKind.Registration)
                {
                    throw new DomainRuleException("Common.UnknownChoice");
                }

                var now = Now;
                foreach (var consent in p.Consents.Where(c => c.Kind == kind && c.WithdrawnAt is null))
                {
                    consent.WithdrawnAt = now;
                }

                if (kind == ConsentKind.Statistics)
                {
                    foreach (var referral in p.Referrals)
                    {
                        referral.CountsInStatistics = false;
                    }
                }
            },
            AuditActions.ConsentWithdrawn,
            kind.ToString()) { KeepsVersion = true };

    /// <summary>A short note on her record, by the signed-in coordinator.</summary>
    public ParticipantStep AddNote(string text, Guid author) =>
        new(
            p => db.ParticipantNotes.Add(new ParticipantNote { ParticipantId = p.Id, Text = text.Trim(), AuthorUserId = author, CreatedAt = Now }),
            AuditActions.NoteAdded) { KeepsVersion = true };

    /// <summary>
    /// A new referral of a woman known before joins her earlier record (in the same association, loaded with consents and
    /// referrals); the duplicate record goes. A protected record keeps only the county of the new referral's municipality.
    /// </summary>
    public async Task<ParticipantStep> LinkToEarlierRecordAsync(Participant fresh, Participant earlier, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        ArgumentNullException.ThrowIfNull(earlier);
        var municipality = fresh.Area.MunicipalityCode;
        var county = municipality is null ? null
            : await db.Municipalities.AsNoTracking().Where(m => m.Code == municipality).Select(m => m.CountyCode).FirstOrDefaultAsync(ct);
        return new ParticipantStep(
            p =>
            {
                ParticipantLifecycle.LinkToEarlierRecord(p, earlier, _ => county);
                db.Participants.Remove(p);
            },
            AuditActions.ParticipantLinked) { AuditedRecord = _ => earlier.Id };
    }

    /// <summary>
    /// Takes a step on her record (tracked, opened through <see cref="ParticipantLoader"/>) and saves it with its audit
    /// entry, refused when her record is no longer at <paramref name="version"/> (null: the version it was opened at).
    /// </summary>
    public Task<StepResult> RunAsync(Participant participant, long? version, ParticipantStep step, CancellationToken ct) =>
        RunAsync(participant, version, [step], ct);

    /// <summary>Several steps in one save (the intake, then the waiting list), each with its audit entry; refused as a whole when one is.</summary>
    public async Task<StepResult> RunAsync(Participant participant, long? version, IReadOnlyList<ParticipantStep> steps, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(steps);
        if (!steps.All(s => s.KeepsVersion))
        {
            var entry = db.Entry(participant);
            if (version is { } expected)
            {
                entry.Property(p => p.Version).OriginalValue = expected;
            }

            // Her record's version moves with every step, even one that changed only her referral (SR20).
            entry.Property(p => p.UpdatedAt).IsModified = true;
        }
        try
        {
            foreach (var step in steps)
            {
                step.Apply(participant);
                audit.Record(step.AuditAction, nameof(Participant), step.AuditedRecord?.Invoke(participant) ?? participant.Id, step.Detail);
            }
        }
        catch (DomainRuleException refused)
        {
            Discard();
            return new StepResult(StepOutcome.Refused, refused.Message);
        }

        if (steps.Any(s => s.EndsOpenMatches))
        {
            // A proposal of hers not yet started ends with her, so the volunteer's place is free again.
            await workflow.EndMatchesOfParticipantAsync(participant.Id, ct);
        }

        return await unitOfWork.SaveAsync(ct) switch
        {
            SaveOutcome.Saved => new StepResult(StepOutcome.Done),
            SaveOutcome.Stale => new StepResult(StepOutcome.Stale),
            _ => new StepResult(StepOutcome.Refused, "Common.SaveRefused"),
        };
    }

    /// <summary>Drops whatever this unit of work changed: tracked changes and recorded audit entries.</summary>
    private void Discard()
    {
        audit.Take();
        db.ChangeTracker.Clear();
    }
}
