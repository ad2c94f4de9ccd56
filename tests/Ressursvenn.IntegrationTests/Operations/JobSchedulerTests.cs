using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Infrastructure.Scheduling;

namespace Ressursvenn.IntegrationTests.Operations;

/// <summary>
/// The job scheduler (ADR 0017): a job runs once per interval across instances, never twice at the same time, on a
/// schedule kept in the database (a restart neither repeats it nor forgets it), and a failed run is tried again after
/// an hour rather than a whole interval later. Two test apps on one database stand for two instances.
/// </summary>
public sealed class JobSchedulerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JobScheduler Scheduler(TestApp app, ScheduledJob job) =>
        ActivatorUtilities.CreateInstance<JobScheduler>(app.Services, (IEnumerable<ScheduledJob>)[job]);

    [Fact]
    public async Task AJob_RunsWhenDue_OnceAcrossInstances_AndItsScheduleSurvivesARestart()
    {
        await using var first = await TestApp.CreateAsync();
        await using var second = await TestApp.CreateAsync(database: first.Database, clock: first.Clock);
        var runs = 0;
        var job = new ScheduledJob("test-daily", TimeSpan.FromDays(1), (_, _) =>
        {
            Interlocked.Increment(ref runs);
            return Task.CompletedTask;
        });

        Assert.Equal(JobOutcome.Ran, await Scheduler(first, job).RunIfDueAsync(job, Ct));
        // The other instance, and this one after a restart (a new scheduler), find it done for today.
        Assert.Equal(JobOutcome.NotDue, await Scheduler(second, job).RunIfDueAsync(job, Ct));
        Assert.Equal(JobOutcome.NotDue, await Scheduler(first, job).RunIfDueAsync(job, Ct));
        first.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(JobOutcome.NotDue, await Scheduler(second, job).RunIfDueAsync(job, Ct));
        Assert.Equal(1, runs);

        // A day after its start it is due: both instances try at once, and it runs once.
        first.Clock.Advance(TimeSpan.FromHours(1));
        var outcomes = await Task.WhenAll(
            Task.Run(() => Scheduler(first, job).RunIfDueAsync(job, Ct), Ct),
            Task.Run(() => Scheduler(second, job).RunIfDueAsync(job, Ct), Ct));
        Assert.Single(outcomes, o => o == JobOutcome.Ran);
        Assert.Equal(2, runs);

        await using var scope = first.Services.CreateSystemScope();
        var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().JobRuns.SingleAsync(r => r.Name == "test-daily", Ct);
        Assert.Equal(first.Clock.GetUtcNow().UtcDateTime, stored.LastStartedAt);
        Assert.NotNull(stored.LastFinishedAt);
    }

    [Fact]
    public async Task WhileOneInstanceRunsAJob_AnotherFindsItBusy_AndDoesNotStartItAgain()
    {
        await using var first = await TestApp.CreateAsync();
        await using var second = await TestApp.CreateAsync(database: first.Database, clock: first.Clock);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        var job = new ScheduledJob("test-slow", TimeSpan.FromHours(1), async (_, ct) =>
        {
            Interlocked.Increment(ref runs);
            started.SetResult();
            await release.Task.WaitAsync(ct);
        });

        var running = Task.Run(() => Scheduler(first, job).RunIfDueAsync(job, Ct), Ct);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(JobOutcome.Busy, await Scheduler(second, job).RunIfDueAsync(job, Ct));
        release.SetResult();
        Assert.Equal(JobOutcome.Ran, await running);
        Assert.Equal(JobOutcome.NotDue, await Scheduler(second, job).RunIfDueAsync(job, Ct));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task AFailedRun_IsTriedAgainAfterAnHour_NotAtOnce_NorAWholeDayLater()
    {
        await using var app = await TestApp.CreateAsync();
        var attempts = 0;
        var job = new ScheduledJob("test-failing", TimeSpan.FromDays(1), (_, _) =>
        {
            attempts++;
            return attempts == 1 ? throw new TimeoutException("the database did not answer") : Task.CompletedTask;
        });
        var scheduler = Scheduler(app, job);

        await Assert.ThrowsAsync<TimeoutException>(() => scheduler.RunIfDueAsync(job, Ct));
        Assert.Equal(JobOutcome.NotDue, await scheduler.RunIfDueAsync(job, Ct));
        app.Clock.Advance(JobScheduler.RetryAfterFailure - TimeSpan.FromMinutes(1));
        Assert.Equal(JobOutcome.NotDue, await scheduler.RunIfDueAsync(job, Ct));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(JobOutcome.Ran, await scheduler.RunIfDueAsync(job, Ct));
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task TheAppSchedulesItsJobs_Housekeeping_RenewalReminders_AndRetention()
    {
        await using var app = await TestApp.CreateAsync();
        var jobs = app.Services.GetServices<ScheduledJob>().ToDictionary(j => j.Name, j => j.Interval);
        Assert.Equal(TimeSpan.FromHours(1), jobs["housekeeping"]);
        Assert.Equal(TimeSpan.FromDays(1), jobs["renewal-reminders"]);
        Assert.Equal(TimeSpan.FromDays(1), jobs["retention"]);

        // Each runs through the scheduler against the real services.
        var scheduler = ActivatorUtilities.CreateInstance<JobScheduler>(app.Services);
        foreach (var job in scheduler.Jobs)
        {
            Assert.Equal(JobOutcome.Ran, await scheduler.RunIfDueAsync(job, Ct));
        }
    }
}
