using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;

namespace Ressursvenn.IntegrationTests;

public sealed class MigrationTests
{
    [Trait("Provider", "Sqlite")]
    [Fact]
    public void SqliteMigrations_ContainEveryModelChange()
    {
        using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options);
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes the SQLite migrations lack: add a migration (README: Migrations).");
    }

    [Trait("Provider", "Postgres")]
    [Fact]
    public void PostgresMigrations_ContainEveryModelChange()
    {
        using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql("Host=unused").Options);
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes the PostgreSQL migrations lack: add a migration (README: Migrations).");
    }

    [Fact]
    public async Task App_AppliesMigrationsAndLoadsReferenceData_OnTheConfiguredProvider()
    {
        await using var app = await TestApp.CreateAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(357, await db.Municipalities.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(15, await db.Counties.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(5121, await db.PostalCodes.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(TestDatabase.IsPostgres ? "Npgsql.EntityFrameworkCore.PostgreSQL" : "Microsoft.EntityFrameworkCore.Sqlite", db.Database.ProviderName);
    }

    [Trait("Provider", "Sqlite")]
    [Fact]
    public async Task Sqlite_RunsInWalModeWithFullSync()
    {
        // Always on SQLite (the pragmas are SQLite's), so only in the SQLite suite.
        await using var app = await TestApp.CreateAsync(new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite", ["Database:ConnectionString"] = "" });
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        command.CommandText = "PRAGMA synchronous";
        Assert.Equal(2L, (long?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }
}
