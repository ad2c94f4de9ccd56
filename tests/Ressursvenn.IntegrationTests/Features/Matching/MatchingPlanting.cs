using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Domain.Volunteers;

namespace Ressursvenn.IntegrationTests.Features.Matching;

/// <summary>What a planted waiting woman needs and wishes (the defaults: Oslo, Norwegian, walks).</summary>
public sealed record WomanSpec
{
    public string Municipality { get; init; } = "0301";

    public IReadOnlyList<string> Languages { get; init; } = ["nb"];

    public bool NeedsSameLanguage { get; init; }

    public IReadOnlyList<string> Interests { get; init; } = ["walks"];

    public IReadOnlyList<string> Needs { get; init; } = ["social"];

    public IReadOnlyList<string> AreasToAvoid { get; init; } = [];

    /// <summary>Her networks to avoid as the referral form's free text.</summary>
    public string? NetworksToAvoid { get; init; }

    public int? MinAge { get; init; }

    public int? MaxAge { get; init; }

    /// <summary>False: only referred (not on the waiting list).</summary>
    public bool Waiting { get; init; } = true;
}

/// <summary>A planted approved volunteer (the defaults: Oslo, Norwegian, walks, one match at a time, travels 30 km).</summary>
public sealed record VolunteerSpec
{
    public string Municipality { get; init; } = "0301";

    public IReadOnlyList<string> Languages { get; init; } = ["nb"];

    public IReadOnlyList<string> Interests { get; init; } = ["walks"];

    public int Capacity { get; init; } = 1;

    public int MaxTravelKm { get; init; } = 30;

    public DateOnly BirthDate { get; init; } = new(1980, 3, 14);
}

/// <summary>
/// Plants the records of a matching scenario directly in the database, in a system scope (as the referral, intake
/// and screening pages would leave them): waiting women, and approved volunteers with every requirement in order
/// (interview Suitable, a fresh police certificate, every mandatory module, the current declaration).
/// </summary>
public static class MatchingPlanting
{
    public static async Task<Guid> WomanAsync(TestApp app, Guid association, Guid centre, string name, WomanSpec? spec = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        spec ??= new WomanSpec();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var woman = new Participant { Name = name, AssociationId = association };
        woman.Contact = new SafeContact { Phone = "400 00 000", SafeTimes = "etter 16" };
        woman.Area = new Area { MunicipalityCode = spec.Municipality };
        woman.Profile = new ParticipantProfile
        {
            Languages = spec.Languages, NeedsSameLanguage = spec.NeedsSameLanguage, Interests = spec.Interests, Needs = spec.Needs,
        };
        woman.Risk = new RiskInformation { MunicipalitiesToAvoid = spec.AreasToAvoid, NetworksToAvoid = spec.NetworksToAvoid };
        var consents = Enum.GetValues<ConsentKind>().ToDictionary(k => k, _ => true);
        ParticipantLifecycle.Refer(woman, centre, null, consents, now);
        if (spec.Waiting)
        {
            ParticipantLifecycle.RecordIntake(woman, new Intake
            {
                HeldOn = DateOnly.FromDateTime(now), VolunteerMinAge = spec.MinAge, VolunteerMaxAge = spec.MaxAge,
            }, now);
            ParticipantLifecycle.PutOnWaitingList(woman, now);
        }

        db.Participants.Add(woman);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return woman.Id;
    }

    public static async Task<Guid> VolunteerAsync(TestApp app, Guid association, string name, VolunteerSpec? spec = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        spec ??= new VolunteerSpec();
        var ct = TestContext.Current.CancellationToken;
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var volunteer = new Volunteer
        {
            AssociationId = association,
            Name = name,
            Email = $"ressursvenn-{Guid.NewGuid():N}@test.invalid",
            BirthDate = spec.BirthDate,
            MunicipalityCode = spec.Municipality,
            Status = VolunteerStatus.Approved,
            AppliedAt = now.AddDays(-60),
            ApprovedAt = now.AddDays(-30),
            Availability = 0b111,
            Capacity = spec.Capacity,
            MaxTravelKm = spec.MaxTravelKm,
            Profile = new VolunteerProfile { Languages = spec.Languages, Interests = spec.Interests, Motivation = "Vil hjelpe." },
        };
        volunteer.Interview = new VolunteerInterview { VolunteerId = volunteer.Id, HeldOn = today.AddDays(-40), Suitability = Suitability.Suitable };
        volunteer.PoliceCertificate = new PoliceCertificateRecord
        {
            VolunteerId = volunteer.Id, ShownOn = today.AddDays(-35), IssuedOn = today.AddDays(-50), Purpose = "Frivillig ressursvenn",
        };
        foreach (var module in await db.TrainingModules.Where(m => m.Mandatory && m.Active).ToListAsync(ct))
        {
            volunteer.Training.Add(new TrainingCompletion { VolunteerId = volunteer.Id, ModuleId = module.Id, CompletedOn = today.AddDays(-33) });
        }

        volunteer.Declarations.Add(new DeclarationSignature { VolunteerId = volunteer.Id, TextVersion = DeclarationSignature.CurrentTextVersion, SignedAt = now.AddDays(-32) });
        db.Volunteers.Add(volunteer);
        await db.SaveChangesAsync(ct);
        return volunteer.Id;
    }

    /// <summary>Her matches (every status), oldest first.</summary>
    public static async Task<IReadOnlyList<Match>> MatchesOfAsync(TestApp app, Guid participantId)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Matches.AsNoTracking()
            .Where(m => m.ParticipantId == participantId).OrderBy(m => m.ProposedAt).ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The open matches (proposed to closing) of a volunteer.</summary>
    public static async Task<int> OpenMatchesOfVolunteerAsync(TestApp app, Guid volunteerId)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Matches
            .CountAsync(m => m.VolunteerId == volunteerId && m.VolunteerSlot != null, TestContext.Current.CancellationToken);
    }

    public static async Task<IReadOnlyList<WideningRequest>> WideningRequestsAsync(TestApp app, Guid participantId)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().WideningRequests.AsNoTracking()
            .Where(w => w.ParticipantId == participantId).ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The audit entries of one action (any entity), oldest first.</summary>
    public static async Task<IReadOnlyList<AuditEntry>> AuditAsync(TestApp app, string action)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Action == action).OrderBy(e => e.Sequence).ToListAsync(TestContext.Current.CancellationToken);
    }
}
