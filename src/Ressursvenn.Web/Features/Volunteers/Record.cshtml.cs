using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Features.Admin;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Volunteers;

/// <summary>
/// One volunteer's record for her association's coordinators (docs/domain.md §4.1): who she is, her availability and
/// status, and what each screening step recorded. The steps with fields of their own (interview and suitability, police
/// certificate as seen, training, rejection, leaving, capacity, networks, address) are pages of their own under her
/// record (<see cref="VolunteerFormPageModel"/>), linked from here; the one-click steps (move on, approval — four-eyes
/// where the association has two or more coordinators —, withdrawal, her account) post to handlers here that bind only
/// the record's version (and the approval its capacity) as parameters. The rules live in
/// <see cref="VolunteerScreening"/> and <see cref="VolunteerRules"/>, so a hidden button is never the only guard, and
/// the steps are taken through <see cref="VolunteerScreeningService"/>, exactly as the JSON API takes them.
/// An expiring requirement is only shown: nothing ends or changes by itself.
/// </summary>
public sealed class RecordModel(
    AppDbContext db, AuditTrail audit, TimeProvider clock, ProgrammeSettingsService settings, UserInvitations invitations, VolunteerScreeningService screening)
    : VolunteerPageModel(db, audit, clock)
{
    /// <summary>The anchor of the approval section: refusals of an approval link there from the error summary.</summary>
    public const string ApprovalAnchor = "approval";

    /// <summary>The version the page was built from: every one-click form posts it.</summary>
    public long Version { get; private set; }

    /// <summary>How many women she may have at a time: chosen on the approval form.</summary>
    [Display(Name = "Volunteer.Capacity")]
    public int? Capacity { get; private set; }

    /// <summary>When her networks changed and by whom ("volunteer 2→0"), newest first: a list she cleared shows here.</summary>
    public IReadOnlyList<(DateTime At, string Detail)> NetworkChanges { get; private set; } = [];

    /// <summary>The capacities a coordinator may choose (1 to the setting).</summary>
    public IReadOnlyList<SelectListItem> Capacities => CapacityChoices(Settings.VolunteerMaxCapacity);

    public string AssociationName { get; private set; } = string.Empty;

    public string? MunicipalityName { get; private set; }

    public ProgrammeSettings Settings { get; private set; } = new();

    /// <summary>The whole catalogue, active or not, by id (completions of a retired module still show).</summary>
    public IReadOnlyDictionary<Guid, TrainingModule> Modules { get; private set; } = new Dictionary<Guid, TrainingModule>();

    /// <summary>Requirements for approval that do not hold today (for an open application).</summary>
    public IReadOnlyList<Requirement> Missing { get; private set; } = [];

    /// <summary>Mandatory modules she has not done (for an approved volunteer: what is new since her approval).</summary>
    public IReadOnlyList<TrainingModule> MissingModules { get; private set; } = [];

    /// <summary>How many modules the catalogue offers now (none: nothing to record).</summary>
    public int ActiveModuleCount { get; private set; }

    public DateOnly? CertificateValidUntil { get; private set; }

    public RenewalState? CertificateRenewal { get; private set; }

    public int ActiveCoordinators { get; private set; }

    public DeclarationSignature? Declaration { get; private set; }

    /// <summary>Her account, when she has one: "Invited" (no password yet), "InUse" or "Closed".</summary>
    public string? AccountState { get; private set; }

    private Dictionary<Guid, string> names = [];

    /// <summary>A coordinator's (or any user's) name for the record, or a dash.</summary>
    public string NameOf(Guid? userId) => userId is { } id && names.TryGetValue(id, out var name) ? name : "–";

    public bool AskedByMe => Volunteer.ApprovalRequestedBy == CurrentUserId;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        return await ShowAsync();
    }

    public async Task<IActionResult> OnPostMoveAsync(Guid id, long version)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        return await TakeStepAsync(screening, VolunteerScreeningService.MoveOn(), version, "Volunteer.MovedOn", ShowAsync);
    }

    public async Task<IActionResult> OnPostApproveAsync(Guid id, long version, [FromForm(Name = "Capacity")] int? capacity)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        var result = await screening.ApproveAsync(Volunteer, version, CurrentUserId, capacity, HttpContext.RequestAborted);
        switch (result.Outcome)
        {
            case StepOutcome.Done:
                StatusMessage = T("Volunteer.Approved");
                return BackToRecord();
            case StepOutcome.ApprovalRequested:
                StatusMessage = T("Volunteer.ApprovalRequested");
                return BackToRecord();
            case StepOutcome.StillWaiting:
                StatusMessage = T("Volunteer.StillWaiting");
                return BackToRecord();
            case StepOutcome.MissingRequirements:
                ModelState.AddModelError(ApprovalAnchor, T("Volunteer.CannotApprove"));
                foreach (var requirement in result.Missing ?? [])
                {
                    ModelState.AddModelError(ApprovalAnchor, T("Requirement." + requirement));
                }

                break;
            default:
                AddRefusal(result);
                break;
        }

        await ReloadAsync();
        return await ShowAsync();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, long version)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        return await TakeStepAsync(screening, screening.Withdraw(), version, "Volunteer.Withdrawn", ShowAsync);
    }

    public async Task<IActionResult> OnPostInviteAsync(Guid id, long version)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        if (!VolunteerScreening.MayBeInvited(Volunteer))
        {
            ModelState.AddModelError(string.Empty, T("Volunteer.CannotInvite"));
            return await ShowAsync();
        }

        ExpectVersion(Db, Volunteer, version);
        Audit.Record(AuditActions.VolunteerInvited, nameof(Volunteer), Volunteer.Id);
        var result = await invitations.InviteVolunteerAsync(Volunteer, CurrentUserId, HttpContext.RequestAborted);
        if (result.Error is not null)
        {
            ModelState.AddModelError(string.Empty, result.Error);
            await ReloadAsync();
            return await ShowAsync();
        }

        StatusMessage = T("Volunteer.Invited");
        return BackToRecord();
    }

    /// <summary>Shows the record as stored, with the message of a refused step.</summary>
    private async Task<IActionResult> ShowAsync()
    {
        var ct = HttpContext.RequestAborted;
        var v = Volunteer;
        Settings = await settings.GetAsync(ct);
        var catalogue = await Db.TrainingModules.AsNoTracking().ToListAsync(ct);
        Modules = catalogue.ToDictionary(m => m.Id);
        AssociationName = await Db.Associations.Where(a => a.Id == v.AssociationId).Select(a => a.Name).FirstOrDefaultAsync(ct) ?? string.Empty;
        MunicipalityName = await Db.Municipalities.Where(m => m.Code == v.MunicipalityCode).Select(m => m.Name).FirstOrDefaultAsync(ct);
        ActiveCoordinators = await screening.CountActiveCoordinatorsAsync(v.AssociationId, ct);
        Missing = v.IsOpenApplication ? VolunteerRules.Missing(v, catalogue, Today, Settings) : [];
        MissingModules = VolunteerScreening.IsCurrent(v) ? VolunteerRules.MissingModules(v, catalogue) : [];
        if (v.PoliceCertificate is { } certificate)
        {
            CertificateValidUntil = VolunteerRules.CertificateValidUntil(certificate, Settings);
            CertificateRenewal = VolunteerRules.Renewal(CertificateValidUntil.Value, Today, Settings);
        }

        Declaration = v.Declarations.OrderByDescending(d => d.SignedAt).FirstOrDefault();

        // Names are decrypted on load, so the users are loaded whole, by id, and read in memory.
        var userIds = new[] { v.Interview?.InterviewerUserId, v.PoliceCertificate?.CheckedByUserId, v.ApprovalRequestedBy, v.ApprovedBy, v.UserId }
            .OfType<Guid>().Distinct().ToList();
        var users = await Db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToListAsync(ct);
        names = users.ToDictionary(u => u.Id, u => u.DisplayName);
        AccountState = v.UserId is { } accountId && users.FirstOrDefault(u => u.Id == accountId) is { } account
            ? account.Disabled ? "Closed" : account.PasswordHash is null ? "Invited" : "InUse"
            : null;

        Version = v.Version;
        Capacity = v.Capacity;
        ActiveModuleCount = catalogue.Count(m => m.Active);

        NetworkChanges = (await Db.AuditEntries.AsNoTracking()
                .Where(e => e.Action == AuditActions.VolunteerNetworksChanged && e.EntityId == v.Id)
                .OrderByDescending(e => e.Sequence).Take(20).Select(e => new { e.At, e.Detail }).ToListAsync(ct))
            .Select(e => (e.At, e.Detail ?? string.Empty)).ToList();

        await AuditViewAsync();
        return Page();
    }
}
