using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Volunteers;

namespace Ressursvenn.IntegrationTests.Features.Volunteers;

/// <summary>What a planted volunteer already has when the test starts.</summary>
[Flags]
public enum Steps
{
    None = 0,
    Interview = 1,
    Certificate = 2,
    Training = 4,
    Declaration = 8,
    All = Interview | Certificate | Training | Declaration,
}

/// <summary>Plants volunteers directly in the database, in a system scope (as her application would), and reads them back.</summary>
public static class PlantedVolunteers
{
    public static async Task<Guid> PlantAsync(
        TestApp app, Guid association, string name, VolunteerStatus status = VolunteerStatus.Applied, Steps done = Steps.None, Guid? userId = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var ct = TestContext.Current.CancellationToken;
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var volunteer = new Volunteer
        {
            AssociationId = association,
            Name = name,
            Email = $"frivillig-{Guid.NewGuid():N}@test.invalid",
            Phone = "000 11 22 33",
            BirthDate = new DateOnly(1980, 3, 14),
            MunicipalityCode = "0301",
            Status = status,
            AppliedAt = now.AddDays(-20),
            Availability = 0b111,
            UserId = userId,
            Profile = new VolunteerProfile { Languages = ["nb", "en"], Interests = ["walks"], Motivation = "Vil hjelpe." },
        };
        if (status is VolunteerStatus.Approved or VolunteerStatus.Paused)
        {
            volunteer.ApprovedAt = now.AddDays(-1);
        }

        if (done.HasFlag(Steps.Interview))
        {
            volunteer.Interview = new VolunteerInterview { VolunteerId = volunteer.Id, HeldOn = today.AddDays(-10), Suitability = Suitability.Suitable };
        }

        if (done.HasFlag(Steps.Certificate))
        {
            volunteer.PoliceCertificate = new PoliceCertificateRecord
            {
                VolunteerId = volunteer.Id, ShownOn = today.AddDays(-5), IssuedOn = today.AddDays(-30), Purpose = "Frivillig ressursvenn",
            };
        }

        if (done.HasFlag(Steps.Training))
        {
            foreach (var module in await db.TrainingModules.Where(m => m.Mandatory && m.Active).ToListAsync(ct))
            {
                volunteer.Training.Add(new TrainingCompletion { VolunteerId = volunteer.Id, ModuleId = module.Id, CompletedOn = today.AddDays(-3) });
            }
        }

        if (done.HasFlag(Steps.Declaration))
        {
            volunteer.Declarations.Add(new DeclarationSignature { VolunteerId = volunteer.Id, TextVersion = DeclarationSignature.CurrentTextVersion, SignedAt = now.AddDays(-2) });
        }

        db.Volunteers.Add(volunteer);
        await db.SaveChangesAsync(ct);
        return volunteer.Id;
    }

    public static async Task<Volunteer> LoadAsync(TestApp app, Guid id)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Volunteers.AsNoTracking()
            .Include(v => v.Interview).Include(v => v.PoliceCertificate).Include(v => v.Training).Include(v => v.Declarations)
            .AsSplitQuery()
            .SingleAsync(v => v.Id == id, TestContext.Current.CancellationToken);
    }

    /// <summary>Adds her signature of the current declaration (she signs on her own page; the test plants it).</summary>
    public static async Task SignDeclarationAsync(TestApp app, Guid id)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.DeclarationSignatures.Add(new DeclarationSignature
        {
            VolunteerId = id, TextVersion = DeclarationSignature.CurrentTextVersion, SignedAt = app.Clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}
