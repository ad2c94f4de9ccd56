using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
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
/// One volunteer's record for her association's coordinators (DOMAIN.md §4.1): who she is, her availability and
/// status, and one form per screening step — move on, interview and suitability, police certificate as seen,
/// training, approval (four-eyes where the association has two or more coordinators), rejection or withdrawal, her
/// account, and leaving. Each form posts to its own handler with the record's version; the rules live in
/// <see cref="VolunteerScreening"/> and <see cref="VolunteerRules"/>, so a hidden button is never the only guard.
/// An expiring requirement is only shown: nothing ends or changes by itself.
/// </summary>
public sealed class RecordModel(
    AppDbContext db, AuditTrail audit, TimeProvider clock, ProgrammeSettingsService settings, UserInvitations invitations, SessionService sessions)
    : VolunteerPageModel(db, audit, clock)
{
    private const string InterviewForm = nameof(Interview);
    private const string CertificateForm = nameof(Certificate);
    private const string TrainingForm = nameof(Training);
    private const string RejectForm = nameof(Rejection);
    private const string LeaveForm = nameof(ConfirmLeave);

    /// <summary>The anchor of the approval section: refusals of an approval link there from the error summary.</summary>
    public const string ApprovalAnchor = "approval";

    [BindProperty]
    public long Version { get; set; }

    // Each form binds under its own name, never the empty prefix (so another form's fields cannot bind into it and
    // its errors carry its own keys); only the posted form is validated (ValidateOnly).

    [BindProperty(Name = InterviewForm)]
    public InterviewInput Interview { get; set; } = new();

    [BindProperty(Name = CertificateForm)]
    public CertificateInput Certificate { get; set; } = new();

    [BindProperty(Name = TrainingForm)]
    public List<TrainingInput> Training { get; set; } = [];

    [BindProperty(Name = RejectForm)]
    public RejectInput Rejection { get; set; } = new();

    [BindProperty]
    [Display(Name = "Volunteer.ConfirmLeave")]
    public bool ConfirmLeave { get; set; }

    public sealed class InterviewInput
    {
        [Required(ErrorMessage = "Interview.HeldOnRequired")]
        [Display(Name = "Interview.HeldOn")]
        public DateOnly? HeldOn { get; set; }

        [Required(ErrorMessage = "Interview.SuitabilityRequired")]
        [Display(Name = "Interview.Suitability")]
        public Suitability? Suitability { get; set; }

        [StringLength(500, ErrorMessage = "Interview.JustificationTooLong")]
        [Display(Name = "Interview.Justification")]
        public string? Justification { get; set; }
    }

    public sealed class CertificateInput
    {
        [Required(ErrorMessage = "Certificate.ShownOnRequired")]
        [Display(Name = "Certificate.ShownOn")]
        public DateOnly? ShownOn { get; set; }

        [Required(ErrorMessage = "Certificate.IssuedOnRequired")]
        [Display(Name = "Certificate.IssuedOn")]
        public DateOnly? IssuedOn { get; set; }

        [Required(ErrorMessage = "Certificate.PurposeRequired")]
        [StringLength(200, ErrorMessage = "Certificate.PurposeTooLong")]
        [Display(Name = "Certificate.Purpose")]
        public string? Purpose { get; set; }
    }

    public sealed class TrainingInput
    {
        public Guid ModuleId { get; set; }

        [Display(Name = "Training.Done")]
        public bool Done { get; set; }

        [Display(Name = "Training.CompletedOn")]
        public DateOnly? CompletedOn { get; set; }
    }

    public sealed class RejectInput
    {
        [Required(ErrorMessage = "Volunteer.RejectReasonRequired")]
        [Display(Name = "Volunteer.RejectReason")]
        public VolunteerRejectReason? Reason { get; set; }
    }

    public string AssociationName { get; private set; } = string.Empty;

    public string? MunicipalityName { get; private set; }

    public ProgrammeSettings Settings { get; private set; } = new();

    /// <summary>The whole catalogue, active or not, by id (completions of a retired module still show).</summary>
    public IReadOnlyDictionary<Guid, TrainingModule> Modules { get; private set; } = new Dictionary<Guid, TrainingModule>();

    /// <summary>Requirements for approval that do not hold today (for an open application).</summary>
    public IReadOnlyList<Requirement> Missing { get; private set; } = [];

    /// <summary>Mandatory modules she has not done (for an approved volunteer: what is new since her approval).</summary>
    public IReadOnlyList<TrainingModule> MissingModules { get; private set; } = [];

    public DateOnly? CertificateValidUntil { get; private set; }

    public RenewalState? CertificateRenewal { get; private set; }

    public int ActiveCoordinators { get; private set; }

    public DeclarationSignature? Declaration { get; private set; }

    /// <summary>Her account, when she has one: "Invited" (no password yet), "InUse" or "Closed".</summary>
    public string? AccountState { get; private set; }

    public IReadOnlyList<SelectListItem> Suitabilities => Enum.GetValues<Suitability>()
        .Select(s => new SelectListItem(T("Suitability." + s), s.ToString())).ToList();

    public IReadOnlyList<SelectListItem> RejectReasons => Enum.GetValues<VolunteerRejectReason>()
        .Select(r => new SelectListItem(T("VolunteerRejectReason." + r), r.ToString())).ToList();

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

        return await ShowAsync(posted: null);
    }

    public async Task<IActionResult> OnPostMoveAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        ValidateOnly();
        return await StepAsync(() => VolunteerScreening.MoveOn(Volunteer), AuditActions.VolunteerMovedOn, () => Volunteer.Status.ToString(), "Volunteer.MovedOn", posted: null);
    }

    public async Task<IActionResult> OnPostInterviewAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        ValidateOnly(InterviewForm);
        Require(Interview.HeldOn, "Interview.HeldOn", "Interview.HeldOnRequired");
        Require(Interview.Suitability, "Interview.Suitability", "Interview.SuitabilityRequired");
        if (Interview.HeldOn is { } held && held > Today)
        {
            ModelState.AddModelError("Interview.HeldOn", T("Interview.HeldOnFuture"));
        }

        if (Interview.Suitability is { } given && !Enum.IsDefined(given))
        {
            ModelState.AddModelError("Interview.Suitability", T("Common.UnknownChoice"));
        }

        if (!ModelState.IsValid)
        {
            return await ShowAsync(InterviewForm);
        }

        var isNew = Volunteer.Interview is null;
        var justification = string.IsNullOrWhiteSpace(Interview.Justification) ? null : Interview.Justification.Trim();
        return await StepAsync(
            () =>
            {
                VolunteerScreening.RecordInterview(Volunteer, Interview.HeldOn!.Value, CurrentUserId, Interview.Suitability!.Value, justification, Today);
                if (isNew)
                {
                    // Added through its set: a new child with a client-made key found through a navigation would be taken for an update.
                    Db.VolunteerInterviews.Add(Volunteer.Interview!);
                }
            },
            AuditActions.VolunteerInterviewRecorded, () => Volunteer.Interview!.Suitability.ToString(), "Interview.Saved", InterviewForm);
    }

    public async Task<IActionResult> OnPostCertificateAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        ValidateOnly(CertificateForm);
        Require(Certificate.ShownOn, "Certificate.ShownOn", "Certificate.ShownOnRequired");
        Require(Certificate.IssuedOn, "Certificate.IssuedOn", "Certificate.IssuedOnRequired");
        Require(string.IsNullOrWhiteSpace(Certificate.Purpose) ? null : Certificate.Purpose, "Certificate.Purpose", "Certificate.PurposeRequired");
        var policy = await settings.GetAsync(HttpContext.RequestAborted);
        if (Certificate.ShownOn is { } shown && shown > Today)
        {
            ModelState.AddModelError("Certificate.ShownOn", T("Certificate.ShownInFuture"));
        }
        else if (Certificate is { ShownOn: { } shownOn, IssuedOn: { } issuedOn } && !VolunteerRules.CertificateFreshWhenShown(issuedOn, shownOn, policy))
        {
            ModelState.AddModelError("Certificate.IssuedOn", issuedOn > shownOn
                ? T("Certificate.IssuedAfterShown")
                : T("Certificate.TooOldMonths", policy.PoliceCertificateMaxAgeMonths));
        }

        if (!ModelState.IsValid)
        {
            return await ShowAsync(CertificateForm);
        }

        var isNew = Volunteer.PoliceCertificate is null;
        return await StepAsync(
            () =>
            {
                VolunteerScreening.RecordCertificate(
                    Volunteer, Certificate.ShownOn!.Value, Certificate.IssuedOn!.Value, Certificate.Purpose!.Trim(), CurrentUserId, Today, policy);
                if (isNew)
                {
                    Db.PoliceCertificates.Add(Volunteer.PoliceCertificate!);
                }
            },
            AuditActions.PoliceCertificateRecorded, () => null, "Certificate.Saved", CertificateForm);
    }

    public async Task<IActionResult> OnPostTrainingAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        ValidateOnly(TrainingForm);
        var active = await Db.TrainingModules.Where(m => m.Active).ToDictionaryAsync(m => m.Id, HttpContext.RequestAborted);
        for (var i = 0; i < Training.Count; i++)
        {
            var row = Training[i];
            if (row.Done && row.CompletedOn is null && ModelState.GetFieldValidationState($"Training[{i}].CompletedOn") != ModelValidationState.Invalid)
            {
                ModelState.AddModelError($"Training[{i}].CompletedOn", T("Training.DateRequired"));
            }
            else if (row.Done && row.CompletedOn is { } on && on > Today)
            {
                ModelState.AddModelError($"Training[{i}].CompletedOn", T("Training.DateInFuture"));
            }
        }

        if (!ModelState.IsValid)
        {
            return await ShowAsync(TrainingForm);
        }

        return await StepAsync(
            () =>
            {
                // Only the active modules of the catalogue; a module posted twice counts once.
                foreach (var row in Training.Where(r => active.ContainsKey(r.ModuleId)).DistinctBy(r => r.ModuleId))
                {
                    var (added, removed) = VolunteerScreening.RecordTraining(Volunteer, active[row.ModuleId], row.Done ? row.CompletedOn : null, CurrentUserId, Today);
                    if (added is not null)
                    {
                        Db.TrainingCompletions.Add(added);
                    }

                    if (removed is not null)
                    {
                        Db.TrainingCompletions.Remove(removed);
                    }
                }
            },
            AuditActions.VolunteerTrainingRecorded, () => null, "Training.Saved", TrainingForm);
    }

    public async Task<IActionResult> OnPostApproveAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        ValidateOnly();
        var ct = HttpContext.RequestAborted;
        var policy = await settings.GetAsync(ct);
        var catalogue = await Db.TrainingModules.AsNoTracking().ToListAsync(ct);
        var coordinators = await CountActiveCoordinatorsAsync(Volunteer.AssociationId);
        var askedBefore = Volunteer.ApprovalRequestedBy;
        ExpectVersion(Db, Volunteer, Version);
        ApprovalOutcome? outcome = null;
        if (!TryStep(() => outcome = VolunteerRules.Approve(Volunteer, CurrentUserId, coordinators, catalogue, Now, Today, policy)))
        {
            await ReloadAsync();
            return await ShowAsync(posted: null);
        }

        if (outcome!.Approved)
        {
            Audit.Record(AuditActions.VolunteerApproved, nameof(Volunteer), Volunteer.Id);
            return await SaveAndBackAsync("Volunteer.Approved");
        }

        if (outcome.Missing is [Requirement.SecondCoordinator])
        {
            if (askedBefore == Volunteer.ApprovalRequestedBy)
            {
                // The same coordinator again: nothing changes, she still waits for a colleague.
                await ReloadAsync();
                StatusMessage = T("Volunteer.StillWaiting");
                return BackToRecord();
            }

            Audit.Record(AuditActions.VolunteerApprovalRequested, nameof(Volunteer), Volunteer.Id);
            return await SaveAndBackAsync("Volunteer.ApprovalRequested");
        }

        ModelState.AddModelError(ApprovalAnchor, T("Volunteer.CannotApprove"));
        foreach (var requirement in outcome.Missing)
        {
            ModelState.AddModelError(ApprovalAnchor, T("Requirement." + requirement));
        }

        await ReloadAsync();
        return await ShowAsync(posted: null);
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        ValidateOnly(RejectForm);
        Require(Rejection.Reason, "Rejection.Reason", "Volunteer.RejectReasonRequired");
        if (Rejection.Reason is { } given && !Enum.IsDefined(given))
        {
            ModelState.AddModelError("Rejection.Reason", T("Common.UnknownChoice"));
        }

        if (!ModelState.IsValid)
        {
            return await ShowAsync(RejectForm);
        }

        return await StepAsync(
            () => VolunteerScreening.Reject(Volunteer, Now), AuditActions.VolunteerRejected, () => Rejection.Reason!.Value.ToString(), "Volunteer.Rejected", RejectForm, closeAccount: true);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        ValidateOnly();
        return await StepAsync(() => VolunteerScreening.Withdraw(Volunteer, Now), AuditActions.VolunteerWithdrawn, () => null, "Volunteer.Withdrawn", posted: null, closeAccount: true);
    }

    public async Task<IActionResult> OnPostLeaveAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        ValidateOnly(LeaveForm);
        if (!ConfirmLeave)
        {
            ModelState.AddModelError(nameof(ConfirmLeave), T("Volunteer.ConfirmLeaveRequired"));
            return await ShowAsync(LeaveForm);
        }

        return await StepAsync(
            () =>
            {
                // The police-certificate record goes at once (DOMAIN.md §8); the rest follows the retention rules.
                if (VolunteerScreening.Leave(Volunteer, Now) is { } certificate)
                {
                    Db.PoliceCertificates.Remove(certificate);
                }
            },
            AuditActions.VolunteerLeft, () => null, "Volunteer.Left", LeaveForm, closeAccount: true);
    }

    public async Task<IActionResult> OnPostInviteAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        ValidateOnly();
        if (!VolunteerScreening.MayBeInvited(Volunteer))
        {
            ModelState.AddModelError(string.Empty, T("Volunteer.CannotInvite"));
            return await ShowAsync(posted: null);
        }

        ExpectVersion(Db, Volunteer, Version);
        Audit.Record(AuditActions.VolunteerInvited, nameof(Volunteer), Volunteer.Id);
        UserInvitations.Result result;
        try
        {
            result = await invitations.InviteVolunteerAsync(Volunteer, CurrentUserId, HttpContext.RequestAborted);
        }
        catch (DbUpdateConcurrencyException)
        {
            await AuditInterceptor.ReleaseAfterRefusedSaveAsync(Db);
            ModelState.AddModelError(string.Empty, T("Common.Concurrency"));
            await ReloadAsync();
            return await ShowAsync(posted: null);
        }

        if (result.Error is not null)
        {
            ModelState.AddModelError(string.Empty, result.Error);
            await ReloadAsync();
            return await ShowAsync(posted: null);
        }

        StatusMessage = T("Volunteer.Invited");
        return BackToRecord();
    }

    /// <summary>
    /// A step with the version check: refused or lost, nothing is kept and the page is shown again with the message.
    /// A step that ends her time in the programme closes her account too (as when she ends it herself on her own page):
    /// disabled in the same save, and her sessions ended.
    /// </summary>
    private async Task<IActionResult> StepAsync(Action step, string action, Func<string?> detail, string done, string? posted, bool closeAccount = false)
    {
        var account = closeAccount && Volunteer.UserId is { } userId
            ? await Db.Users.FirstOrDefaultAsync(u => u.Id == userId && !u.Disabled, HttpContext.RequestAborted)
            : null;
        ExpectVersion(Db, Volunteer, Version);
        if (!TryStep(step))
        {
            await ReloadAsync();
            return await ShowAsync(posted);
        }

        Audit.Record(action, nameof(Volunteer), Volunteer.Id, detail());
        if (account is not null)
        {
            account.Disabled = true;
            account.SecurityStamp = Guid.NewGuid().ToString();
            account.ConcurrencyStamp = Guid.NewGuid().ToString();
            Audit.Record(AuditActions.UserDisabled, nameof(AppUser), account.Id, Volunteer.Status.ToString());
        }

        if (!await TrySaveAsync(Db))
        {
            await ReloadAsync();
            return await ShowAsync(posted);
        }

        if (account is not null)
        {
            await sessions.EndAllAsync(account.Id, SessionEndReason.Disabled, HttpContext.RequestAborted);
        }

        StatusMessage = T(done);
        return BackToRecord();
    }

    private async Task<IActionResult> SaveAndBackAsync(string done)
    {
        if (!await TrySaveAsync(Db))
        {
            await ReloadAsync();
            return await ShowAsync(posted: null);
        }

        StatusMessage = T(done);
        return BackToRecord();
    }

    /// <summary>Coordinators of the association whose accounts are not disabled (four-eyes needs two of them).</summary>
    private Task<int> CountActiveCoordinatorsAsync(Guid associationId) =>
        Db.CoordinatorAssociations.Where(c => c.AssociationId == associationId)
            .Join(Db.Users.Where(u => !u.Disabled && u.Role == Roles.Coordinator), c => c.UserId, u => u.Id, (c, _) => c.UserId)
            .Distinct()
            .CountAsync(HttpContext.RequestAborted);

    /// <summary>Shows the record: the posted form keeps what was typed, every other form shows what is stored.</summary>
    private async Task<IActionResult> ShowAsync(string? posted)
    {
        var ct = HttpContext.RequestAborted;
        var v = Volunteer;
        Settings = await settings.GetAsync(ct);
        var catalogue = await Db.TrainingModules.AsNoTracking().ToListAsync(ct);
        Modules = catalogue.ToDictionary(m => m.Id);
        AssociationName = await Db.Associations.Where(a => a.Id == v.AssociationId).Select(a => a.Name).FirstOrDefaultAsync(ct) ?? string.Empty;
        MunicipalityName = await Db.Municipalities.Where(m => m.Code == v.MunicipalityCode).Select(m => m.Name).FirstOrDefaultAsync(ct);
        ActiveCoordinators = await CountActiveCoordinatorsAsync(v.AssociationId);
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

        // A refused post keeps the version it was built from (the hidden field shows the posted value).
        Version = v.Version;

        if (posted != InterviewForm)
        {
            Interview = new InterviewInput
            {
                HeldOn = v.Interview?.HeldOn ?? Today,
                Suitability = v.Interview?.Suitability,
                Justification = v.Interview?.Justification,
            };
        }

        if (posted != CertificateForm)
        {
            Certificate = new CertificateInput
            {
                ShownOn = v.PoliceCertificate?.ShownOn,
                IssuedOn = v.PoliceCertificate?.IssuedOn,
                Purpose = v.PoliceCertificate?.Purpose ?? T("Certificate.DefaultPurpose"),
            };
        }

        if (posted != TrainingForm)
        {
            var done = v.Training.ToDictionary(t => t.ModuleId, t => t.CompletedOn);
            Training = catalogue.Where(m => m.Active)
                .OrderByDescending(m => m.Mandatory).ThenBy(m => m.Name, StringComparer.CurrentCulture)
                .Select(m => new TrainingInput { ModuleId = m.Id, Done = done.ContainsKey(m.Id), CompletedOn = done.TryGetValue(m.Id, out var on) ? on : null })
                .ToList();
        }

        if (posted != RejectForm)
        {
            Rejection = new RejectInput();
        }

        await AuditViewAsync();
        return Page();
    }
}
