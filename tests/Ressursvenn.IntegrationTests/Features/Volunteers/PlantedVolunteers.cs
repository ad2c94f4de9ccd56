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
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var plant = Plant.Volunteer(app, association, name).With(volunteer =>
        {
            volunteer.Phone = "000 11 22 33";
            volunteer.BirthDate = new DateOnly(1980, 3, 14);
            volunteer.MunicipalityCode = "0301";
            volunteer.Status = status;
            volunteer.AppliedAt = now.AddDays(-20);
            volunteer.Availability = 0b111;
            volunteer.UserId = userId;
            volunteer.Profile = new VolunteerProfile { Languages = ["nb", "en"], Interests = ["walks"], Motivation = "Vil hjelpe." };
            if (status is VolunteerStatus.Approved or VolunteerStatus.Paused)
            {
                volunteer.ApprovedAt = now.AddDays(-1);
            }
        });
        if (done.HasFlag(Steps.Interview))
        {
            plant.Interviewed(today.AddDays(-10));
        }

        if (done.HasFlag(Steps.Certificate))
        {
            plant.CertificateShown(today.AddDays(-5), issuedOn: today.AddDays(-30));
        }

        if (done.HasFlag(Steps.Training))
        {
            plant.Trained(today.AddDays(-3));
        }

        if (done.HasFlag(Steps.Declaration))
        {
            plant.SignedDeclaration(now.AddDays(-2));
        }

        return await plant.SaveAsync();
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
