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
        var plant = Plant.Participant(app, association, centre, name).With(woman =>
        {
            woman.Contact = new SafeContact { Phone = "400 00 000", SafeTimes = "etter 16" };
            woman.Area = new Area { MunicipalityCode = spec.Municipality };
            woman.Profile = new ParticipantProfile
            {
                Languages = spec.Languages, NeedsSameLanguage = spec.NeedsSameLanguage, Interests = spec.Interests, Needs = spec.Needs,
            };
            woman.Risk = new RiskInformation { MunicipalitiesToAvoid = spec.AreasToAvoid, NetworksToAvoid = spec.NetworksToAvoid };
        });
        if (spec.Waiting)
        {
            plant.Waiting(intake: new Intake { VolunteerMinAge = spec.MinAge, VolunteerMaxAge = spec.MaxAge });
        }

        return (await plant.SaveAsync()).Id;
    }

    public static async Task<Guid> VolunteerAsync(TestApp app, Guid association, string name, VolunteerSpec? spec = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        spec ??= new VolunteerSpec();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        return await Plant.Volunteer(app, association, name)
            .With(volunteer =>
            {
                volunteer.Email = $"ressursvenn-{Guid.NewGuid():N}@test.invalid";
                volunteer.BirthDate = spec.BirthDate;
                volunteer.MunicipalityCode = spec.Municipality;
                volunteer.Status = VolunteerStatus.Approved;
                volunteer.AppliedAt = now.AddDays(-60);
                volunteer.ApprovedAt = now.AddDays(-30);
                volunteer.Availability = 0b111;
                volunteer.Capacity = spec.Capacity;
                volunteer.MaxTravelKm = spec.MaxTravelKm;
                volunteer.Profile = new VolunteerProfile { Languages = spec.Languages, Interests = spec.Interests, Motivation = "Vil hjelpe." };
            })
            .Interviewed(today.AddDays(-40))
            .CertificateShown(today.AddDays(-35), issuedOn: today.AddDays(-50))
            .Trained(today.AddDays(-33))
            .SignedDeclaration(now.AddDays(-32))
            .SaveAsync();
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
