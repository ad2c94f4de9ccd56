using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Security;

namespace Ressursvenn.IntegrationTests.Privacy;

/// <summary>Writes, verifies and tampers with a test app's audit trail the way the audit tests need.</summary>
internal static class AuditTestData
{
    /// <summary>Writes <paramref name="count"/> entries, each in its own audited save (so each writes a checkpoint).</summary>
    public static async Task WriteEntriesAsync(TestApp app, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<AuditTrail>().Record(AuditActions.UserDisabled, nameof(AppUser), Guid.CreateVersion7(), userId: Guid.CreateVersion7());
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync(TestContext.Current.CancellationToken);
        }
    }

    public static async Task<AuditVerification> VerifyAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>What an attacker with the database owner's rights (or the SQLite file) can do: switch the append-only triggers off.</summary>
    public static Task AllowTamperingAsync(TestApp app) => TestDatabase.IsPostgres
        ? ExecAsync(app, "ALTER TABLE \"AuditEntries\" DISABLE TRIGGER USER")
        : ExecAsync(app, "DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete;");

    public static async Task ExecAsync(TestApp app, string sql)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
