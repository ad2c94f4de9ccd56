using System.Collections.Concurrent;
using Medallion.Threading.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Infrastructure.Scheduling;

/// <summary>A job the scheduler runs every <paramref name="Interval"/>: <paramref name="Run"/> gets a service provider to resolve it from.</summary>
public sealed record ScheduledJob(string Name, TimeSpan Interval, Func<IServiceProvider, CancellationToken, Task> Run);

/// <summary>What <see cref="JobScheduler.RunIfDueAsync"/> did.</summary>
public enum JobOutcome
{
    /// <summary>It ran.</summary>
    Ran,

    /// <summary>Its last run is less than an interval ago (on this instance or another).</summary>
    NotDue,

    /// <summary>Another instance is running it right now.</summary>
    Busy,
}

/// <summary>
/// Runs the background jobs (ADR 0017): every minute it looks at each job's last start in <see cref="JobRun"/> and
/// runs the ones an interval old, each under a lock named after the job, so across instances a job runs once per
/// interval and never twice at the same time. The schedule is in the database: a restart runs what is overdue at once
/// and nothing that is not. On PostgreSQL the lock is DistributedLock.Postgres's advisory lock (released by the
/// database when an instance dies); on SQLite one instance owns the database file, so an in-process lock suffices.
/// </summary>
public sealed partial class JobScheduler(
    IEnumerable<ScheduledJob> jobs, IServiceScopeFactory scopes, IOptions<DatabaseOptions> database, TimeProvider clock, ILogger<JobScheduler> logger)
    : BackgroundService
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> LocalLocks = new(StringComparer.Ordinal);

    public static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

    /// <summary>How soon a run that failed is tried again.</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromHours(1);

    public IReadOnlyList<ScheduledJob> Jobs { get; } = jobs.ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, clock);
        do
        {
            foreach (var job in Jobs)
            {
                try
                {
                    await RunIfDueAsync(job, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // One job's failure must not stop the others, nor the host (an unhandled exception would).
                    Log.Failed(logger, job.Name, ex.GetType().Name, ex);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Runs the job when its last start is an interval old and no other instance runs it now.</summary>
    public Task<JobOutcome> RunIfDueAsync(ScheduledJob job, CancellationToken ct) => RunAsync(job, onlyWhenDue: true, ct);

    /// <summary>Runs the job now (the CLI's <c>run-retention</c>) unless another instance runs it at this moment.</summary>
    public Task<JobOutcome> RunNowAsync(string name, CancellationToken ct) =>
        RunAsync(Jobs.Single(j => j.Name == name), onlyWhenDue: false, ct);

    private async Task<JobOutcome> RunAsync(ScheduledJob job, bool onlyWhenDue, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        await using var held = await TryLockAsync(job.Name, ct);
        if (held is null)
        {
            return JobOutcome.Busy;
        }

        await using var scope = scopes.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var run = await db.JobRuns.FirstOrDefaultAsync(r => r.Name == job.Name, ct);
        if (onlyWhenDue && run is not null && run.LastStartedAt + job.Interval > now)
        {
            return JobOutcome.NotDue;
        }

        if (run is null)
        {
            run = new JobRun { Name = job.Name };
            db.JobRuns.Add(run);
        }

        // Stored before the work, so a crash mid-run does not make every restart start it again at once.
        run.LastStartedAt = now;
        run.LastFinishedAt = null;
        await db.SaveChangesAsync(ct);
        Log.Starting(logger, job.Name);
        try
        {
            await job.Run(scope.ServiceProvider, ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // A failed run is tried again after RetryAfterFailure (or its interval, if shorter), not a day later.
            db.ChangeTracker.Clear();
            var failed = await db.JobRuns.FirstAsync(r => r.Name == job.Name, CancellationToken.None);
            failed.LastStartedAt = now - job.Interval + (job.Interval < RetryAfterFailure ? job.Interval : RetryAfterFailure);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        run.LastFinishedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return JobOutcome.Ran;
    }

    private async Task<IAsyncDisposable?> TryLockAsync(string name, CancellationToken ct)
    {
        if (database.Value.Provider == DatabaseProvider.Postgres)
        {
            var distributed = new PostgresDistributedLock(new PostgresAdvisoryLockKey("ressursvenn-job-" + name, allowHashing: true), database.Value.ConnectionString!);
            return await distributed.TryAcquireAsync(TimeSpan.Zero, ct);
        }

        var local = LocalLocks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        return await local.WaitAsync(TimeSpan.Zero, ct) ? new Release(local) : null;
    }

    private sealed class Release(SemaphoreSlim semaphore) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            semaphore.Release();
            return ValueTask.CompletedTask;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled job {Job} starting")]
        public static partial void Starting(ILogger logger, string job);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled job {Job} failed ({ErrorType}); it runs again at its next interval")]
        public static partial void Failed(ILogger logger, string job, string errorType, Exception exception);
    }
}
