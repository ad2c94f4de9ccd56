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
public sealed class BackupService(IOptions<DatabaseOptions> database, IOptions<KeyStorageOptions> keys, TimeProvider clock)
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

        // Owner-only (issue 11 #9): a backup holds the whole database and the keys that open it.
        PrivateFiles.CreateFolder(target);
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

        if (Directory.Exists(KeyFolder))
        {
            CopyFolder(KeyFolder, Path.Combine(target, KeysFolder));
        }

        var manifest = new BackupManifest(options.Provider.ToString(), clock.GetUtcNow().UtcDateTime, 1);
        await using var manifestFile = PrivateFiles.CreateFile(Path.Combine(target, Manifest));
        await JsonSerializer.SerializeAsync(manifestFile, manifest, cancellationToken: ct);
    }

    public async Task RestoreAsync(string folder, bool force, CancellationToken ct = default)
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

        if (!force && await TargetHasDataAsync(ct))
        {
            throw new BackupException("The configured database already holds data. Stop the app and add --force to overwrite it.");
        }

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
            CopyFolder(keySource, KeyFolder);
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

    private sealed record BackupManifest(string Provider, DateTime CreatedAt, int Format);
}

public sealed class BackupException : Exception
{
    public BackupException(string message) : base(message) { }

    public BackupException() { }

    public BackupException(string message, Exception inner) : base(message, inner) { }
}
