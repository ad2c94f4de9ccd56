using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Data.Encryption;
using Ressursvenn.Web.Domain.Participants;

namespace Ressursvenn.IntegrationTests.Privacy;

/// <summary>
/// A participant planted for a privacy test: recognisable values in every encrypted place the system keeps about
/// her (record, safe-contact plan, area, profile, risk, intake, a note, a break-glass reason).
/// </summary>
public sealed record PlantedParticipant(Guid Id, Guid ReferralId, Guid AssociationId, string Name, string Phone, IReadOnlyList<string> Plaintexts);

/// <summary>Plants participants through the domain rules (in a system scope, as a referral would) and reads their raw stored values.</summary>
public static class PlantedParticipants
{
    /// <summary>
    /// Refers her (consent to registration, and to statistics when asked), records the intake, puts her on the
    /// waiting list, adds a note and a break-glass access; declines her now when asked (retention counts from then).
    /// The tag makes her values unique and findable.
    /// </summary>
    public static async Task<PlantedParticipant> PlantAsync(
        TestApp app, Guid association, Guid centre, string tag, bool statistics, bool decline = true)
    {
        ArgumentNullException.ThrowIfNull(app);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var name = $"Plantet Deltaker {tag}";
        var phone = Phone(tag);
        string[] plaintexts =
        [
            name,
            phone,
            phone[4..],
            $"Kodeord{tag}",
            $"Aldri ring før seksten {tag}",
            $"Nettverk å unngå {tag}",
            $"Kartlegging sammendrag {tag}",
            $"Notat om flytting {tag}",
            $"Nødtilgang grunn {tag}",
        ];
        var plant = Plant.Participant(app, association, centre, name)
            .With(p =>
            {
                p.SafetyMarker = plaintexts[4];
                p.Contact = new SafeContact { Phone = phone, CodeWord = plaintexts[3], SafeTimes = "etter 16", MayLeaveMessage = false };
                p.Area = new Area { MunicipalityCode = "0301", PostalCode = "0150" };
                p.Profile = new ParticipantProfile { Languages = ["nb", "ar"], Interests = ["tur"], OtherNeeds = "barnepass" };
                p.Risk = new RiskInformation { NegativeSocialControl = true, NetworksToAvoid = plaintexts[5], MunicipalitiesToAvoid = ["3201"] };
            })
            .Consent(ConsentKind.Feedback, false)
            .Consent(ConsentKind.Statistics, statistics)
            .Waiting(now, new Intake { HeldOn = DateOnly.FromDateTime(now), Summary = plaintexts[6] })
            .Note(plaintexts[7], now)
            .BreakGlass(plaintexts[8]);
        if (decline)
        {
            plant.Declined(DeclineReason.NoSuitableVolunteer);
        }

        var her = await plant.SaveAsync();
        return new PlantedParticipant(her.Id, her.ReferralId, association, name, phone, plaintexts);
    }

    /// <summary>A phone number made from the whole tag, written with spaces (as a person would, and never in base64 by chance).</summary>
    private static string Phone(string tag)
    {
        var d = (tag.Aggregate(17u, (h, c) => unchecked((h * 31) + c)) % 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
        return $"+47 4{d[0]}{d[1]} {d[2]}{d[3]} {d[4]}{d[5]}{d[6]}";
    }

    /// <summary>Every encrypted value stored for her, as the database holds it (projections are never decrypted).</summary>
    public static async Task<IReadOnlyList<string>> CiphertextsAsync(TestApp app, Guid id)
    {
        ArgumentNullException.ThrowIfNull(app);
        var ct = TestContext.Current.CancellationToken;
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.Participants.Where(p => p.Id == id)
            .Select(p => new { p.Name, p.SafetyMarker, p.ContactData, p.AreaData, p.ProfileData, p.RiskData, p.IntakeData })
            .SingleAsync(ct);
        var notes = await db.ParticipantNotes.Where(n => n.ParticipantId == id).Select(n => n.Text).ToListAsync(ct);
        var reasons = await db.BreakGlassAccesses.Where(b => b.ParticipantId == id).Select(b => b.Reason).ToListAsync(ct);
        List<string?> all = [row.Name, row.SafetyMarker, row.ContactData, row.AreaData, row.ProfileData, row.RiskData, row.IntakeData, .. notes, .. reasons];
        Assert.Equal(9, all.Count);
        Assert.All(all, value => Assert.StartsWith(FieldCipher.Prefix, value, StringComparison.Ordinal));
        return all.Select(v => v!).ToList();
    }

    /// <summary>Her record through the app's context (decrypted), or null when there is none.</summary>
    public static async Task<Participant?> LoadAsync(TestApp app, Guid id)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Participants.AsNoTracking().Include(p => p.Consents).Include(p => p.Notes)
            .AsSplitQuery().SingleOrDefaultAsync(p => p.Id == id, TestContext.Current.CancellationToken);
    }

    /// <summary>How many rows of hers are left in each table that holds her (all zero after erasure).</summary>
    public static async Task<(int Participants, int Consents, int Notes, int BreakGlass)> RowsAsync(TestApp app, Guid id)
    {
        ArgumentNullException.ThrowIfNull(app);
        var ct = TestContext.Current.CancellationToken;
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (
            await db.Participants.IgnoreQueryFilters().CountAsync(p => p.Id == id, ct),
            await db.Consents.CountAsync(c => c.ParticipantId == id, ct),
            await db.ParticipantNotes.CountAsync(n => n.ParticipantId == id, ct),
            await db.BreakGlassAccesses.IgnoreQueryFilters().CountAsync(b => b.ParticipantId == id, ct));
    }

    /// <summary>Referrals counted in statistics, per association (what the statistics pages will count).</summary>
    public static async Task<Dictionary<Guid, int>> CountedReferralsAsync(TestApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.Referrals.Where(r => r.CountsInStatistics).GroupBy(r => r.AssociationId)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(TestContext.Current.CancellationToken);
        return rows.ToDictionary(r => r.Key, r => r.Count);
    }
}
