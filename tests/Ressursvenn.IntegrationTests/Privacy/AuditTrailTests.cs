using System.Net;
using CsvHelper;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Security;
using static Ressursvenn.IntegrationTests.Privacy.AuditTestData;

namespace Ressursvenn.IntegrationTests.Privacy;

/// <summary>SR17: audited changes write one entry in the same transaction; the chain detects tampering; the database refuses edits.</summary>
public sealed class AuditTrailTests
{
    [Fact]
    public async Task CreatingAnAssociation_WritesExactlyOneEntry_NamingTheAdminAndTheRecord()
    {
        await using var app = await TestApp.CreateAsync();
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        using var client = await app.LoggedInClientAsync(admin);
        var before = await CountAsync(app, AuditActions.AssociationCreated);

        var response = await client.PostFormAsync("/admin/forening",
            [new("Input.Name", "Revisjon sanitetsforening"), new("Input.CountyCode", "03"), new("Input.MunicipalityCodes", "0301"), new("Input.Version", "0")]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var association = await db.Associations.SingleAsync(a => a.Name == "Revisjon sanitetsforening", TestContext.Current.CancellationToken);
        var entries = await db.AuditEntries.Where(e => e.Action == AuditActions.AssociationCreated).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(before + 1, entries.Count);
        var entry = Assert.Single(entries, e => e.EntityId == association.Id);
        Assert.Equal(admin.Id, entry.UserId);
        Assert.Equal(nameof(LocalAssociation), entry.EntityType);
        Assert.True((await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(TestContext.Current.CancellationToken)).IsIntact);
    }

    [Fact]
    public async Task RefusedChange_WritesNoEntry()
    {
        await using var app = await TestApp.CreateAsync();
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        using var client = await app.LoggedInClientAsync(admin);
        var response = await client.PostFormAsync("/admin/forening", [new("Input.Name", string.Empty), new("Input.CountyCode", "03"), new("Input.Version", "0")]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await CountAsync(app, AuditActions.AssociationCreated));
    }

    [Fact]
    public async Task UntouchedTrail_Verifies_AndEveryKindOfTampering_IsNamed()
    {
        await using var app = await TestApp.CreateAsync();
        await WriteEntriesAsync(app, 8);
        Assert.True((await VerifyAsync(app)).IsIntact);
        await AllowTamperingAsync(app);

        // Changed: entry 3's action.
        await ExecAsync(app, "UPDATE \"AuditEntries\" SET \"Action\" = 'UserEnabled' WHERE \"Sequence\" = 3");
        var changed = await VerifyAsync(app);
        Assert.Equal((3L, AuditBreak.Changed), (changed.FirstBadSequence!.Value, changed.Break));
        await ExecAsync(app, "UPDATE \"AuditEntries\" SET \"Action\" = 'UserDisabled' WHERE \"Sequence\" = 3");
        Assert.True((await VerifyAsync(app)).IsIntact);

        // Reordered: entries 5 and 6 swap places.
        await ExecAsync(app, "UPDATE \"AuditEntries\" SET \"Sequence\" = -5 WHERE \"Sequence\" = 5");
        await ExecAsync(app, "UPDATE \"AuditEntries\" SET \"Sequence\" = 5 WHERE \"Sequence\" = 6");
        await ExecAsync(app, "UPDATE \"AuditEntries\" SET \"Sequence\" = 6 WHERE \"Sequence\" = -5");
        Assert.Equal(5L, (await VerifyAsync(app)).FirstBadSequence);
        await ExecAsync(app, "UPDATE \"AuditEntries\" SET \"Sequence\" = -5 WHERE \"Sequence\" = 6");
        await ExecAsync(app, "UPDATE \"AuditEntries\" SET \"Sequence\" = 6 WHERE \"Sequence\" = 5");
        await ExecAsync(app, "UPDATE \"AuditEntries\" SET \"Sequence\" = 5 WHERE \"Sequence\" = -5");
        Assert.True((await VerifyAsync(app)).IsIntact);

        // Removed: entry 4.
        await ExecAsync(app, "DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 4");
        var removed = await VerifyAsync(app);
        Assert.Equal((5L, AuditBreak.SequenceGap), (removed.FirstBadSequence!.Value, removed.Break));
    }

    [Fact]
    public async Task TheDatabase_RefusesToChangeOrRemoveAnEntry()
    {
        await using var app = await TestApp.CreateAsync();
        await WriteEntriesAsync(app, 2);
        await Assert.ThrowsAnyAsync<Exception>(() => ExecAsync(app, "UPDATE \"AuditEntries\" SET \"Action\" = 'X' WHERE \"Sequence\" = 1"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecAsync(app, "DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 2"));
        Assert.True((await VerifyAsync(app)).IsIntact);
        Assert.Equal(2, (await VerifyAsync(app)).Checked);
    }

    [Fact]
    public async Task ConcurrentWriters_KeepOneUnbrokenChain()
    {
        await using var app = await TestApp.CreateAsync();
        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => WriteEntriesAsync(app, 3)));
        var result = await VerifyAsync(app);
        Assert.True(result.IsIntact, $"broken at {result.FirstBadSequence}: {result.Break}");
        Assert.Equal(36, result.Checked);
    }

    [Fact]
    public async Task AuditPage_ShowsAndExportsTheTrail_AndViewingItIsItselfAudited()
    {
        await using var app = await TestApp.CreateAsync();
        var officer = await app.CreateUserAsync(Roles.PrivacyOfficer, name: "Personvern Testesen");
        using var client = await app.LoggedInClientAsync(officer);

        var page = await client.GetAsync(new Uri("/revisjon", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("Personvern Testesen", html, StringComparison.Ordinal);
        Assert.Contains("Logget inn", html, StringComparison.Ordinal);

        var export = await client.GetAsync(new Uri($"/revisjon/eksport?bruker={officer.Id}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var csv = await export.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("Logget inn", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(AuditActions.LoggedIn, csv, StringComparison.Ordinal);
        Assert.StartsWith("\"løpenummer\";\"tidspunkt (norsk tid)\"", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(app, AuditActions.AuditExported));
    }

    [Fact]
    public async Task Export_DefusesAFormulaInAUsersName_AndKeepsItsQuotesAndSeparators()
    {
        const string name = "=HYPERLINK(\"https://evil.invalid/?a=1;b=2\",\"Klikk her\")";
        await using var app = await TestApp.CreateAsync();
        var officer = await app.CreateUserAsync(Roles.PrivacyOfficer, name: name);
        using var client = await app.LoggedInClientAsync(officer);

        var export = await client.GetAsync(new Uri($"/revisjon/eksport?bruker={officer.Id}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("revisjonslogg.csv", export.Content.Headers.ContentDisposition?.FileName);
        var csv = await export.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.DoesNotContain("\"=HYPERLINK", csv, StringComparison.Ordinal);
        using var reader = CsvReader.Create(new StringReader(csv.TrimStart('\uFEFF')), CsvReaderOptions.Default with { Separator = ';' });
        var users = new List<string>();
        while (reader.Read())
        {
            users.Add(reader.GetString(3));
        }

        Assert.NotEmpty(users);
        Assert.All(users, u => Assert.Equal("'" + name, u));
    }

    [Trait("Provider", "Sqlite")]
    [Fact]
    public async Task VerifyAuditCommand_PassesOnAnUntouchedTrail_AndExitsNonZeroNamingAChangedEntry()
    {
        using var data = new AppCommand.TempFolder();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Database__Provider"] = "Sqlite",
            ["Database__ConnectionString"] = string.Empty,
            ["Database__DataFolder"] = data.Path,
        };
        var invited = await AppCommand.RunAsync(["create-admin", "--email", "revisor@test.invalid", "--name", "Revisor"], environment);
        Assert.True(invited.ExitCode == 0, invited.Describe("create-admin to exit 0"));

        var intact = await AppCommand.RunAsync(["verify-audit"], environment);
        Assert.True(intact.ExitCode == 0, intact.Describe("verify-audit to pass"));
        Assert.Contains("1 entries", intact.StandardOutput, StringComparison.Ordinal);

        var file = Path.Combine(data.Path, "ressursvenn.db");
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP TRIGGER audit_entries_no_update; UPDATE \"AuditEntries\" SET \"Detail\" = 'Volunteer' WHERE \"Sequence\" = 1;";
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var broken = await AppCommand.RunAsync(["verify-audit"], environment);
        Assert.True(broken.ExitCode == 3, broken.Describe("verify-audit to exit 3"));
        Assert.Contains("entry 1", broken.StandardError, StringComparison.Ordinal);
    }

    private static async Task<int> CountAsync(TestApp app, string action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.CountAsync(e => e.Action == action, TestContext.Current.CancellationToken);
    }
}
