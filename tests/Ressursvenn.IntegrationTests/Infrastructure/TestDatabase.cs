using Npgsql;

namespace Ressursvenn.IntegrationTests.Infrastructure;

/// <summary>
/// The database a test app runs on: SQLite in a fresh temporary folder, or a fresh database on the throwaway
/// PostgreSQL server that test.sh starts (RESSURSVENN_TEST_PROVIDER=Postgres, RESSURSVENN_TEST_PG=...).
/// The same tests run on both (ADR 0003). A test app gets a copy of a template prepared once per test run
/// (<see cref="CreatePreparedAsync"/>): migrations, reference data and keys are not redone for every test.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public static string Provider => Environment.GetEnvironmentVariable("RESSURSVENN_TEST_PROVIDER") is { Length: > 0 } p ? p : "Sqlite";

    public static bool IsPostgres => string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase);

    public string DataFolder { get; }

    private static readonly SemaphoreSlim TemplateGate = new(1, 1);

    private static TestDatabase? template;

    public string? ConnectionString { get; }

    public string? DatabaseName { get; }

    private TestDatabase(string dataFolder, string? connectionString, string? databaseName)
    {
        DataFolder = dataFolder;
        ConnectionString = connectionString;
        DatabaseName = databaseName;
    }

    public static async Task<TestDatabase> CreateAsync()
    {
        var folder = Directory.CreateTempSubdirectory("rv-test-").FullName;
        if (!IsPostgres)
        {
            return new TestDatabase(folder, null, null);
        }

        var server = Environment.GetEnvironmentVariable("RESSURSVENN_TEST_PG")
            ?? throw new InvalidOperationException("RESSURSVENN_TEST_PROVIDER=Postgres needs RESSURSVENN_TEST_PG (test.sh sets both).");
        var name = "rv_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{name}\"";
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(folder, builder.ConnectionString, name);
    }

    /// <summary>
    /// A database as a fresh start leaves it (migrated, reference data and catalogue loaded, keys made): a copy of a
    /// template prepared once per run. On SQLite the template's data folder (database and keys) is copied; on
    /// PostgreSQL the database is created from the template database and the data folder (keys) is copied.
    /// </summary>
    public static async Task<TestDatabase> CreatePreparedAsync()
    {
        var source = await TemplateAsync();
        var folder = Directory.CreateTempSubdirectory("rv-test-").FullName;
        CopyFolder(source.DataFolder, folder);
        if (!IsPostgres)
        {
            return new TestDatabase(folder, null, null);
        }

        var name = "rv_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("RESSURSVENN_TEST_PG")))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{name}\" TEMPLATE \"{source.DatabaseName}\"";
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(source.ConnectionString) { Database = name };
        return new TestDatabase(folder, builder.ConnectionString, name);
    }

    private static async Task<TestDatabase> TemplateAsync()
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (template is null)
            {
                var database = await CreateAsync();
                await using (var app = TestApp.ForTemplate(database))
                {
                    await Ressursvenn.Web.Infrastructure.StartupTasks.PrepareDatabaseAsync(app.Services, migrate: true);
                }

                // No connection may stay open: SQLite's WAL is folded into the file, and PostgreSQL copies only an unused template.
                if (IsPostgres)
                {
                    NpgsqlConnection.ClearAllPools();
                }
                else
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                }

                template = database;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(database.DataFolder);
            }

            return template;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder.
        }
    }

    /// <summary>Copies a data folder with each file's and folder's permissions (the keys stay owner-only).</summary>
    private static void CopyFolder(string from, string to)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The tests run on Linux (test.sh).");
        }

        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)), File.GetUnixFileMode(directory));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            File.Copy(file, target);
            File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }
    }

    /// <summary>A second, empty database of the same kind (for restore tests).</summary>
    public static Task<TestDatabase> CreateEmptyAsync() => CreateAsync();

    /// <summary>The settings that point the app at this database.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        yield return new("Database:Provider", IsPostgres ? "Postgres" : "Sqlite");
        yield return new("Database:DataFolder", DataFolder);
        yield return new("Database:ConnectionString", ConnectionString ?? string.Empty);
        yield return new("Database:PostgresBinFolder", Environment.GetEnvironmentVariable("RESSURSVENN_PG_BIN") ?? string.Empty);
    }

    public async ValueTask DisposeAsync()
    {
        if (IsPostgres && DatabaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("RESSURSVENN_TEST_PG"));
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }

        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing background task; the OS cleans the temp folder.
        }
    }
}
