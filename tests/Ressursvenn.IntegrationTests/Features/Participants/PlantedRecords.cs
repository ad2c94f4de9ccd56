using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;

namespace Ressursvenn.IntegrationTests.Features.Participants;

/// <summary>A woman planted for the break-glass and export tests, with the values the tests look for.</summary>
public sealed record PlantedRecord(Guid Id, string Name, string Phone, string Reference, string Note);

/// <summary>Plants records through the domain rules in a system scope (as a referral would), and reads the audit trail.</summary>
public static class PlantedRecords
{
    public static async Task<PlantedRecord> PlantAsync(TestApp app, Guid association, Guid centre, string tag, Guid? noteAuthor = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var name = $"Plantet Deltaker {tag}";
        var phone = $"412 {System.Security.Cryptography.RandomNumberGenerator.GetInt32(10_000, 100_000)}";
        var note = $"Plantet notat {tag}";
        var her = await Plant.Participant(app, association, centre, name)
            .With(p =>
            {
                p.Contact = new SafeContact { Phone = phone, SafeTimes = "etter 16" };
                p.Area = new Area { MunicipalityCode = "0301", PostalCode = "0150" };
            })
            .Note(note, now, noteAuthor)
            .SaveAsync();
        return new PlantedRecord(her.Id, name, phone, her.Reference, note);
    }

    /// <summary>The audit entries of one action about one record, oldest first.</summary>
    public static async Task<IReadOnlyList<AuditEntry>> AuditAsync(TestApp app, string action, Guid entityId)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Action == action && e.EntityId == entityId)
            .OrderBy(e => e.Sequence).ToListAsync(TestContext.Current.CancellationToken);
    }
}
