using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Infrastructure.Email;
using Ressursvenn.Web.Infrastructure.ReferenceData;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Infrastructure;

/// <summary>What runs before the app serves: migrations, reference data, and the first-admin setup link.</summary>
public static class StartupTasks
{
    /// <summary>
    /// Migrates, encrypts legacy values, loads reference data and the training catalogue, all under the start-up lock
    /// (<see cref="DatabaseLocks"/>): an instance that starts while another one does this waits, then finds nothing
    /// left to do. With <paramref name="markRunning"/> (a serving instance) the running marker is taken before the
    /// lock is let go. Every failure becomes a <see cref="StartupException"/> that names its cause: the database
    /// cannot be reached, a migration failed, the legacy values could not be encrypted, the reference data failed.
    /// </summary>
    public static Task PrepareDatabaseAsync(IServiceProvider services, bool migrate, CancellationToken ct = default) =>
        PrepareDatabaseAsync(services, migrate, markRunning: false, ct);

    /// <inheritdoc cref="PrepareDatabaseAsync(IServiceProvider, bool, CancellationToken)"/>
    public static async Task PrepareDatabaseAsync(IServiceProvider services, bool migrate, bool markRunning, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        IAsyncDisposable startupLock;
        try
        {
            startupLock = await services.GetRequiredService<DatabaseLocks>().AcquireStartupLockAsync(createDatabase: migrate, ct);
        }
        catch (Exception ex) when (IsDatabaseError(ex))
        {
            throw new StartupException(Unreachable(options, Describe(ex)), ex);
        }

        await using (startupLock)
        {
            await using var scope = services.CreateSystemScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (migrate)
            {
                await MigrateAsync(scope.ServiceProvider, db, options, ct);
            }
            else if (!await Step(options, "check the database", () => db.Database.CanConnectAsync(ct)))
            {
                throw new StartupException(Unreachable(options, "the connection was refused"));
            }

            await Step(options, "load the reference data (counties, municipalities, postal codes)",
                () => scope.ServiceProvider.GetRequiredService<ReferenceDataLoader>().EnsureLoadedAsync(ct));
            await Step(options, "create the default training catalogue", () => EnsureTrainingCatalogueAsync(db, ct));
            if (markRunning)
            {
                await services.GetRequiredService<RunningInstanceMarker>().EnsureHeldAsync(ct);
            }
        }

        PrivateFiles.WarnIfLoose(services);
    }

    private static async Task MigrateAsync(IServiceProvider scoped, AppDbContext db, DatabaseOptions options, CancellationToken ct)
    {
        // Values written before field encryption existed are encrypted once, right after its migration (ADR 0008);
        // users' e-mail addresses (encrypted from the UserEmailEncryption migration on) likewise, right after theirs.
        var pending = (await Step(options, "read the applied migrations", () => db.Database.GetPendingMigrationsAsync(ct))).ToList();
        var encryptsNow = pending.Any(m => m.EndsWith("_FieldEncryption", StringComparison.Ordinal));
        var encryptsEmailNow = pending.Any(m => m.EndsWith("_UserEmailEncryption", StringComparison.Ordinal));
        await Step(options, pending.Count == 0 ? "check the migrations" : $"apply the database migrations ({string.Join(", ", pending)})",
            () => db.Database.MigrateAsync(ct));
        var reencryptor = scoped.GetRequiredService<Data.Encryption.FieldReencryptor>();
        if (encryptsNow)
        {
            await Step(options, "encrypt the values written before field encryption", () => reencryptor.ReencryptAllAsync(encryptPlaintext: true, ct));
        }

        if (encryptsEmailNow)
        {
            await Step(options, "encrypt the e-mail addresses written before their encryption",
                () => reencryptor.EncryptLegacyPlaintextAsync<AppUser>([nameof(AppUser.Email), nameof(AppUser.UserName)], ct));
        }

        // Users whose normalized e-mail and user name are not yet blind indexes (written before the index, or
        // restored from such a backup) get theirs from the decrypted address, so they can log in again.
        await Step(options, "derive the users' e-mail blind indexes", () => scoped.GetRequiredService<Data.Encryption.BlindIndexBackfill>().RunAsync(ct));

        // Authenticator keys and recovery codes stored in plaintext by earlier versions are sealed (SR17a).
        await Step(options, "seal the users' authenticator keys and recovery codes", () => scoped.GetRequiredService<UserTokenSealing>().SealLegacyAsync(ct));
    }

    private static Task<bool> Step(DatabaseOptions options, string what, Func<Task> step) => Step(options, what, async () =>
    {
        await step();
        return true;
    });

    /// <summary>One start-up step; a failure names the step (or, when the connection went away, the database).</summary>
    private static async Task<T> Step<T>(DatabaseOptions options, string what, Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (Exception ex) when (IsConnectionError(ex))
        {
            throw new StartupException(Unreachable(options, Describe(ex)), ex);
        }
        catch (Exception ex) when (IsDatabaseError(ex) || ex is DbUpdateException or IOException or FormatException or IndexOutOfRangeException
                                       or Data.Encryption.FieldDecryptionException or System.Security.Cryptography.CryptographicException)
        {
            throw new StartupException($"Could not {what}: {Describe(ex)}", ex);
        }
    }

    /// <summary>The connection itself failed (server down, refused login, no such database), as opposed to a statement.</summary>
    private static bool IsConnectionError(Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("28", StringComparison.Ordinal)
            || pg.SqlState is PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.AdminShutdown,
        NpgsqlException => true,
        SqliteException sqlite => sqlite.SqliteErrorCode is 14 /* CANTOPEN */ or 23 /* AUTH */ or 26 /* NOTADB */,
        SocketException or TimeoutException => true,
        InvalidOperationException { InnerException: { } inner } => IsConnectionError(inner),
        _ => false,
    };

    private static bool IsDatabaseError(Exception ex) => ex is System.Data.Common.DbException or SocketException or TimeoutException or UnauthorizedAccessException
        or InvalidOperationException { InnerException: System.Data.Common.DbException or SocketException };

    private static string Describe(Exception ex) => ex switch
    {
        PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } => "the database does not exist",
        PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } =>
            "the server refused the login (check Username and Password)",
        PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } pg => $"permission denied ({pg.MessageText})",
        PostgresException pg => $"{pg.MessageText} (SQLSTATE {pg.SqlState})",
        InvalidOperationException { InnerException: { } inner } when IsDatabaseError(inner) => Describe(inner),
        _ => ex.Message,
    };

    /// <summary>The training modules of docs/domain.md §4.1, all mandatory: the catalogue a new installation starts with.</summary>
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

        // The configured public address (or in Development the app's own address), like the links in e-mails.
        var link = scope.ServiceProvider.GetRequiredService<EmailTemplates>().AbsoluteUrl($"/oppsett?token={secret}");
        await output.WriteLineAsync();
        await output.WriteLineAsync("==============================================================================");
        await output.WriteLineAsync(" No national admin exists yet. Open this one-time link to create the first one");
        await output.WriteLineAsync($" (valid for {OneTimeTokenService.SetupLifetime.TotalHours:0} hours, usable once):");
        await output.WriteLineAsync();
        await output.WriteLineAsync($"   {link}");
        await output.WriteLineAsync("==============================================================================");
        await output.WriteLineAsync();
        await output.FlushAsync(ct);
    }

    private static string Unreachable(DatabaseOptions options, string detail) => options.Provider == DatabaseProvider.Postgres
        ? $"Cannot reach the PostgreSQL database ({DescribeConnection(options.ConnectionString)}): {detail}. Check Database:ConnectionString and that the server is running."
        : $"Cannot open the SQLite database in '{options.DataFolder}': {detail}. Check Database:DataFolder (it must be writable).";

    private static string DescribeConnection(string? connectionString)
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
