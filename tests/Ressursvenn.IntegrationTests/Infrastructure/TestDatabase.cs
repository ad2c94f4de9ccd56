using Npgsql;

namespace Ressursvenn.IntegrationTests.Infrastructure;

/// <summary>
/// The database a test app runs on: SQLite in a fresh temporary folder, or a fresh database on the throwaway
/// PostgreSQL server that test.sh starts (RESSURSVENN_TEST_PROVIDER=Postgres, RESSURSVENN_TEST_PG=...).
/// The same tests run on both (ADR 0003).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public static string Provider => Environment.GetEnvironmentVariable("RESSURSVENN_TEST_PROVIDER") is { Length: > 0 } p ? p : "Sqlite";

    public static bool IsPostgres => string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase);

    public string DataFolder { get; }

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
