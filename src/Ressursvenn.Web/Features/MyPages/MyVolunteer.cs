using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Calendar;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Infrastructure;

namespace Ressursvenn.Web.Features.MyPages;

/// <summary>
/// A volunteer's own record, found through the data scope (a volunteer's context sees only the record linked to her
/// account) and, as a second guard, by her own user id. An account without a record gets null: the pages then say
/// kindly that there is nothing here yet.
/// </summary>
public sealed class MyVolunteer(AppDbContext db, ProgrammeSettingsService settings, TimeProvider clock, IAuthorizationService authorization)
{
    /// <summary>Her record with interview, police certificate, training and declarations (tracked, so a page may change it), or null.</summary>
    public async Task<Volunteer?> FindAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.IsInRole(Roles.Volunteer) || !Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return null;
        }

        var mine = await db.Volunteers
            .Include(v => v.Interview).Include(v => v.PoliceCertificate).Include(v => v.Training).Include(v => v.Declarations)
            .Where(v => v.UserId == userId)
            .AsSplitQuery()
            .ToListAsync(ct);
        // Normally one; after a new application the open one counts, else the newest. The volunteer handler has the last word.
        var current = mine.OrderBy(v => IsEnded(v.Status) ? 1 : 0).ThenByDescending(v => v.AppliedAt).FirstOrDefault();
        return await Security.Resources.ResourceAuthorization.PermittedAsync(authorization, user, current, Security.Resources.VolunteerOperation.Self);
    }

    /// <summary>What her own pages show: requirements, renewals and training, computed by the rules of <see cref="VolunteerRules"/>.</summary>
    public async Task<VolunteerOverview> OverviewAsync(Volunteer volunteer, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        var policy = await settings.GetAsync(ct);
        var catalogue = await db.TrainingModules.AsNoTracking().ToListAsync(ct);
        return VolunteerOverview.Build(volunteer, catalogue, WorkingDays.OsloDate(clock.GetUtcNow()), policy);
    }

    /// <summary>Left, rejected or withdrawn: nothing more to do in the programme.</summary>
    public static bool IsEnded(VolunteerStatus status) => status is VolunteerStatus.Left or VolunteerStatus.Rejected or VolunteerStatus.Withdrawn;
}

/// <summary>One completed module, for her list and the service letter.</summary>
public sealed record CompletedModule(string Name, DateOnly CompletedOn);

/// <summary>One mandatory module she has not done; <see cref="IsNew"/> when it was added after she was approved.</summary>
public sealed record ModuleToDo(string Name, bool IsNew);

/// <summary>Her status and what is left, in the terms of docs/domain.md §4.1.</summary>
public sealed record VolunteerOverview(
    VolunteerStatus Status,
    IReadOnlyList<Requirement> Missing,
    IReadOnlyList<CompletedModule> Done,
    IReadOnlyList<ModuleToDo> ToDo,
    DateOnly? CertificateValidUntil,
    RenewalState? CertificateState,
    DeclarationSignature? Declaration,
    bool DeclarationIsCurrent)
{
    public bool IsApplication => Status is VolunteerStatus.Applied or VolunteerStatus.Interview or VolunteerStatus.Checks or VolunteerStatus.Training;

    public bool IsEnded => MyVolunteer.IsEnded(Status);

    public static VolunteerOverview Build(Volunteer volunteer, IReadOnlyList<TrainingModule> catalogue, DateOnly today, ProgrammeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(settings);
        var names = catalogue.ToDictionary(m => m.Id, m => m.Name);
        var done = volunteer.Training
            .Where(t => names.ContainsKey(t.ModuleId))
            .Select(t => new CompletedModule(names[t.ModuleId], t.CompletedOn))
            .OrderBy(t => t.CompletedOn).ThenBy(t => t.Name, StringComparer.CurrentCulture)
            .ToList();
        var approvedAt = volunteer.ApprovedAt;
        var toDo = VolunteerRules.MissingModules(volunteer, catalogue)
            .Select(m => new ModuleToDo(m.Name, approvedAt is { } at && m.CreatedAt > at))
            .ToList();
        DateOnly? validUntil = volunteer.PoliceCertificate is { } certificate ? VolunteerRules.CertificateValidUntil(certificate, settings) : null;
        RenewalState? state = validUntil is { } until ? VolunteerRules.Renewal(until, today, settings) : null;
        var declaration = volunteer.Declarations.OrderByDescending(d => d.SignedAt).FirstOrDefault();
        var current = volunteer.Declarations.Any(d => d.TextVersion == DeclarationSignature.CurrentTextVersion);
        return new VolunteerOverview(
            volunteer.Status, VolunteerRules.Missing(volunteer, catalogue, today, settings), done, toDo, validUntil, state, declaration, current);
    }
}
