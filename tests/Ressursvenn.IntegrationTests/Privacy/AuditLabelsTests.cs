using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Security;

namespace Ressursvenn.IntegrationTests.Privacy;

/// <summary>
/// The privacy officer reads the audit trail in Norwegian on the page and in the CSV (or in English when
/// she chose English): no stored codes such as "(home)", "AppUser", "Coordinator:DoNotMatch" or "WeightDistance",
/// and times in Oslo time, not UTC.
/// </summary>
public sealed class AuditLabelsTests
{
    [Fact]
    public async Task AuditPageAndCsv_ShowLabelsAndOsloTime_NotCodesAndUtc()
    {
        await using var app = await TestApp.CreateAsync();
        var officer = await app.CreateUserAsync(Roles.PrivacyOfficer, name: "Personvern Testesen");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            audit.Record(AuditActions.ParticipantListViewed, "Participant", null, "home");
            audit.Record(AuditActions.UserChanged, nameof(AppUser), Guid.CreateVersion7(), "RoleChanged");
            audit.Record(AuditActions.MatchDeclined, "Match", Guid.CreateVersion7(), "Coordinator:DoNotMatch");
            // The same word in two cases ("created" from training modules, "Created" from gatherings) has one label.
            audit.Record(AuditActions.GatheringChanged, "Gathering", Guid.CreateVersion7(), "Created");
            audit.Record(AuditActions.TrainingModuleChanged, "TrainingModule", Guid.CreateVersion7(), "created");
            audit.Record(AuditActions.SettingsChanged, "ProgrammeSettings", Guid.CreateVersion7(), "WeightDistance 10→20, VolunteersRequireSecondFactor False→True");
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        using var client = await app.LoggedInClientAsync(officer);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/revisjon", UriKind.Relative), TestContext.Current.CancellationToken));
        var csv = await client.GetStringAsync(new Uri("/revisjon/eksport", UriKind.Relative), TestContext.Current.CancellationToken);

        foreach (var (what, text) in new[] { ("page", html), ("CSV", csv) })
        {
            // The fake clock stands at 25.11.2026 09:00 UTC, which is 10:00 in Oslo.
            Assert.True(text.Contains("25.11.2026 10:00:00", StringComparison.Ordinal), $"{what}: no Oslo time");
            Assert.False(text.Contains("09:00:00", StringComparison.Ordinal), $"{what}: a UTC time");
            foreach (var code in new[] { "(home)", "AppUser", "DoNotMatch", "WeightDistance", "RoleChanged", "ParticipantListViewed", "SecondFactor", "Created", "created" })
            {
                Assert.False(text.Contains(code, StringComparison.Ordinal), $"{what} shows the code {code}");
            }

            foreach (var label in new[] { "forsiden", "ny rolle", "koordinatoren: skal ikke kobles", "vekt for avstand 10→20", "tofaktor for ressursvenner av→på", "opprettet" })
            {
                Assert.True(text.Contains(label, StringComparison.Ordinal), $"{what} lacks '{label}'");
            }
        }
    }
}
