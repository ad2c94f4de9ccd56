using System.Net;
using Microsoft.Data.Sqlite;
using Npgsql;
using Ressursvenn.IntegrationTests.Infrastructure;

namespace Ressursvenn.IntegrationTests.Operations;

/// <summary>
/// Liveness and readiness as an orchestrator or a reverse proxy sees them: both answer anonymously while all is well;
/// when the database is gone, readiness (and the older /health) says 503 so the proxy stops sending requests, while
/// liveness stays 200 so the instance is not restarted for an outage it cannot fix.
/// </summary>
public sealed class HealthCheckTests
{
    [Fact]
    public async Task LiveAndReady_Answer200Anonymously_WhileTheDatabaseIsReachable()
    {
        await using var app = await TestApp.CreateAsync();
        using var client = app.Client();

        foreach (var path in new[] { "/health/live", "/health/ready", "/health" })
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task WhenTheDatabaseIsGone_ReadinessIs503_AndLivenessStays200()
    {
        await using var app = await TestApp.CreateAsync();
        using var client = app.Client();
        using (var before = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await MakeUnreachableAsync(app.Database);
        try
        {
            using var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            using var legacy = await client.GetAsync("/health", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, legacy.StatusCode);
            using var live = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            await MakeReachableAgainAsync(app.Database);
        }
    }

    /// <summary>PostgreSQL: the database refuses new connections and its open ones are ended. SQLite: the file is moved
    /// away and a folder stands in its place (what a lost volume looks like), and pooled connections are dropped.</summary>
    private static async Task MakeUnreachableAsync(TestDatabase database)
    {
        if (TestDatabase.IsPostgres)
        {
            NpgsqlConnection.ClearAllPools();
            await ServerCommandAsync(
                $"ALTER DATABASE \"{database.DatabaseName}\" ALLOW_CONNECTIONS false",
                $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database.DatabaseName}'");
            NpgsqlConnection.ClearAllPools();
            return;
        }

        SqliteConnection.ClearAllPools();
        var file = Path.Combine(database.DataFolder, "ressursvenn.db");
        File.Move(file, file + ".away");
        Directory.CreateDirectory(file);
    }

    private static async Task MakeReachableAgainAsync(TestDatabase database)
    {
        if (TestDatabase.IsPostgres)
        {
            await ServerCommandAsync($"ALTER DATABASE \"{database.DatabaseName}\" ALLOW_CONNECTIONS true");
            return;
        }

        var file = Path.Combine(database.DataFolder, "ressursvenn.db");
        Directory.Delete(file);
        File.Move(file + ".away", file);
    }

    private static async Task ServerCommandAsync(params string[] statements)
    {
        await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("RESSURSVENN_TEST_PG"));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        foreach (var statement in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
    }
}
