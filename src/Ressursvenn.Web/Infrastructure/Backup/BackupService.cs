using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Infrastructure.Backup;

/// <summary>
/// One command backs up the database and the key folder, one restores them (SR21). SQLite uses its online
/// backup API (safe while the app runs); PostgreSQL uses pg_dump / pg_restore in the custom format.
/// </summary>
public sealed class BackupService(IOptions<DatabaseOptions> database, IOptions<KeyStorageOptions> keys, TimeProvider clock, DatabaseLocks locks)
{
    private const string Manifest = "manifest.json";
    private const string SqliteFile = "ressursvenn.db";
    private const string PostgresFile = "ressursvenn.dump";
    private const string KeysFolder = "keys";

    public string KeyFolder => Path.GetFullPath(keys.Value.Folder, database.Value.DataFolder);

    public async Task BackupAsync(string folder, CancellationToken ct = default)
    {
        var target = Path.GetFullPath(folder);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new BackupException($"The backup folder '{target}' is not empty. Choose a new folder.");
        }

        // Owner-only: a backup holds the whole database and the keys that open it.
        PrivateFiles.CreateFolder(target);
        // The key folder first: its audit checkpoints (ADR 0013) then name no entry the database copy lacks, so the
        // restored trail reaches its newest checkpoint.
        if (Directory.Exists(KeyFolder))
        {
            CopyFolder(KeyFolder, Path.Combine(target, KeysFolder));
        }

        var options = database.Value;
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            await using var source = new SqliteConnection(DataServiceCollectionExtensions.SqliteConnectionString(options));
            await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(target, SqliteFile), Pooling = false }.ToString());
            await source.OpenAsync(ct);
            await copy.OpenAsync(ct);
            source.BackupDatabase(copy);
            PrivateFiles.RestrictSqlite(Path.Combine(target, SqliteFile));
        }
        else
        {
            await RunPgToolAsync("pg_dump", ["--format=custom", "--no-owner", "--file", Path.Combine(target, PostgresFile)], ct);
            PrivateFiles.Restrict(Path.Combine(target, PostgresFile));
        }

        var manifest = new BackupManifest(options.Provider.ToString(), clock.GetUtcNow().UtcDateTime, 1);
        await using var manifestFile = PrivateFiles.CreateFile(Path.Combine(target, Manifest));
        await JsonSerializer.SerializeAsync(manifestFile, manifest, cancellationToken: ct);
    }

    /// <summary>
    /// Restores a backup. Refuses a database with data without <paramref name="force"/>, and any database an app
    /// instance is running on (or starting on): instances hold the running marker (<see cref="DatabaseLocks"/>). On
    /// PostgreSQL a database that does not exist yet is created first. Every failure is a <see cref="BackupException"/>.
    /// </summary>
    public async Task<RestoreResult> RestoreAsync(string folder, bool force, CancellationToken ct = default)
    {
        try
        {
            return await RestoreCheckedAsync(folder, force, ct);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or UnauthorizedAccessException or JsonException
                                       or InvalidOperationException { InnerException: System.Data.Common.DbException or System.Net.Sockets.SocketException })
        {
            throw new BackupException($"Restore failed: {(ex is PostgresException pg ? $"{pg.MessageText} (SQLSTATE {pg.SqlState})" : ex.Message)}", ex);
        }
    }

    private async Task<RestoreResult> RestoreCheckedAsync(string folder, bool force, CancellationToken ct)
    {
        var source = Path.GetFullPath(folder);
        var manifestPath = Path.Combine(source, Manifest);
        if (!File.Exists(manifestPath))
        {
            throw new BackupException($"'{source}' is not a Ressursvenn backup (no {Manifest}).");
        }

        var manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(manifestPath, ct))
            ?? throw new BackupException("The backup manifest cannot be read.");
        var options = database.Value;
        if (!string.Equals(manifest.Provider, options.Provider.ToString(), StringComparison.Ordinal))
        {
            throw new BackupException($"The backup is of a {manifest.Provider} database, but the app is configured for {options.Provider}.");
        }

        var created = options.Provider == DatabaseProvider.Postgres && await PostgresDatabase.EnsureExistsAsync(options.ConnectionString!, ct)
            ? new NpgsqlConnectionStringBuilder(options.ConnectionString).Database
            : null;

        if (!force && await TargetHasDataAsync(ct))
        {
            throw new BackupException("The configured database already holds data. Stop the app and add --force to overwrite it.");
        }

        await using var exclusive = await locks.TryExcludeInstancesAsync(ct)
            ?? throw new BackupException(
                "An app instance is running on the configured database (or starting). Stop every instance first (for example " +
                "'systemctl stop ressursvenn' or 'docker compose stop app'), then run restore again; start them when it has finished.");
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            await using var backup = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(source, SqliteFile), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await using var target = new SqliteConnection(DataServiceCollectionExtensions.SqliteConnectionString(options));
            await backup.OpenAsync(ct);
            await target.OpenAsync(ct);
            backup.BackupDatabase(target);
        }
        else
        {
            await RunPgToolAsync("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", Path.Combine(source, PostgresFile)], ct);
        }

        var keySource = Path.Combine(source, KeysFolder);
        if (Directory.Exists(keySource))
        {
            KeepCheckpointsAside();
            CopyFolder(keySource, KeyFolder);
        }

        return new RestoreResult(created);
    }

    /// <summary>
    /// The backup's checkpoint file replaces the current one, so the restored (older) trail verifies; the current one is
    /// kept beside it under a dated name, as the record of what the trail held before the restore (ADR 0013).
    /// </summary>
    private void KeepCheckpointsAside()
    {
        var current = Path.Combine(KeyFolder, AuditCheckpointLog.FileName);
        if (File.Exists(current))
        {
            File.Move(current, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{current}.before-restore-{clock.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmss'Z'}"), overwrite: true);
        }
    }

    private async Task<bool> TargetHasDataAsync(CancellationToken ct)
    {
        var options = database.Value;
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(DataServiceCollectionExtensions.SqliteConnectionString(options)).DataSource;
            if (!File.Exists(file))
            {
                return false;
            }

            await using var connection = new SqliteConnection(DataServiceCollectionExtensions.SqliteConnectionString(options));
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'AspNetUsers'";
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
        }

        await using var pg = new NpgsqlConnection(options.ConnectionString);
        await pg.OpenAsync(ct);
        await using var query = pg.CreateCommand();
        query.CommandText = "SELECT count(*) FROM information_schema.tables WHERE table_name = 'AspNetUsers'";
        return Convert.ToInt64(await query.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private async Task RunPgToolAsync(string tool, IEnumerable<string> arguments, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(database.Value.ConnectionString);
        var folder = database.Value.PostgresBinFolder;
        var start = new ProcessStartInfo(string.IsNullOrWhiteSpace(folder) ? tool : Path.Combine(folder, tool))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (tool == "pg_restore")
        {
            start.ArgumentList.Insert(0, "--dbname=" + cs.Database);
        }
        else
        {
            start.ArgumentList.Add(cs.Database ?? "postgres");
        }

        // Credentials through libpq's environment, never on the command line.
        start.Environment["PGHOST"] = cs.Host;
        start.Environment["PGPORT"] = cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = cs.Username;
        if (!string.IsNullOrEmpty(cs.Password))
        {
            start.Environment["PGPASSWORD"] = cs.Password;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new BackupException($"{tool} could not be started.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new BackupException($"{tool} was not found. Install the PostgreSQL client tools or set Database:PostgresBinFolder. ({ex.Message})");
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync(ct);
            await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
            {
                throw new BackupException($"{tool} failed (exit code {process.ExitCode}): {(await error).Trim()}");
            }
        }
    }

    private static void CopyFolder(string from, string to)
    {
        PrivateFiles.CreateFolder(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            PrivateFiles.CreateFolder(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
            PrivateFiles.Restrict(target);
        }
    }

    /// <summary>What a restore did besides restoring: the PostgreSQL database it created because it did not exist (else null).</summary>
    public sealed record RestoreResult(string? CreatedDatabase);

    private sealed record BackupManifest(string Provider, DateTime CreatedAt, int Format);
}

public sealed class BackupException : Exception
{
    public BackupException(string message) : base(message) { }

    public BackupException() { }

    public BackupException(string message, Exception inner) : base(message, inner) { }
}
