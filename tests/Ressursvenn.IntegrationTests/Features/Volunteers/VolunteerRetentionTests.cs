using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Ressursvenn.IntegrationTests.Features.MyPages;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Features.Participants;
using Ressursvenn.Web.Infrastructure;

namespace Ressursvenn.IntegrationTests.Features.Volunteers;

/// <summary>
/// Retention for volunteers (docs/domain.md §8): the retention job erases a rejected or withdrawn application
/// RejectedApplicationRetentionMonths after it ended and a volunteer who left VolunteerRetentionMonths after she left —
/// not a day before — with everything under her record; her account stays only as a disabled, emptied shell (so the
/// audit trail's user ids still resolve), and nothing of her is left in the database file.
/// </summary>
public sealed class VolunteerRetentionTests
{
    [Fact]
    public async Task RetentionJob_ErasesEndedApplicationsAndLeftVolunteers_EachAfterItsOwnPeriod_NotADayEarly()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Oppbevaring");
        var module = await MyPagesPlanting.ModuleAsync(app, "Traume og vold");
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var withdrawn = await MyPagesPlanting.PlantAsync(app, association, "Qxvtrukket Soker", VolunteerStatus.Withdrawn, v => v.Phone = "401 11 111");
        var rejected = await MyPagesPlanting.PlantAsync(app, association, "Qxvavslatt Soker", VolunteerStatus.Rejected, v => v.Phone = "402 22 222");
        var left = await MyPagesPlanting.PlantAsync(app, association, "Qxvsluttet Venn", VolunteerStatus.Left, v =>
        {
            v.Phone = "403 33 333";
            v.Training.Add(new TrainingCompletion { VolunteerId = v.Id, ModuleId = module.Id, CompletedOn = today.AddDays(-100) });
            v.Declarations.Add(new DeclarationSignature { VolunteerId = v.Id, TextVersion = DeclarationSignature.CurrentTextVersion, SignedAt = v.AppliedAt });
        });
        var active = await MyPagesPlanting.PlantAsync(app, association, "Qxvaktiv Venn", VolunteerStatus.Approved, v => v.PoliceCertificate =
            new PoliceCertificateRecord { VolunteerId = v.Id, ShownOn = today, IssuedOn = today.AddDays(-5), Purpose = "Ressursvenn" });
        var endedAt = app.Clock.GetUtcNow();

        AdvanceTo(app.Clock, endedAt.AddMonths(6).AddDays(-1));
        Assert.Equal(0, (await Job(app).RunAsync(ct)).VolunteersErased);
        Assert.NotNull(await MyPagesPlanting.LoadAsync(app, withdrawn.Id));
        Assert.NotNull(await MyPagesPlanting.LoadAsync(app, rejected.Id));

        // Six months and a day: both ended applications go; the volunteer who left stays for her own, longer period.
        AdvanceTo(app.Clock, endedAt.AddMonths(6).AddDays(1));
        var result = await Job(app).RunAsync(ct);
        Assert.Equal((0, 2), (result.Erased, result.VolunteersErased));
        Assert.Equal(0, await RowsAsync(app, withdrawn.Id));
        Assert.Equal(0, await RowsAsync(app, rejected.Id));
        Assert.Equal(4, await RowsAsync(app, left.Id));
        await AssertAccountEmptiedAsync(app, withdrawn);
        await AssertAccountEmptiedAsync(app, rejected);
        Assert.False((await MyPagesPlanting.UserAsync(app, left.User.Id))!.Disabled);

        AdvanceTo(app.Clock, endedAt.AddMonths(24).AddDays(-1));
        Assert.Equal(0, (await Job(app).RunAsync(ct)).VolunteersErased);
        Assert.Equal(4, await RowsAsync(app, left.Id));

        AdvanceTo(app.Clock, endedAt.AddMonths(24).AddDays(1));
        Assert.Equal(1, (await Job(app).RunAsync(ct)).VolunteersErased);
        Assert.Equal(0, await RowsAsync(app, left.Id));
        await AssertAccountEmptiedAsync(app, left);
        Assert.Equal("Qxvaktiv Venn", (await MyPagesPlanting.LoadAsync(app, active.Id))?.Name);
        Assert.Equal(3, await RowsAsync(app, active.Id));

        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var erasures = await db.AuditEntries.Where(e => e.Action == AuditActions.VolunteerErased).ToListAsync(ct);
            Assert.Equal(new[] { withdrawn.Id, rejected.Id, left.Id }.Order(), erasures.Select(e => e.EntityId!.Value).Order());
            Assert.All(erasures, e => Assert.Equal(VolunteerErasure.RetentionDue, e.Detail));
            // The run's own entry still counts participants only (none here), never identities.
            Assert.All(await db.AuditEntries.Where(e => e.Action == AuditActions.RetentionRun).ToListAsync(ct), e => Assert.Equal("0", e.Detail));
            Assert.True((await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(ct)).IsIntact);
        }

        var gone = new[] { withdrawn, rejected, left };
        string[] plaintexts = [.. gone.Select(v => v.Name), .. gone.Select(v => v.User.Email), "401 11 111", "402 22 222", "403 33 333"];
        foreach (var (where, bytes) in await AtRest.SnapshotsAsync(app.Database, beforeCheckpointToo: false, ct))
        {
            AtRest.AssertAbsent(bytes, where, plaintexts, []);
        }

        // A later run finds nothing more to do.
        Assert.Equal(0, (await Job(app).RunAsync(ct)).VolunteersErased);
    }

    [Fact]
    public async Task AVolunteerWhoLeftThroughHerPage_IsErasedWhenHerPeriodHasPassed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Helevegen");
        var her = await MyPagesPlanting.PlantAsync(app, association, "Qxvhele Veien", VolunteerStatus.Approved);
        using (var client = await app.LoggedInClientAsync(her.User))
        {
            var left = await client.SubmitFormAsync("/min-side/avslutt", "main form.rv-form", [new("Confirm", "true")]);
            Assert.Equal(HttpStatusCode.Redirect, left.StatusCode);
        }

        var leftAt = app.Clock.GetUtcNow();
        await using (var scope = app.Services.CreateSystemScope())
        {
            var settings = await scope.ServiceProvider.GetRequiredService<ProgrammeSettingsService>().GetForUpdateAsync(ct);
            settings.VolunteerRetentionMonths = 12;
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync(ct);
        }

        AdvanceTo(app.Clock, leftAt.AddMonths(12).AddDays(-1));
        Assert.Equal(0, (await Job(app).RunAsync(ct)).VolunteersErased);
        AdvanceTo(app.Clock, leftAt.AddMonths(12).AddDays(1));
        Assert.Equal(1, (await Job(app).RunAsync(ct)).VolunteersErased);
        Assert.Null(await MyPagesPlanting.LoadAsync(app, her.Id));
        await AssertAccountEmptiedAsync(app, her);
    }

    private static async Task AssertAccountEmptiedAsync(TestApp app, MyPagesVolunteer volunteer)
    {
        await using var scope = app.Services.CreateSystemScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Null(await users.FindByEmailAsync(volunteer.User.Email));
        var account = await users.FindByIdAsync(volunteer.User.Id.ToString());
        Assert.NotNull(account);
        Assert.True(account.Disabled);
        Assert.Equal(VolunteerErasure.ErasedName, account.DisplayName);
        Assert.Null(account.PhoneNumber);
        Assert.Null(account.PasswordHash);
        Assert.DoesNotContain(volunteer.User.Email, account.Email ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        using var client = app.Client();
        var login = await app.LoginAsync(client, volunteer.User);
        Assert.False(login.StatusCode == HttpStatusCode.Redirect && !login.IsRedirectToLogin(), "An erased volunteer could still log in.");
    }

    /// <summary>Her rows: the record, interview, certificate record, training and declarations.</summary>
    private static async Task<int> RowsAsync(TestApp app, Guid id)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Volunteers.CountAsync(v => v.Id == id, ct)
            + await db.VolunteerInterviews.CountAsync(i => i.VolunteerId == id, ct)
            + await db.PoliceCertificates.CountAsync(c => c.VolunteerId == id, ct)
            + await db.TrainingCompletions.CountAsync(t => t.VolunteerId == id, ct)
            + await db.DeclarationSignatures.CountAsync(d => d.VolunteerId == id, ct);
    }

    private static RetentionJob Job(TestApp app) => ActivatorUtilities.CreateInstance<RetentionJob>(app.Services);

    private static void AdvanceTo(FakeTimeProvider clock, DateTimeOffset when)
    {
        Assert.True(when >= clock.GetUtcNow(), "The fake clock only moves forward.");
        clock.Advance(when - clock.GetUtcNow());
    }
}
