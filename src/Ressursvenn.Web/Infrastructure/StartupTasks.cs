using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Infrastructure.ReferenceData;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Infrastructure;

/// <summary>What runs before the app serves: migrations, reference data, and the first-admin setup link.</summary>
public static class StartupTasks
{
    /// <summary>Migrates and loads reference data; a database that cannot be reached becomes a plain StartupException.</summary>
    public static async Task PrepareDatabaseAsync(IServiceProvider services, bool migrate, CancellationToken ct = default)
    {
        await using var scope = services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        try
        {
            if (migrate)
            {
                // Values written before field encryption existed are encrypted once, right after its migration (ADR 0008);
                // users' e-mail addresses (encrypted from the UserEmailEncryption migration on) likewise, right after theirs.
                var pending = await db.Database.GetPendingMigrationsAsync(ct);
                var encryptsNow = pending.Any(m => m.EndsWith("_FieldEncryption", StringComparison.Ordinal));
                var encryptsEmailNow = pending.Any(m => m.EndsWith("_UserEmailEncryption", StringComparison.Ordinal));
                await db.Database.MigrateAsync(ct);
                var reencryptor = scope.ServiceProvider.GetRequiredService<Data.Encryption.FieldReencryptor>();
                if (encryptsNow)
                {
                    await reencryptor.ReencryptAllAsync(encryptPlaintext: true, ct);
                }

                if (encryptsEmailNow)
                {
                    await reencryptor.EncryptLegacyPlaintextAsync<AppUser>([nameof(AppUser.Email), nameof(AppUser.UserName)], ct);
                }

                // Users whose normalized e-mail and user name are not yet blind indexes (written before the index, or
                // restored from such a backup) get theirs from the decrypted address, so they can log in again.
                await scope.ServiceProvider.GetRequiredService<Data.Encryption.BlindIndexBackfill>().RunAsync(ct);
            }
            else if (!await db.Database.CanConnectAsync(ct))
            {
                throw new StartupException(Unreachable(options, "the connection was refused"));
            }

            await scope.ServiceProvider.GetRequiredService<ReferenceDataLoader>().EnsureLoadedAsync(ct);
            await EnsureTrainingCatalogueAsync(db, ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or SqliteException or SocketException or TimeoutException
                                       or InvalidOperationException { InnerException: NpgsqlException or SocketException })
        {
            throw new StartupException(Unreachable(options, ex.Message), ex);
        }

        PrivateFiles.WarnIfLoose(services);
    }

    /// <summary>The training modules of DOMAIN.md §4.1, all mandatory: the catalogue a new installation starts with.</summary>
    public static readonly IReadOnlyList<string> DefaultTrainingModules =
    [
        "Traumer og vold",
        "Vold i nære relasjoner",
        "Taushetsplikt",
        "Å sette grenser",
        "Æresrelatert vold og negativ sosial kontroll",
        "Sikkerhet og hva du gjør i en nødsituasjon",
    ];

    /// <summary>
    /// Fills an empty training catalogue with the default modules (once: the national admin changes it from then on).
    /// Idempotent, and safe when two instances start together: the unique module name refuses the second.
    /// </summary>
    public static async Task EnsureTrainingCatalogueAsync(AppDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.TrainingModules.AnyAsync(ct))
        {
            return;
        }

        db.TrainingModules.AddRange(DefaultTrainingModules.Select(name => new Domain.Volunteers.TrainingModule { Name = name, Mandatory = true }));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (!await db.TrainingModules.AnyAsync(ct))
            {
                throw;
            }

            // Another instance seeded it at the same moment.
        }
    }

    /// <summary>When no national admin exists, makes a one-time setup link and prints it (not to the log).</summary>
    public static async Task PrintSetupLinkIfNeededAsync(IServiceProvider services, TextWriter output, CancellationToken ct = default)
    {
        await using var scope = services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.Users.AnyAsync(u => u.Role == Roles.NationalAdmin && !u.Disabled, ct))
        {
            return;
        }

        var tokens = scope.ServiceProvider.GetRequiredService<OneTimeTokenService>();
        await db.OneTimeTokens.Where(t => t.Purpose == TokenPurpose.FirstAdminSetup && t.UsedAt == null).ExecuteDeleteAsync(ct);
        var secret = tokens.Create(TokenPurpose.FirstAdminSetup, userId: null);
        await db.SaveChangesAsync(ct);

        var address = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(a => a.Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
                .Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal))
            .OrderBy(a => a.StartsWith("https", StringComparison.Ordinal) ? 1 : 0)
            .FirstOrDefault() ?? "http://localhost:5000";
        await output.WriteLineAsync();
        await output.WriteLineAsync("==============================================================================");
        await output.WriteLineAsync(" No national admin exists yet. Open this one-time link to create the first one");
        await output.WriteLineAsync($" (valid for {OneTimeTokenService.SetupLifetime.TotalHours:0} hours, usable once):");
        await output.WriteLineAsync();
        await output.WriteLineAsync($"   {address.TrimEnd('/')}/oppsett?token={secret}");
        await output.WriteLineAsync("==============================================================================");
        await output.WriteLineAsync();
        await output.FlushAsync(ct);
    }

    private static string Unreachable(DatabaseOptions options, string detail) => options.Provider == DatabaseProvider.Postgres
        ? $"Cannot reach the PostgreSQL database ({Describe(options.ConnectionString)}): {detail}. Check Database:ConnectionString and that the server is running."
        : $"Cannot open the SQLite database in '{options.DataFolder}': {detail}. Check Database:DataFolder (it must be writable).";

    private static string Describe(string? connectionString)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"host {b.Host}, port {b.Port}, database {b.Database}";
        }
        catch (ArgumentException)
        {
            return "connection string not readable";
        }
    }
}
