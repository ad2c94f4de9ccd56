using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Domain.Volunteers;

namespace Ressursvenn.IntegrationTests.Infrastructure;

/// <summary>What <see cref="Plant.Participant"/> left in the database.</summary>
public sealed record PlantedWoman(Guid Id, Guid ReferralId, string Reference);

/// <summary>
/// The one place the integration tests plant records directly in the database, in a system scope, through the domain
/// rules (as a referral, an intake and the waiting list would leave them). Each test states what matters to it; the
/// rest has plain defaults.
/// </summary>
public static class Plant
{
    /// <summary>
    /// A woman referred by the centre (every consent given, unless said otherwise), in Oslo (0301) with a phone
    /// number and safe times, and no more: add an intake, the waiting list, notes and the rest with the builder.
    /// </summary>
    public static ParticipantBuilder Participant(TestApp app, Guid association, Guid centre, string name) => new(app, association, centre, name);

    /// <summary>
    /// A volunteer record of the association in Oslo (0301) with a unique e-mail address and nothing else set: the test (or the
    /// preset it uses) sets her status, dates, profile and screening steps with the builder.
    /// </summary>
    public static VolunteerBuilder Volunteer(TestApp app, Guid association, string name) => new(app, association, name);

    /// <summary>Matches exactly as given (no rules checked: a finished history, or what another instance left).</summary>
    public static async Task<IReadOnlyList<Match>> MatchesAsync(TestApp app, params Match[] matches)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Matches.AddRange(matches);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return matches;
    }

    /// <summary>One match exactly as given; its id.</summary>
    public static async Task<Guid> MatchAsync(TestApp app, Match match) => (await MatchesAsync(app, match))[0].Id;
}

/// <summary>Plants one volunteer (<see cref="Plant.Volunteer"/>); <see cref="SaveAsync"/> writes her.</summary>
public sealed class VolunteerBuilder
{
    private readonly TestApp app;
    private readonly Volunteer volunteer;
    private DateOnly? trainedOn;

    internal VolunteerBuilder(TestApp app, Guid association, string name)
    {
        ArgumentNullException.ThrowIfNull(app);
        this.app = app;
        volunteer = new Volunteer { AssociationId = association, Name = name, Email = $"frivillig-{Guid.NewGuid():N}@test.invalid", MunicipalityCode = "0301" };
    }

    /// <summary>Sets fields of the record (status, dates, profile, capacity, account).</summary>
    public VolunteerBuilder With(Action<Volunteer> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        shape(volunteer);
        return this;
    }

    public VolunteerBuilder Interviewed(DateOnly heldOn, Suitability suitability = Suitability.Suitable)
    {
        volunteer.Interview = new VolunteerInterview { VolunteerId = volunteer.Id, HeldOn = heldOn, Suitability = suitability };
        return this;
    }

    public VolunteerBuilder CertificateShown(DateOnly shownOn, DateOnly issuedOn)
    {
        volunteer.PoliceCertificate = new PoliceCertificateRecord { VolunteerId = volunteer.Id, ShownOn = shownOn, IssuedOn = issuedOn, Purpose = "Frivillig ressursvenn" };
        return this;
    }

    /// <summary>Every mandatory module in use, completed that day.</summary>
    public VolunteerBuilder Trained(DateOnly completedOn)
    {
        trainedOn = completedOn;
        return this;
    }

    /// <summary>Her signature of the current declaration.</summary>
    public VolunteerBuilder SignedDeclaration(DateTime signedAt)
    {
        volunteer.Declarations.Add(new DeclarationSignature { VolunteerId = volunteer.Id, TextVersion = DeclarationSignature.CurrentTextVersion, SignedAt = signedAt });
        return this;
    }

    public async Task<Guid> SaveAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (trainedOn is { } on)
        {
            foreach (var module in await db.TrainingModules.Where(m => m.Mandatory && m.Active).ToListAsync(ct))
            {
                volunteer.Training.Add(new TrainingCompletion { VolunteerId = volunteer.Id, ModuleId = module.Id, CompletedOn = on });
            }
        }

        db.Volunteers.Add(volunteer);
        await db.SaveChangesAsync(ct);
        return volunteer.Id;
    }
}

/// <summary>Plants one participant (<see cref="Plant.Participant"/>); <see cref="SaveAsync"/> writes her.</summary>
public sealed class ParticipantBuilder
{
    private readonly TestApp app;
    private readonly Guid centre;
    private readonly Participant participant;
    private readonly Dictionary<ConsentKind, bool> consents = Enum.GetValues<ConsentKind>().ToDictionary(k => k, _ => true);
    private readonly List<Action<Participant, DateTime>> afterReferral = [];
    private readonly List<Action<AppDbContext, DateTime>> alongside = [];
    private DateTime? referredAt;
    private bool takenIn;
    private DeclineReason? declined;

    internal ParticipantBuilder(TestApp app, Guid association, Guid centre, string name)
    {
        ArgumentNullException.ThrowIfNull(app);
        this.app = app;
        this.centre = centre;
        participant = new Participant { Name = name, AssociationId = association };
        participant.Contact = new SafeContact { Phone = "400 00 000", SafeTimes = "etter 16" };
        participant.Area = new Area { MunicipalityCode = "0301" };
    }

    private DateTime Now => app.Clock.GetUtcNow().UtcDateTime;

    /// <summary>Sets what the referral form holds (contact, area, profile, risk, safety marker) on the record before she is referred.</summary>
    public ParticipantBuilder With(Action<Participant> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        shape(participant);
        return this;
    }

    public ParticipantBuilder Consent(ConsentKind kind, bool given)
    {
        consents[kind] = given;
        return this;
    }

    /// <summary>When she was referred (default: now).</summary>
    public ParticipantBuilder ReferredAt(DateTime at)
    {
        referredAt = at;
        return this;
    }

    /// <summary>Records the intake at <paramref name="at"/> (default: now; the intake held that day unless it says).</summary>
    public ParticipantBuilder TakenIn(DateTime? at = null, Intake? intake = null)
    {
        takenIn = true;
        afterReferral.Add((p, now) =>
        {
            var when = at ?? now;
            var held = intake ?? new Intake();
            if (held.HeldOn == default)
            {
                held = held with { HeldOn = DateOnly.FromDateTime(when) };
            }

            ParticipantLifecycle.RecordIntake(p, held, when);
        });
        return this;
    }

    /// <summary>Takes her in (when not done yet) and puts her on the waiting list at <paramref name="at"/> (default: now).</summary>
    public ParticipantBuilder Waiting(DateTime? at = null, Intake? intake = null)
    {
        if (!takenIn)
        {
            TakenIn(at, intake);
        }

        afterReferral.Add((p, now) => ParticipantLifecycle.PutOnWaitingList(p, at ?? now));
        return this;
    }

    /// <summary>A note on her record, written at <paramref name="at"/> (default: now).</summary>
    public ParticipantBuilder Note(string text, DateTime? at = null, Guid? author = null)
    {
        afterReferral.Add((p, now) => p.Notes.Add(new ParticipantNote { ParticipantId = p.Id, Text = text, CreatedAt = at ?? now, AuthorUserId = author }));
        return this;
    }

    /// <summary>Changes the record after the referral and intake steps (what a later page would have done).</summary>
    public ParticipantBuilder Then(Action<Participant> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        afterReferral.Add((p, _) => change(p));
        return this;
    }

    /// <summary>A break-glass access to her record by some user, for half an hour from now, with this reason.</summary>
    public ParticipantBuilder BreakGlass(string reason)
    {
        alongside.Add((db, now) => db.BreakGlassAccesses.Add(new BreakGlassAccess
        {
            ParticipantId = participant.Id,
            AssociationId = participant.AssociationId,
            UserId = Guid.CreateVersion7(),
            Reason = reason,
            GrantedAt = now,
            ExpiresAt = now.AddMinutes(30),
        }));
        return this;
    }

    /// <summary>Declines her now, in a second save (as in real life: the row is rewritten, not only inserted).</summary>
    public ParticipantBuilder Declined(DeclineReason reason)
    {
        declined = reason;
        return this;
    }

    public async Task<PlantedWoman> SaveAsync()
    {
        var now = Now;
        var ct = TestContext.Current.CancellationToken;
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var referral = ParticipantLifecycle.Refer(participant, centre, null, consents, referredAt ?? now);
        foreach (var step in afterReferral)
        {
            step(participant, now);
        }

        db.Participants.Add(participant);
        foreach (var add in alongside)
        {
            add(db, now);
        }

        await db.SaveChangesAsync(ct);
        if (declined is { } reason)
        {
            ParticipantLifecycle.Decline(participant, reason, now);
            await db.SaveChangesAsync(ct);
        }

        return new PlantedWoman(participant.Id, referral.Id, referral.Reference);
    }
}
