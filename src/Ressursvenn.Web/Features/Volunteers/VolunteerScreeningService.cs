using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Calendar;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Volunteers;

public static class VolunteerQueries
{
    /// <summary>Her record with everything the screening reads: interview, police certificate, training and declarations.</summary>
    public static IQueryable<Volunteer> WithScreening(this IQueryable<Volunteer> volunteers) =>
        volunteers.Include(v => v.Interview).Include(v => v.PoliceCertificate).Include(v => v.Training).Include(v => v.Declarations).AsSplitQuery();
}

/// <summary>A message for one field of a screening form, named by the form's property ("HeldOn").</summary>
public sealed record FieldMessage(string Field, string Message);

/// <summary>
/// One screening step on her record: what it does (by the rules of <see cref="VolunteerScreening"/>), the audit entry it
/// writes, and whether it ends her time in the programme (then her account closes in the same save).
/// </summary>
public sealed record VolunteerStep(Action<Volunteer> Apply, string AuditAction, Func<Volunteer, string?> Detail, bool ClosesAccount = false)
{
    /// <summary>The neutral notice her coordinators get of a change she made herself, queued in the same save; null: none.</summary>
    public VolunteerChange? Notifies { get; init; }

    /// <summary>Whether her proposals not yet started go back to their coordinators (always so when the step closes her account).</summary>
    public bool WithdrawsProposals { get; init; }
}

/// <summary>
/// The coordinator's screening of one volunteer (docs/domain.md §4.1), shared by her record page and the JSON API so both
/// follow exactly the same rules: the checks of a form beyond its annotations, each step with its audit entry, the
/// version check (SR20), four-eyes approval, and closing her account when her time in the programme ends. A refused
/// or lost step leaves nothing behind: the tracked changes and recorded audit entries are dropped.
/// </summary>
public sealed class VolunteerScreeningService(
    AppDbContext db, AuditTrail audit, TimeProvider clock, ProgrammeSettingsService settings, AccountClosure closure, IStringLocalizer<SharedResource> t,
    Matching.MatchWorkflowService matches, UnitOfWork unitOfWork, VolunteerNotifier notifier)
{
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Today in Oslo: the day the steps' dates are compared with.</summary>
    public DateOnly Today => WorkingDays.OsloDate(Now);

    /// <summary>Coordinators of the association whose accounts are not disabled (four-eyes needs two of them).</summary>
    public Task<int> CountActiveCoordinatorsAsync(Guid associationId, CancellationToken ct) =>
        db.CoordinatorAssociations.Where(c => c.AssociationId == associationId)
            .Join(db.Users.Where(u => !u.Disabled && u.Role == Roles.Coordinator), c => c.UserId, u => u.Id, (c, _) => c.UserId)
            .Distinct()
            .CountAsync(ct);

    /// <summary>The active modules of the catalogue by id: the ones training can be recorded for.</summary>
    public Task<Dictionary<Guid, TrainingModule>> ActiveModulesAsync(CancellationToken ct) =>
        db.TrainingModules.Where(m => m.Active).ToDictionaryAsync(m => m.Id, ct);

    public IReadOnlyList<FieldMessage> CheckInterview(InterviewInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var messages = new List<FieldMessage>();
        if (input.HeldOn is { } held && held > Today)
        {
            messages.Add(new(nameof(InterviewInput.HeldOn), t["Interview.HeldOnFuture"]));
        }

        if (input.Suitability is { } given && !Enum.IsDefined(given))
        {
            messages.Add(new(nameof(InterviewInput.Suitability), t["Common.UnknownChoice"]));
        }

        return messages;
    }

    /// <summary>A certificate shown in the future, issued after it was shown, or too old when shown is refused at its field.</summary>
    public IReadOnlyList<FieldMessage> CheckCertificate(CertificateInput input, ProgrammeSettings policy)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(policy);
        if (input.ShownOn is { } shown && shown > Today)
        {
            return [new(nameof(CertificateInput.ShownOn), t["Certificate.ShownInFuture"])];
        }

        if (input is { ShownOn: { } shownOn, IssuedOn: { } issuedOn } && !VolunteerRules.CertificateFreshWhenShown(issuedOn, shownOn, policy))
        {
            return [new(nameof(CertificateInput.IssuedOn), issuedOn > shownOn
                ? t["Certificate.IssuedAfterShown"]
                : t.Plural("Certificate.TooOldMonths", policy.PoliceCertificateMaxAgeMonths))];
        }

        return [];
    }

    /// <summary>A completion date in the future is refused.</summary>
    public string? CheckTrainingDate(DateOnly? completedOn) => completedOn is { } on && on > Today ? t["Training.DateInFuture"].Value : null;

    public IReadOnlyList<FieldMessage> CheckRejection(RejectInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Reason is { } given && !Enum.IsDefined(given) ? [new(nameof(RejectInput.Reason), t["Common.UnknownChoice"])] : [];
    }

    /// <summary>
    /// How many women she may have at a time (docs/domain.md §5.2: 1 by default, at most the setting
    /// <see cref="ProgrammeSettings.VolunteerMaxCapacity"/>), set by a coordinator at approval or on her record; never
    /// below the matches she has open (proposed to closing). The detail is the new number.
    /// </summary>
    public async Task<VolunteerStep> SetCapacityAsync(int capacity, Volunteer volunteer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        var max = (await settings.GetAsync(ct)).VolunteerMaxCapacity;
        var open = await db.Matches.CountAsync(m => m.VolunteerId == volunteer.Id && m.VolunteerSlot != null, ct);
        return new(
            v =>
            {
                if (!VolunteerScreening.IsCurrent(v))
                {
                    throw new DomainRuleException("Volunteer.NotCurrent");
                }

                if (capacity < 1 || capacity > max)
                {
                    throw new DomainRuleException("Volunteer.CapacityOutOfRange");
                }

                if (capacity < open)
                {
                    throw new DomainRuleException("Volunteer.CapacityBelowOpenMatches");
                }

                v.Capacity = capacity;
            },
            AuditActions.VolunteerCapacityChanged, v => v.Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The municipality of a postal code typed into a form (four digits, a current code), or null and the text key of
    /// what is wrong with it (the application's messages).
    /// </summary>
    public async Task<(string? Municipality, string? ErrorKey)> LookUpPostalCodeAsync(string? postalCode, CancellationToken ct)
    {
        var code = postalCode?.Trim();
        if (string.IsNullOrEmpty(code))
        {
            return (null, "Apply.PostalCodeRequired");
        }

        if (code.Length != 4 || !code.All(char.IsAsciiDigit))
        {
            return (null, "Apply.PostalCodeInvalid");
        }

        var municipality = await db.PostalCodes.AsNoTracking().Where(p => p.Code == code && p.Current).Select(p => p.MunicipalityCode).FirstOrDefaultAsync(ct);
        return municipality is null ? (null, "Apply.PostalCodeUnknown") : (municipality, null);
    }

    /// <summary>
    /// Her new address when she moves (docs/domain.md §4.1: postal code, and the municipality it lies in), changed by her on
    /// her profile or by a coordinator on her record; matching reads it at once (saving a volunteer invalidates the
    /// pool cache). The audit detail says who changed it, never the address.
    /// </summary>
    public static VolunteerStep ChangeAddress(string postalCode, string municipalityCode, bool byHerself) => new(
        v =>
        {
            if (!VolunteerScreening.IsCurrent(v))
            {
                throw new DomainRuleException("Volunteer.NotCurrent");
            }

            v.PostalCode = postalCode.Trim();
            v.MunicipalityCode = municipalityCode;
        },
        AuditActions.VolunteerAddressChanged, _ => byHerself ? "volunteer" : "coordinator");

    /// <summary>
    /// Her networks (communities, family names, groups), as entries: asked at her application, recorded by a
    /// coordinator at screening and kept up to date by her. Every change is audited with who made it and how many
    /// entries there were before and after (never the entries), so a list cleared by her shows on her record.
    /// </summary>
    public static VolunteerStep ChangeNetworks(IReadOnlyList<string> entries, bool byHerself)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var before = 0;
        return new(
            v =>
            {
                if (!VolunteerScreening.IsCurrent(v))
                {
                    throw new DomainRuleException("Volunteer.NotCurrent");
                }

                before = v.Profile.NetworkList().Count;
                v.Profile = v.Profile with { NetworkEntries = entries, Networks = null };
            },
            AuditActions.VolunteerNetworksChanged,
            _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(byHerself ? "volunteer" : "coordinator")} {before}→{entries.Count}"));
    }

    public static VolunteerStep MoveOn() => new(VolunteerScreening.MoveOn, AuditActions.VolunteerMovedOn, v => v.Status.ToString());

    /// <summary>Records (or corrects) the interview; the input has passed its annotations and <see cref="CheckInterview"/>.</summary>
    public VolunteerStep RecordInterview(InterviewInput input, Guid interviewer)
    {
        ArgumentNullException.ThrowIfNull(input);
        var justification = string.IsNullOrWhiteSpace(input.Justification) ? null : input.Justification.Trim();
        return new(
            v =>
            {
                var isNew = v.Interview is null;
                VolunteerScreening.RecordInterview(v, input.HeldOn!.Value, interviewer, input.Suitability!.Value, justification, Today);
                if (isNew)
                {
                    // Added through its set: a new child with a client-made key found through a navigation would be taken for an update.
                    db.VolunteerInterviews.Add(v.Interview!);
                }
            },
            AuditActions.VolunteerInterviewRecorded,
            v => v.Interview!.Suitability.ToString());
    }

    /// <summary>Records the police certificate as seen; the input has passed its annotations and <see cref="CheckCertificate"/>.</summary>
    public VolunteerStep RecordCertificate(CertificateInput input, Guid checkedBy, ProgrammeSettings policy)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new(
            v =>
            {
                var isNew = v.PoliceCertificate is null;
                VolunteerScreening.RecordCertificate(v, input.ShownOn!.Value, input.IssuedOn!.Value, input.Purpose!.Trim(), checkedBy, Today, policy);
                if (isNew)
                {
                    db.PoliceCertificates.Add(v.PoliceCertificate!);
                }
            },
            AuditActions.PoliceCertificateRecorded,
            _ => null);
    }

    /// <summary>
    /// Marks modules done on a date, or not done (a null date). Only the active modules of the catalogue count; a
    /// module given twice counts once.
    /// </summary>
    public VolunteerStep RecordTraining(IReadOnlyDictionary<Guid, TrainingModule> active, IEnumerable<(Guid ModuleId, DateOnly? CompletedOn)> rows, Guid recordedBy)
    {
        ArgumentNullException.ThrowIfNull(active);
        var chosen = rows.Where(r => active.ContainsKey(r.ModuleId)).DistinctBy(r => r.ModuleId).ToList();
        return new(
            v =>
            {
                foreach (var (moduleId, completedOn) in chosen)
                {
                    var (added, removed) = VolunteerScreening.RecordTraining(v, active[moduleId], completedOn, recordedBy, Today);
                    if (added is not null)
                    {
                        db.TrainingCompletions.Add(added);
                    }

                    if (removed is not null)
                    {
                        db.TrainingCompletions.Remove(removed);
                    }
                }
            },
            AuditActions.VolunteerTrainingRecorded,
            _ => null);
    }

    /// <summary>Rejects the application; the reason is a code, so it may stand in the audit trail.</summary>
    public VolunteerStep Reject(VolunteerRejectReason reason) =>
        new(v => VolunteerScreening.Reject(v, Now), AuditActions.VolunteerRejected, _ => reason.ToString(), ClosesAccount: true);

    public VolunteerStep Withdraw() =>
        new(v => VolunteerScreening.Withdraw(v, Now), AuditActions.VolunteerWithdrawn, _ => null, ClosesAccount: true);

    /// <summary>She leaves: the police-certificate record goes at once (docs/domain.md §8); the rest follows the retention rules.</summary>
    public VolunteerStep Leave() =>
        new(
            v =>
            {
                if (VolunteerScreening.Leave(v, Now) is { } certificate)
                {
                    db.PoliceCertificates.Remove(certificate);
                }
            },
            AuditActions.VolunteerLeft,
            _ => null,
            ClosesAccount: true);

    /// <summary>"I need a break" on her own page: her proposals not yet started go back, and her coordinators are told.</summary>
    public VolunteerStep Pause() =>
        new(v => VolunteerScreening.Pause(v, Now), AuditActions.VolunteerPaused, _ => null) { Notifies = VolunteerChange.Paused, WithdrawsProposals = true };

    /// <summary>"I'm ready again" on her own page; her coordinators are told.</summary>
    public static VolunteerStep Resume() =>
        new(VolunteerScreening.Resume, AuditActions.VolunteerResumed, _ => null) { Notifies = VolunteerChange.Resumed };

    /// <summary>
    /// She ends it herself: an open application is withdrawn, an approved or paused volunteer leaves. The
    /// police-certificate record goes at once either way (nothing is kept that is not needed), her account closes, and
    /// her coordinators are told.
    /// </summary>
    public VolunteerStep EndByHerself(Volunteer me)
    {
        ArgumentNullException.ThrowIfNull(me);
        var withdrawn = me.IsOpenApplication;
        return new VolunteerStep(
            v =>
            {
                var certificate = v.PoliceCertificate;
                if (withdrawn)
                {
                    VolunteerScreening.Withdraw(v, Now);
                    v.PoliceCertificate = null;
                }
                else
                {
                    certificate = VolunteerScreening.Leave(v, Now);
                }

                if (certificate is not null)
                {
                    db.PoliceCertificates.Remove(certificate);
                }
            },
            withdrawn ? AuditActions.VolunteerWithdrawn : AuditActions.VolunteerLeft,
            _ => "self",
            ClosesAccount: true) { Notifies = withdrawn ? VolunteerChange.Withdrawn : VolunteerChange.Left };
    }

    /// <summary>Her own profile: how to reach her, when she can meet, how far she travels, her languages and interests.</summary>
    public static VolunteerStep ChangeOwnProfile(string? phone, int availability, int maxTravelKm, IEnumerable<string> languages, IEnumerable<string> interests)
    {
        var spoken = languages.Distinct().ToList();
        var liked = interests.Distinct().ToList();
        return new(
            v =>
            {
                v.Phone = phone;
                v.Availability = availability;
                v.MaxTravelKm = maxTravelKm;
                v.Profile = v.Profile with { Languages = spoken, Interests = liked };
            },
            AuditActions.VolunteerProfileChanged,
            _ => null);
    }

    /// <summary>She signs the current version of the confidentiality declaration (docs/domain.md §4.1).</summary>
    public VolunteerStep SignDeclaration() =>
        new(
            v => db.DeclarationSignatures.Add(new DeclarationSignature { VolunteerId = v.Id, TextVersion = DeclarationSignature.CurrentTextVersion, SignedAt = Now }),
            AuditActions.DeclarationSigned,
            _ => DeclarationSignature.CurrentTextVersion);

    /// <summary>
    /// Takes a step on her record (opened by <see cref="VolunteerLoader"/>) and saves it with its audit entry, refused when
    /// her record is no longer at <paramref name="version"/> (null: the version it was opened at). A step that ends
    /// her time in the programme closes her account too, as when she ends it herself: disabled in the same save, and
    /// her sessions ended.
    /// </summary>
    public Task<StepResult> RunAsync(Volunteer volunteer, long? version, VolunteerStep step, CancellationToken ct) =>
        RunAsync(volunteer, version, [step], ct);

    /// <summary>
    /// Takes several steps on her record in one save (her own profile: the profile, her networks, her address), each
    /// with its audit entry; refused as a whole when one step is.
    /// </summary>
    public async Task<StepResult> RunAsync(Volunteer volunteer, long? version, IReadOnlyList<VolunteerStep> steps, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        ArgumentNullException.ThrowIfNull(steps);
        var closes = steps.Any(s => s.ClosesAccount);
        var account = closes && volunteer.UserId is { } userId
            ? await db.Users.FirstOrDefaultAsync(u => u.Id == userId && !u.Disabled, ct)
            : null;
        Expect(volunteer, version);
        try
        {
            foreach (var step in steps)
            {
                Take(step, volunteer);
            }
        }
        catch (DomainRuleException refused)
        {
            Discard();
            return new StepResult(StepOutcome.Refused, refused.Message);
        }

        if (account is not null)
        {
            closure.Close(account, volunteer.Status.ToString());
        }

        // A step that ends her time in the programme, or a pause, hands her proposals not yet started back to their coordinators.
        if (closes || steps.Any(s => s.WithdrawsProposals))
        {
            await matches.WithdrawProposalsOfVolunteerAsync(volunteer.Id, ct);
        }

        foreach (var change in steps.Select(s => s.Notifies).OfType<VolunteerChange>())
        {
            await notifier.NotifyCoordinatorsAsync(volunteer.AssociationId, change, ct);
        }

        switch (await unitOfWork.SaveAsync(ct))
        {
            case SaveOutcome.Stale:
                return new StepResult(StepOutcome.Stale);
            case SaveOutcome.Refused:
                return new StepResult(StepOutcome.Refused, "Common.SaveRefused");
        }

        if (account is not null)
        {
            await closure.EndSessionsAsync(account, ct);
        }

        return new StepResult(StepOutcome.Done);
    }

    /// <summary>
    /// One approval step by a coordinator (<see cref="VolunteerRules.Approve"/>): approved at once where she is her
    /// association's only coordinator; otherwise the first step asks, the same coordinator asking again changes
    /// nothing, and a different coordinator confirms (four-eyes).
    /// </summary>
    public Task<StepResult> ApproveAsync(Volunteer volunteer, long? version, Guid coordinator, CancellationToken ct) =>
        ApproveAsync(volunteer, version, coordinator, capacity: null, ct);

    /// <param name="capacity">How many women she may have at a time, chosen with the approval (null: unchanged).</param>
    public async Task<StepResult> ApproveAsync(Volunteer volunteer, long? version, Guid coordinator, int? capacity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        var policy = await settings.GetAsync(ct);
        if (capacity is { } wanted && wanted != volunteer.Capacity)
        {
            // The capacity chosen with the approval: the same rule and audit entry as setting it on her record.
            try
            {
                Take(await SetCapacityAsync(wanted, volunteer, ct), volunteer);
            }
            catch (DomainRuleException refused)
            {
                Discard();
                return new StepResult(StepOutcome.Refused, refused.Message);
            }
        }

        var catalogue = await db.TrainingModules.AsNoTracking().ToListAsync(ct);
        var coordinators = await CountActiveCoordinatorsAsync(volunteer.AssociationId, ct);
        var askedBefore = volunteer.ApprovalRequestedBy;
        Expect(volunteer, version);
        ApprovalOutcome outcome;
        try
        {
            outcome = VolunteerRules.Approve(volunteer, coordinator, coordinators, catalogue, Now, Today, policy);
        }
        catch (DomainRuleException refused)
        {
            Discard();
            return new StepResult(StepOutcome.Refused, refused.Message);
        }

        if (outcome.Approved)
        {
            audit.Record(AuditActions.VolunteerApproved, nameof(Volunteer), volunteer.Id);
            return await TrySaveAsync(ct) ? new StepResult(StepOutcome.Done) : new StepResult(StepOutcome.Stale);
        }

        if (outcome.Missing is [Requirement.SecondCoordinator])
        {
            if (askedBefore == volunteer.ApprovalRequestedBy)
            {
                // The same coordinator again: nothing changes, she still waits for a colleague.
                Discard();
                return new StepResult(StepOutcome.StillWaiting);
            }

            audit.Record(AuditActions.VolunteerApprovalRequested, nameof(Volunteer), volunteer.Id);
            return await TrySaveAsync(ct) ? new StepResult(StepOutcome.ApprovalRequested) : new StepResult(StepOutcome.Stale);
        }

        Discard();
        return new StepResult(StepOutcome.MissingRequirements, Missing: outcome.Missing);
    }

    /// <summary>
    /// Takes a step as part of a larger save (her own profile, an approval): applied and audited, not saved; a refused
    /// step throws <see cref="DomainRuleException"/>.
    /// </summary>
    public void Take(VolunteerStep step, Volunteer volunteer)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(volunteer);
        step.Apply(volunteer);
        audit.Record(step.AuditAction, nameof(Volunteer), volunteer.Id, step.Detail(volunteer));
    }

    /// <summary>Drops whatever this unit of work changed: tracked changes and recorded audit entries.</summary>
    public void Discard()
    {
        audit.Take();
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// Optimistic concurrency (SR20): the record must still have the version the client holds. It is marked changed
    /// even when only its child rows change, so its version moves on every step.
    /// </summary>
    private void Expect(Volunteer volunteer, long? version)
    {
        var entry = db.Entry(volunteer);
        if (version is { } expected)
        {
            entry.Property(e => e.Version).OriginalValue = expected;
        }

        entry.Property(e => e.UpdatedAt).IsModified = true;
    }

    /// <summary>The one save (<see cref="UnitOfWork"/>): false when refused, with the unit of work discarded.</summary>
    private async Task<bool> TrySaveAsync(CancellationToken ct) => await unitOfWork.SaveAsync(ct) == SaveOutcome.Saved;
}
