using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Cli;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Features.Participants;
using Ressursvenn.Web.Infrastructure;
using static Ressursvenn.IntegrationTests.Privacy.AuditTestData;

namespace Ressursvenn.IntegrationTests.Privacy;

/// <summary>
/// ADR 0013: the chain's head is anchored outside the database by signed checkpoints, so removing the newest entries is
/// seen; the trail's own retention purges old entries at a checkpointed boundary; both are safe with two instances.
/// </summary>
public sealed class AuditCheckpointTests
{
    private const int Written = 30;

    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(Written)]
    public async Task RemovingTheNewestEntries_IsNamedAsAGapUpToTheNewestCheckpoint(int removed)
    {
        await using var app = await TestApp.CreateAsync();
        await WriteEntriesAsync(app, Written);
        Assert.True((await VerifyAsync(app)).IsIntact);
        await AllowTamperingAsync(app);

        await ExecAsync(app, $"DELETE FROM \"AuditEntries\" WHERE \"Sequence\" > {Written - removed}");

        var result = await VerifyAsync(app);
        Assert.Equal(AuditBreak.Truncated, result.Break);
        Assert.Equal(Written - removed, result.LastSequence);
        Assert.Equal(Written, result.Checkpoint?.Sequence);
        var message = CliCommand.Describe(result);
        Assert.Contains(
            string.Create(CultureInfo.InvariantCulture, $"the database ends at entry {Written - removed} but checkpoint says {Written} written at {TestApp.Start:yyyy-MM-dd HH:mm:ss} UTC"),
            message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATamperedCheckpointSignature_IsDetected_NamingTheLine()
    {
        await using var app = await TestApp.CreateAsync();
        await WriteEntriesAsync(app, 3);
        var file = app.Services.GetRequiredService<AuditCheckpointLog>().FilePath;
        var lines = await File.ReadAllLinesAsync(file, TestContext.Current.CancellationToken);
        Assert.Equal(3, lines.Length);

        // Someone without the checkpoint key claims the trail ended at entry 2: she rewrites the third line's sequence.
        lines[2] = lines[2].Replace(" 3 ", " 2 ", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(file, lines, TestContext.Current.CancellationToken);

        var result = await VerifyAsync(app);
        Assert.Equal((AuditBreak.CheckpointForged, 3), (result.Break, result.CheckpointLine));
        Assert.Contains("line 3 of the checkpoint file", CliCommand.Describe(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckpointsFromTwoInstancesWritingAtOnce_AllVerify_AndReachTheHead()
    {
        await using var first = await TestApp.CreateAsync();
        await using var second = await TestApp.CreateAsync(database: first.Database, clock: first.Clock);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => WriteEntriesAsync(i % 2 == 0 ? first : second, 5)));

        var result = await VerifyAsync(second);
        Assert.True(result.IsIntact, $"{result.Break} at {result.FirstBadSequence}, line {result.CheckpointLine}");
        Assert.Equal(40, result.Checked);
        Assert.Equal(40, result.Checkpoint?.Sequence);
        var lines = await File.ReadAllLinesAsync(first.Services.GetRequiredService<AuditCheckpointLog>().FilePath, TestContext.Current.CancellationToken);
        Assert.Equal(40, lines.Length);
    }

    [Fact]
    public async Task TheRetentionRun_PurgesEntriesPastFiveYears_AndTheKeptTrailVerifies()
    {
        var clock = new FakeTimeProvider(TestApp.Start.AddYears(-6));
        await using var app = await TestApp.CreateAsync(clock: clock);
        await WriteEntriesAsync(app, 5);
        clock.Advance(TestApp.Start - clock.GetUtcNow());
        await WriteEntriesAsync(app, 3);

        var run = await ActivatorUtilities.CreateInstance<RetentionJob>(app.Services).RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal(5, run.AuditEntriesPurged);
        var result = await VerifyAsync(app);
        Assert.True(result.IsIntact, $"{result.Break} at {result.FirstBadSequence}");
        Assert.Equal((5L, 4L), (result.PurgedThrough, result.Checked));
        Assert.Equal(6L, await FirstSequenceAsync(app));

        // Nothing more is due: a second run removes nothing and the trail still verifies.
        var again = await ActivatorUtilities.CreateInstance<RetentionJob>(app.Services).RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, again.AuditEntriesPurged);
        Assert.True((await VerifyAsync(app)).IsIntact);
    }

    [Fact]
    public async Task RemovingTheOldestEntriesOtherwiseThanAtAPurgeCheckpoint_IsDetected()
    {
        var clock = new FakeTimeProvider(TestApp.Start.AddYears(-6));
        await using var app = await TestApp.CreateAsync(clock: clock);
        await WriteEntriesAsync(app, 6);
        clock.Advance(TestApp.Start - clock.GetUtcNow());
        await WriteEntriesAsync(app, 4);
        await PurgeAsync(app);
        Assert.True((await VerifyAsync(app)).IsIntact);
        await AllowTamperingAsync(app);

        // Three more of the oldest kept entries go: every one had a head checkpoint, but none was a purge boundary.
        await ExecAsync(app, "DELETE FROM \"AuditEntries\" WHERE \"Sequence\" <= 9");

        var result = await VerifyAsync(app);
        Assert.Equal((AuditBreak.PrefixRemoved, 10L), (result.Break, result.FirstBadSequence!.Value));
        Assert.Contains("no purge checkpoint ends at entry 9", CliCommand.Describe(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoInstancesPurgingAtOnce_PurgeOnce_AndTheTrailVerifies()
    {
        var clock = new FakeTimeProvider(TestApp.Start.AddYears(-6));
        await using var first = await TestApp.CreateAsync(clock: clock);
        await using var second = await TestApp.CreateAsync(database: first.Database, clock: clock);
        await WriteEntriesAsync(first, 7);
        clock.Advance(TestApp.Start - clock.GetUtcNow());
        await WriteEntriesAsync(second, 2);

        var results = await Task.WhenAll(PurgeAsync(first), PurgeAsync(second));

        Assert.Equal([0, 7], results.Select(r => r.Removed).Order());
        var result = await VerifyAsync(first);
        Assert.True(result.IsIntact, $"{result.Break} at {result.FirstBadSequence}");
        Assert.Equal((7L, 2L), (result.PurgedThrough, result.Checked));
        var lines = await File.ReadAllLinesAsync(first.Services.GetRequiredService<AuditCheckpointLog>().FilePath, TestContext.Current.CancellationToken);
        Assert.Single(lines, l => l.Contains(" Purge ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheTriggers_LetOnlyThePurgePathDeleteOnlyEntriesOlderThanFiveYears()
    {
        var clock = new FakeTimeProvider(TestApp.Start.AddYears(-6));
        await using var app = await TestApp.CreateAsync(clock: clock);
        await WriteEntriesAsync(app, 2);
        clock.Advance(TestApp.Start - clock.GetUtcNow());
        await WriteEntriesAsync(app, 2);

        // An old entry, but without the purge path: refused.
        await Assert.ThrowsAnyAsync<Exception>(() => ExecAsync(app, "DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 1"));
        // The purge path opened over every entry: a recent entry is still refused, and no entry may be changed.
        await Assert.ThrowsAnyAsync<Exception>(() => ThroughPurgePathAsync(app, "DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 4"));
        await Assert.ThrowsAnyAsync<Exception>(() => ThroughPurgePathAsync(app, "UPDATE \"AuditEntries\" SET \"Action\" = 'X' WHERE \"Sequence\" = 1"));
        Assert.True((await VerifyAsync(app)).IsIntact);
        Assert.Equal(4L, (await VerifyAsync(app)).Checked);

        // The path itself works for an old entry (an attacker with the app's credentials can do no more than the
        // retention would), and removing it without a purge checkpoint is still seen.
        await ThroughPurgePathAsync(app, "DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 1");
        Assert.Equal(AuditBreak.PrefixRemoved, (await VerifyAsync(app)).Break);
    }

    /// <summary>Runs a statement with the purge path open over every sequence, in one transaction (rolled back when it fails).</summary>
    private static async Task ThroughPurgePathAsync(TestApp app, string statement)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = app.Services.CreateAsyncScope();
        var connection = scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetDbConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = TestDatabase.IsPostgres
            ? $"SELECT set_config('{AuditTrailSql.PostgresPurgeSetting}', '1000', true); {statement};"
            : $"INSERT INTO \"AuditPurgePermits\" (\"Through\") VALUES (1000); {statement}; DELETE FROM \"AuditPurgePermits\";";
        await command.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private static async Task<AuditPurge.Result> PurgeAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditPurge>().PurgeAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<long> FirstSequenceAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.MinAsync(e => e.Sequence, TestContext.Current.CancellationToken);
    }
}
