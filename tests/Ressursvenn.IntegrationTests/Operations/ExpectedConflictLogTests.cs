using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Features.MyPages;
using Ressursvenn.IntegrationTests.Features.Volunteers;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Infrastructure;

namespace Ressursvenn.IntegrationTests.Operations;

/// <summary>
/// Conflicts the code expects and handles — the first start on an empty database, a second instance starting on it,
/// a renewal reminder claimed by the other instance, a unique key that refuses a duplicate — are not errors in the log
/// (README, "Health and logs"): an operator alerting on Error must not be woken by normal multi-instance operation.
/// </summary>
public sealed class ExpectedConflictLogTests
{
    [Fact]
    public async Task TwoInstances_StartingAndRacingForTheSameReminders_LogNoErrors()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await TestApp.CreateAsync();
        await using var second = await TestApp.CreateAsync(database: first.Database, clock: first.Clock);
        var (association, _) = await first.CreateOrganisationAsync("Kappløp");
        await first.CreateUserAsync(Roles.Coordinator, [association]);
        var settings = new ProgrammeSettings();
        var shownOn = DateOnly.FromDateTime(first.Clock.GetUtcNow().UtcDateTime).AddDays(11).AddYears(-settings.PoliceCertificateRenewalYears);
        var volunteers = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            var her = await MyPagesPlanting.PlantAsync(first, association, $"Kappløp Venn {i}", VolunteerStatus.Approved, v => v.PoliceCertificate =
                new PoliceCertificateRecord { VolunteerId = v.Id, ShownOn = shownOn, IssuedOn = shownOn.AddDays(-14), Purpose = "Frivillig ressursvenn" });
            volunteers.Add(her.Id);
        }

        // The same job on both instances at once: each reminder is claimed once; the loser's refused insert is expected.
        var runs = await Task.WhenAll(
            ActivatorUtilities.CreateInstance<RenewalReminderJob>(first.Services).RunOnceAsync(ct),
            ActivatorUtilities.CreateInstance<RenewalReminderJob>(second.Services).RunOnceAsync(ct));
        Assert.Equal(volunteers.Count, runs.Sum());

        // A unique key refusing a duplicate, handled by the caller as the code does.
        await using (var scope = second.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var existing = await db.CoordinatorAssociations.AsNoTracking().FirstAsync(ct);
            db.CoordinatorAssociations.Add(new CoordinatorAssociation { UserId = existing.UserId, AssociationId = existing.AssociationId });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(ct));
        }

        foreach (var app in new[] { first, second })
        {
            var errors = app.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Count == 0, "Logged as errors:\n" + string.Join('\n', errors.Select(e => e[..Math.Min(e.Length, 400)])));
        }
    }
}
