using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Infrastructure;

namespace Ressursvenn.IntegrationTests.Operations;

/// <summary>
/// ADR 0014: several instances started at the same moment against one database (a deployment of two replicas,
/// a rolling upgrade) all come up. Migrations, the legacy-value encryption, the reference data and the training
/// catalogue run under one start-up lock (DatabaseLocks): the second instance waits, then finds nothing to do. A
/// start-up that does fail names its real cause.
/// </summary>
public sealed class ConcurrentStartupTests
{
    private const int Trials = 5;

    [Fact]
    public async Task TwoInstancesStartedAtOnce_OnAnEmptyDatabase_BothComeUp_EveryTime()
    {
        for (var trial = 1; trial <= Trials; trial++)
        {
            var database = await TestDatabase.CreateAsync();
            var (first, second) = await StartTwoAtOnceAsync(database);
            await using (first)
            await using (second)
            {
                await AssertServesAsync(first, trial);
                await AssertServesAsync(second, trial);
                await AssertInitialisedOnceAsync(first);
            }
        }
    }

    [Fact]
    public async Task TwoInstancesStartedAtOnce_WithAPendingMigration_OnAPopulatedDatabase_BothApplyItOnce_AndKeepTheData()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var old = await TestApp.CreateAsync();
        var (association, _) = await old.CreateOrganisationAsync("Oppgraderingsby");
        var admin = await old.CreateUserAsync(Roles.NationalAdmin, name: "Admin Oppgradering");
        var newest = await RollBackNewestMigrationAsync(old);

        // The old instance keeps running (a rolling upgrade) while two new ones start together.
        var (first, second) = await StartTwoAtOnceAsync(old.Database, old);
        await using (first)
        await using (second)
        {
            await using var scope = first.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
            Assert.Contains(newest, await db.Database.GetAppliedMigrationsAsync(ct));
            Assert.True(await db.Associations.AnyAsync(a => a.Id == association, ct), "The association made before the upgrade is gone.");
            await AssertInitialisedOnceAsync(first);
            using var client = await second.LoggedInClientAsync(admin);
            using var page = await client.GetAsync(new Uri("/admin/foreninger", UriKind.Relative), ct);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Oppgraderingsby sanitetsforening", await page.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TwoMigrateProcessesAtOnce_OnOneEmptyDatabase_BothSucceed()
    {
        await using var database = await TestDatabase.CreateAsync();
        var environment = Environment(database);
        var runs = await Task.WhenAll(AppCommand.RunAsync(["migrate"], environment), AppCommand.RunAsync(["migrate"], environment));
        foreach (var run in runs)
        {
            Assert.True(run.ExitCode == 0, run.Describe("both processes to exit 0"));
        }

        await using var app = await TestApp.CreateAsync(database: database);
        await AssertInitialisedOnceAsync(app);
    }

    [Fact]
    public async Task AFailingMigration_StopsTheStartWithExit2_NamingTheMigration_NotTheConnection()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        // Something already in the way of a pending migration: a table of the name it creates. The newest migration that
        // creates a table is made pending again (with every later one), and its table is put in the way.
        var (newest, table) = NewestMigrationCreatingATable(app);
        await RollBackToBeforeAsync(app, newest);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var sql = "CREATE TABLE \"" + table + "\" (\"InTheWay\" integer)";
            await db.Database.ExecuteSqlRawAsync(sql, ct);
        }

        var result = await AppCommand.RunAsync(["migrate"], Environment(app.Database));

        Assert.True(result.ExitCode == 2, result.Describe("exit code 2"));
        Assert.True(result.StandardError.Contains("Could not apply the database migrations", StringComparison.Ordinal)
                    && result.StandardError.Contains(newest, StringComparison.Ordinal), result.Describe("a message naming the failed migration"));
        Assert.DoesNotContain("Cannot reach", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartupLock_IsExclusive_AndASecondStartWaitsForIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var locks = app.Services.GetRequiredService<DatabaseLocks>();
        var held = await locks.AcquireStartupLockAsync(createDatabase: false, ct);
        var waiting = StartupTasks.PrepareDatabaseAsync(app.Services, migrate: true, ct);
        // A running instance holds the marker, so a restore could not take the database from under it now.
        Assert.Null(await locks.TryExcludeInstancesAsync(ct));
        Assert.False(waiting.IsCompleted, "Start-up went ahead while another holder had the start-up lock.");
        await held.DisposeAsync();
        await waiting;
    }

    /// <summary>Two app hosts on one database, started in parallel; the given one (an older instance) keeps running.</summary>
    private static async Task<(TestApp First, TestApp Second)> StartTwoAtOnceAsync(TestDatabase database, TestApp? sharedClockWith = null)
    {
        var clock = sharedClockWith?.Clock;
        var starts = new[] { TestApp.CreateAsync(database: database, clock: clock), TestApp.CreateAsync(database: database, clock: clock) };
        try
        {
            var apps = await Task.WhenAll(starts);
            return (apps[0], apps[1]);
        }
        catch
        {
            foreach (var start in starts.Where(s => s.IsCompletedSuccessfully))
            {
                await start.Result.DisposeAsync();
            }

            throw;
        }
    }

    private static async Task AssertServesAsync(TestApp app, int trial)
    {
        using var client = app.Client();
        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.True(health.StatusCode == HttpStatusCode.OK, $"Trial {trial}: an instance answered /health with {health.StatusCode}.");
    }

    /// <summary>Every migration applied once, the reference data and the training catalogue loaded once.</summary>
    private static async Task AssertInitialisedOnceAsync(TestApp app)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
        Assert.Equal(db.Database.GetMigrations(), applied);
        Assert.Equal(15, await db.Counties.CountAsync(ct));
        Assert.Equal(357, await db.Municipalities.CountAsync(ct));
        Assert.Equal(1, await db.ReferenceDataVersions.CountAsync(ct));
        Assert.Equal(StartupTasks.DefaultTrainingModules.Order(StringComparer.Ordinal), (await db.TrainingModules.Select(m => m.Name).ToListAsync(ct)).Order(StringComparer.Ordinal));
    }

    /// <summary>Undoes the newest migration (its Down), leaving the data of the older tables; returns its id.</summary>
    private static async Task<string> RollBackNewestMigrationAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var migrations = db.Database.GetMigrations().ToList();
        await db.GetService<IMigrator>().MigrateAsync(migrations[^2], cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal([migrations[^1]], await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        return migrations[^1];
    }

    private static (string Migration, string Table) NewestMigrationCreatingATable(TestApp app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var assembly = db.GetService<IMigrationsAssembly>();
        foreach (var id in db.Database.GetMigrations().Reverse())
        {
            var migration = assembly.CreateMigration(assembly.Migrations[id], db.Database.ProviderName!);
            if (migration.UpOperations.OfType<CreateTableOperation>().FirstOrDefault() is { } created)
            {
                return (id, created.Name);
            }
        }

        throw new InvalidOperationException("No migration creates a table.");
    }

    /// <summary>Migrates the database down to the migration before <paramref name="migrationId"/>, so it and every later one are pending.</summary>
    private static async Task RollBackToBeforeAsync(TestApp app, string migrationId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var migrations = db.Database.GetMigrations().ToList();
        await db.GetService<IMigrator>().MigrateAsync(migrations[migrations.IndexOf(migrationId) - 1], cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(migrations[migrations.IndexOf(migrationId)..], await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
    }

    private static Dictionary<string, string> Environment(TestDatabase database) =>
        database.Settings().ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? string.Empty, StringComparer.Ordinal);
}
