using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Infrastructure.Backup;
using Ressursvenn.Web.Security;

namespace Ressursvenn.IntegrationTests.Operations;

/// <summary>
/// SR21: one command backs up the database and the key folder, one restores them; a restore into a fresh
/// location gives the same data, row for row, on the configured provider (SQLite or PostgreSQL).
/// </summary>
public sealed class BackupRestoreTests
{
    [Fact]
    public async Task BackupThenRestoreIntoAFreshLocation_GivesTheSameTablesRowsAndKeys()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var (associationA, centreA) = await app.CreateOrganisationAsync("Backupby", "0301", "03");
        var (associationB, _) = await app.CreateOrganisationAsync("Restorestad", "4601", "46");
        await app.CreateUserAsync(Roles.Coordinator, [associationA, associationB], name: "Koordinator Sikkerhetskopi");
        await app.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: centreA, name: "Ansatt Sikkerhetskopi");
        var admin = await app.CreateUserAsync(Roles.NationalAdmin, name: "Admin Sikkerhetskopi");
        using (await app.LoggedInClientAsync(admin))
        {
            // A session row and the Data Protection keys in the database are part of what must come back.
        }

        var backup = app.Services.GetRequiredService<BackupService>();
        Directory.CreateDirectory(backup.KeyFolder);
        var keyFile = Path.Combine(backup.KeyFolder, "field-key-1.xml");
        await File.WriteAllTextAsync(keyFile, "<key id=\"1\">" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "</key>", ct);

        var folder = Path.Combine(Directory.CreateTempSubdirectory("rv-backup-").FullName, "backup");
        try
        {
            await backup.BackupAsync(folder, ct);
            var original = await SnapshotAsync(app.Database, ct);
            Assert.True(original.RowCount("Associations") >= 2 && original.RowCount("CrisisCentres") >= 2 && original.RowCount("AspNetUsers") >= 3
                && original.RowCount("UserSessions") >= 1 && original.RowCount("DataProtectionKeys") >= 1,
                "The original database is missing the data this test made:\n" + original.Summary());

            await using var fresh = await TestDatabase.CreateAsync();
            var restore = ServiceFor(fresh);
            await restore.RestoreAsync(folder, force: false, ct);

            var restored = await SnapshotAsync(fresh, ct);
            AssertSame(original, restored);
            Assert.Equal(await File.ReadAllTextAsync(keyFile, ct), await File.ReadAllTextAsync(Path.Combine(restore.KeyFolder, "field-key-1.xml"), ct));

            // Now the fresh database holds data: a second restore is refused without --force, and done with it.
            var refused = await Assert.ThrowsAsync<BackupException>(() => restore.RestoreAsync(folder, force: false, ct));
            Assert.Contains("--force", refused.Message, StringComparison.Ordinal);
            await restore.RestoreAsync(folder, force: true, ct);
            AssertSame(original, await SnapshotAsync(fresh, ct));

            // The restored database serves the app: the admin logs in on it and finds the associations.
            await using var restoredApp = await TestApp.CreateAsync(database: fresh, clock: app.Clock);
            using var client = await restoredApp.LoggedInClientAsync(admin);
            var page = await client.GetStringAsync(new Uri("/admin/foreninger", UriKind.Relative), ct);
            Assert.Contains("Restorestad sanitetsforening", page, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    [Fact]
    public async Task RestoreIntoADatabaseWithData_IsRefusedWithoutForce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        await app.CreateOrganisationAsync("Gammelby");
        var backup = app.Services.GetRequiredService<BackupService>();
        var folder = Path.Combine(Directory.CreateTempSubdirectory("rv-backup-").FullName, "backup");
        try
        {
            await backup.BackupAsync(folder, ct);
            await app.CreateOrganisationAsync("Nyby");
            var before = await SnapshotAsync(app.Database, ct);

            var refused = await Assert.ThrowsAsync<BackupException>(() => backup.RestoreAsync(folder, force: false, ct));
            Assert.Contains("--force", refused.Message, StringComparison.Ordinal);
            AssertSame(before, await SnapshotAsync(app.Database, ct));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    [Fact]
    public async Task BackupIntoAFolderThatIsNotEmpty_IsRefusedAndLeavesItAlone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var folder = Directory.CreateTempSubdirectory("rv-backup-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "something-else.txt"), "keep me", ct);
            var refused = await Assert.ThrowsAsync<BackupException>(() => app.Services.GetRequiredService<BackupService>().BackupAsync(folder, ct));
            Assert.Contains("not empty", refused.Message, StringComparison.Ordinal);
            Assert.Equal(["something-else.txt"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task RestoreForce_WhileAnInstanceRunsOnTheDatabase_IsRefusedNamingHowToStopIt_AndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        await app.CreateOrganisationAsync("Levendeby");
        var folder = Path.Combine(Directory.CreateTempSubdirectory("rv-backup-").FullName, "backup");
        try
        {
            await app.Services.GetRequiredService<BackupService>().BackupAsync(folder, ct);
            await app.CreateOrganisationAsync("Senereby");
            var before = await SnapshotAsync(app.Database, ct);

            // The admin command, as a process of its own, against the database the running instance uses.
            var result = await AppCommand.RunAsync(["restore", "--from", folder, "--force"], Environment(app.Database));

            Assert.True(result.ExitCode == 1, result.Describe("exit code 1"));
            Assert.True(result.StandardError.Contains("An app instance is running", StringComparison.Ordinal)
                        && result.StandardError.Contains("Stop every instance", StringComparison.Ordinal), result.Describe("a message saying to stop the instances"));
            AssertNoStackTrace(result);
            AssertSame(before, await SnapshotAsync(app.Database, ct));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    [Fact]
    public async Task RestoreIntoADatabaseThatDoesNotExistYet_CreatesIt_AndRestoresEveryRow()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        await app.CreateOrganisationAsync("Nystartby");
        var folder = Path.Combine(Directory.CreateTempSubdirectory("rv-backup-").FullName, "backup");
        try
        {
            await app.Services.GetRequiredService<BackupService>().BackupAsync(folder, ct);
            var original = await SnapshotAsync(app.Database, ct);
            await using var missing = await TestDatabase.CreateAsync();
            await DropAsync(missing, ct);

            var result = await AppCommand.RunAsync(["restore", "--from", folder], Environment(missing));

            Assert.True(result.ExitCode == 0, result.Describe("exit code 0"));
            if (TestDatabase.IsPostgres)
            {
                Assert.True(result.StandardOutput.Contains($"The database '{missing.DatabaseName}' did not exist; it was created.", StringComparison.Ordinal),
                    result.Describe("a line saying the database was created"));
            }

            AssertSame(original, await SnapshotAsync(missing, ct));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    [Fact]
    public async Task RestoreIntoADatabaseThatCannotBeReached_ExitsNonZeroWithAPlainMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var folder = Path.Combine(Directory.CreateTempSubdirectory("rv-backup-").FullName, "backup");
        try
        {
            await app.Services.GetRequiredService<BackupService>().BackupAsync(folder, ct);
            var environment = Environment(app.Database);
            var blocker = Path.Combine(Path.GetDirectoryName(folder)!, "a-file-not-a-folder");
            await File.WriteAllTextAsync(blocker, "in the way", ct);
            // PostgreSQL: nothing listens on port 1. SQLite: the data folder is a file.
            environment[TestDatabase.IsPostgres ? "Database__ConnectionString" : "Database__DataFolder"] = TestDatabase.IsPostgres
                ? new NpgsqlConnectionStringBuilder(app.Database.ConnectionString) { Port = 1, Timeout = 3 }.ConnectionString
                : blocker;

            var result = await AppCommand.RunAsync(["restore", "--from", folder], environment);

            // PostgreSQL: the restore itself fails (exit 1). SQLite: the data folder cannot even hold the key folder, which
            // stops every command at start with the start-up message (exit 2). Either way one plain line, no stack trace.
            var (code, message) = TestDatabase.IsPostgres ? (1, "Restore failed") : (2, "the key folder");
            Assert.True(result.ExitCode == code, result.Describe($"exit code {code}"));
            Assert.True(result.StandardError.Contains(message, StringComparison.Ordinal), result.Describe($"a plain message naming '{message}'"));
            AssertNoStackTrace(result);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    private static void AssertNoStackTrace(AppCommand.ProcessResult result) =>
        Assert.False(result.StandardError.Contains("   at ", StringComparison.Ordinal) || result.StandardOutput.Contains("   at ", StringComparison.Ordinal),
            result.Describe("no stack trace"));

    private static Dictionary<string, string> Environment(TestDatabase database) =>
        database.Settings().ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? string.Empty, StringComparer.Ordinal);

    /// <summary>Removes the database itself: on PostgreSQL the database, on SQLite the data folder.</summary>
    private static async Task DropAsync(TestDatabase database, CancellationToken ct)
    {
        if (!TestDatabase.IsPostgres)
        {
            Directory.Delete(database.DataFolder, recursive: true);
            return;
        }

        await using var server = new NpgsqlConnection(System.Environment.GetEnvironmentVariable("RESSURSVENN_TEST_PG"));
        await server.OpenAsync(ct);
        await using var drop = server.CreateCommand();
        drop.CommandText = $"DROP DATABASE \"{database.DatabaseName}\" WITH (FORCE)";
        await drop.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A BackupService aimed at a database the app has never touched (no migrations run on it).</summary>
    private static BackupService ServiceFor(TestDatabase database)
    {
        var settings = database.Settings().ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        var options = new DatabaseOptions
        {
            Provider = TestDatabase.IsPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite,
            DataFolder = database.DataFolder,
            ConnectionString = database.ConnectionString,
            PostgresBinFolder = settings["Database:PostgresBinFolder"],
        };
        return new BackupService(Options.Create(options), Options.Create(new KeyStorageOptions()), TimeProvider.System,
            new DatabaseLocks(Options.Create(options), NullLogger<DatabaseLocks>.Instance));
    }

    private static void AssertSame(Snapshot original, Snapshot restored)
    {
        Assert.Equal(original.Schema, restored.Schema);
        var differences = original.Tables.Keys.Union(restored.Tables.Keys, StringComparer.Ordinal)
            .Where(t => !original.Tables.TryGetValue(t, out var a) || !restored.Tables.TryGetValue(t, out var b) || !a.SequenceEqual(b, StringComparer.Ordinal))
            .Select(t => $"{t}: {original.RowCount(t)} rows before, {restored.RowCount(t)} after")
            .ToList();
        Assert.True(differences.Count == 0, "Tables differ after restore:\n  " + string.Join("\n  ", differences));
    }

    /// <summary>Every table of a database: its columns, and a hash of every row, ordered.</summary>
    private sealed record Snapshot(IReadOnlyList<string> Schema, IReadOnlyDictionary<string, IReadOnlyList<string>> Tables)
    {
        public int RowCount(string table) => Tables.TryGetValue(table, out var rows) ? rows.Count : -1;

        public string Summary() => string.Join('\n', Tables.Select(t => $"  {t.Key}: {t.Value.Count}"));
    }

    private static async Task<Snapshot> SnapshotAsync(TestDatabase database, CancellationToken ct)
    {
        await using DbConnection connection = TestDatabase.IsPostgres
            ? new NpgsqlConnection(database.ConnectionString)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(database.DataFolder, "ressursvenn.db"), Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        await connection.OpenAsync(ct);

        var schema = await QueryAsync(connection, TestDatabase.IsPostgres
            ? "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1"
            : "SELECT m.name || '.' || p.name || ' ' || p.type || ' ' || p.\"notnull\" FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY 1", ct);
        var tables = await QueryAsync(connection, TestDatabase.IsPostgres
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
            : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1", ct);
        Assert.Contains("AspNetUsers", tables);

        var content = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            await using var reader = await command.ExecuteReaderAsync(ct);
            var rows = new List<string>();
            while (await reader.ReadAsync(ct))
            {
                var row = new StringBuilder();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row.Append(reader.GetName(i)).Append('=').Append(Format(reader.GetValue(i))).Append('\u001f');
                }

                rows.Add(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(row.ToString()))));
            }

            // Sorted, so the comparison does not depend on the order a database returns rows in. Every table has a
            // primary key, so its rows are distinct and equal sorted lists mean equal tables.
            rows.Sort(StringComparer.Ordinal);
            content[table] = rows;
        }

        return new Snapshot(schema, content);
    }

    private static string Format(object value) => value switch
    {
        DBNull => "<null>",
        byte[] bytes => Convert.ToBase64String(bytes),
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
        System.Collections.IEnumerable items and not string => "[" + string.Join(',', items.Cast<object>().Select(Format)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static async Task<List<string>> QueryAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        var values = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture) ?? string.Empty);
        }

        return values;
    }
}
