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
/// One volunteer's record for her association's coordinators (docs/domain.md §4.1): who she is, her availability and
/// status, and one form per screening step — move on, interview and suitability, police certificate as seen,
/// training, approval (four-eyes where the association has two or more coordinators), rejection or withdrawal, her
/// account, and leaving. Each form posts to its own handler with the record's version; the rules live in
/// <see cref="VolunteerScreening"/> and <see cref="VolunteerRules"/>, so a hidden button is never the only guard, and
/// the steps are taken through <see cref="VolunteerScreeningService"/>, exactly as the JSON API takes them.
/// An expiring requirement is only shown: nothing ends or changes by itself.
/// </summary>
public sealed class RecordModel(
    AppDbContext db, AuditTrail audit, TimeProvider clock, ProgrammeSettingsService settings, UserInvitations invitations, VolunteerScreeningService screening)
    : VolunteerPageModel(db, audit, clock)
{
    private const string InterviewForm = nameof(Interview);
    private const string CertificateForm = nameof(Certificate);
    private const string TrainingForm = nameof(Training);
    private const string RejectForm = nameof(Rejection);
    private const string LeaveForm = nameof(ConfirmLeave);
    private const string CapacityForm = nameof(Capacity);
    private const string AddressForm = nameof(NewPostalCode);
    private const string NetworksForm = nameof(Networks);

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

    /// <summary>How many women she may have at a time: on the approval form and the matching form.</summary>
    [BindProperty(Name = CapacityForm)]
    [Display(Name = "Volunteer.Capacity")]
    public int? Capacity { get; set; }

    /// <summary>Her new postal code when she moves.</summary>
    [BindProperty(Name = AddressForm)]
    [Display(Name = "Volunteer.NewPostalCode")]
    public string? NewPostalCode { get; set; }

    /// <summary>Her networks as recorded at screening: one per line.</summary>
    [BindProperty(Name = NetworksForm)]
    [Display(Name = "Volunteer.NetworksInput")]
    public string? Networks { get; set; }

    /// <summary>When her networks changed and by whom ("volunteer 2→0"), newest first: a list she cleared shows here.</summary>
    public IReadOnlyList<(DateTime At, string Detail)> NetworkChanges { get; private set; } = [];

    /// <summary>The capacities a coordinator may choose (1 to the setting).</summary>
    public IReadOnlyList<SelectListItem> Capacities => Enumerable.Range(1, Math.Max(1, Settings.VolunteerMaxCapacity))
        .Select(n => new SelectListItem(n.ToString(System.Globalization.CultureInfo.CurrentCulture), n.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();

    public sealed class TrainingInput
    {
        public Guid ModuleId { get; set; }

        [Display(Name = "Training.Done")]
        public bool Done { get; set; }

        [PlausibleDate(nameof(Domain.Input.PlausibleDates.Completed))]
        [Display(Name = "Training.CompletedOn")]
        public DateOnly? CompletedOn { get; set; }
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
        return await StepAsync(VolunteerScreeningService.MoveOn(), "Volunteer.MovedOn", posted: null);
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
        AddErrors(InterviewForm, screening.CheckInterview(Interview));
        if (!ModelState.IsValid)
        {
            return await ShowAsync(InterviewForm);
        }

        return await StepAsync(screening.RecordInterview(Interview, CurrentUserId), "Interview.Saved", InterviewForm);
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
        AddErrors(CertificateForm, screening.CheckCertificate(Certificate, policy));
        if (!ModelState.IsValid)
        {
            return await ShowAsync(CertificateForm);
        }

        return await StepAsync(screening.RecordCertificate(Certificate, CurrentUserId, policy), "Certificate.Saved", CertificateForm);
    }

    public async Task<IActionResult> OnPostTrainingAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        ValidateOnly(TrainingForm);
        var active = await screening.ActiveModulesAsync(HttpContext.RequestAborted);
        for (var i = 0; i < Training.Count; i++)
        {
            var row = Training[i];
            if (row.Done && row.CompletedOn is null && ModelState.GetFieldValidationState($"Training[{i}].CompletedOn") != ModelValidationState.Invalid)
            {
                ModelState.AddModelError($"Training[{i}].CompletedOn", T("Training.DateRequired"));
            }
            else if (row.Done && screening.CheckTrainingDate(row.CompletedOn) is { } message)
            {
                ModelState.AddModelError($"Training[{i}].CompletedOn", message);
            }
        }

        if (!ModelState.IsValid)
        {
            return await ShowAsync(TrainingForm);
        }

        var rows = Training.Select(r => (r.ModuleId, r.Done ? r.CompletedOn : null));
        return await StepAsync(screening.RecordTraining(active, rows, CurrentUserId), "Training.Saved", TrainingForm);
    }

    public async Task<IActionResult> OnPostApproveAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        ValidateOnly(CapacityForm);
        var result = await screening.ApproveAsync(Volunteer, Version, CurrentUserId, Capacity, HttpContext.RequestAborted);
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
        AddErrors(RejectForm, screening.CheckRejection(Rejection));
        if (!ModelState.IsValid)
        {
            return await ShowAsync(RejectForm);
        }

        return await StepAsync(screening.Reject(Rejection.Reason!.Value), "Volunteer.Rejected", RejectForm);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        ValidateOnly();
        return await StepAsync(screening.Withdraw(), "Volunteer.Withdrawn", posted: null);
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

        return await StepAsync(screening.Leave(), "Volunteer.Left", LeaveForm);
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
        var result = await invitations.InviteVolunteerAsync(Volunteer, CurrentUserId, HttpContext.RequestAborted);
        if (result.Error is not null)
        {
            ModelState.AddModelError(string.Empty, result.Error);
            await ReloadAsync();
            return await ShowAsync(posted: null);
        }

        StatusMessage = T("Volunteer.Invited");
        return BackToRecord();
    }

    public async Task<IActionResult> OnPostNetworksAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        ValidateOnly(NetworksForm);
        var entries = Domain.Volunteers.NetworkText.Entries(Networks);
        if (!Domain.Volunteers.NetworkText.WithinLimits(entries))
        {
            ModelState.AddModelError(NetworksForm, T("MyPages.NetworksTooLong"));
            return await ShowAsync(NetworksForm);
        }

        return await StepAsync(VolunteerScreeningService.ChangeNetworks(entries, byHerself: false), "Volunteer.NetworksSaved", NetworksForm);
    }

    public async Task<IActionResult> OnPostCapacityAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        ValidateOnly(CapacityForm);
        Require(Capacity, CapacityForm, "Volunteer.CapacityOutOfRange");
        if (!ModelState.IsValid)
        {
            return await ShowAsync(CapacityForm);
        }

        return await StepAsync(await screening.SetCapacityAsync(Capacity!.Value, Volunteer, HttpContext.RequestAborted), "Volunteer.CapacitySaved", CapacityForm);
    }

    public async Task<IActionResult> OnPostAddressAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        ValidateOnly(AddressForm);
        var (municipality, error) = await screening.LookUpPostalCodeAsync(NewPostalCode, HttpContext.RequestAborted);
        if (municipality is null)
        {
            ModelState.AddModelError(AddressForm, T(error!));
            return await ShowAsync(AddressForm);
        }

        return await StepAsync(VolunteerScreeningService.ChangeAddress(NewPostalCode!, municipality, byHerself: false), "Volunteer.AddressSaved", AddressForm);
    }

    /// <summary>A step with the version check: refused or lost, nothing is kept and the page is shown again with the message.</summary>
    private async Task<IActionResult> StepAsync(VolunteerStep step, string done, string? posted)
    {
        var result = await screening.RunAsync(Volunteer, Version, step, HttpContext.RequestAborted);
        if (result.Saved)
        {
            StatusMessage = T(done);
            return BackToRecord();
        }

        AddRefusal(result);
        await ReloadAsync();
        return await ShowAsync(posted);
    }

    /// <summary>A refused or lost step: the message at the top of the page.</summary>
    private void AddRefusal(StepResult result) =>
        ModelState.AddModelError(string.Empty, T(result.Outcome == StepOutcome.Refused && result.RefusalKey is { } key ? key : "Common.Concurrency"));

    /// <summary>The service's messages beside the fields of the posted form.</summary>
    private void AddErrors(string form, IEnumerable<FieldMessage> messages)
    {
        foreach (var message in messages)
        {
            ModelState.AddModelError($"{form}.{message.Field}", message.Message);
        }
    }

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

        if (posted != CapacityForm)
        {
            Capacity = v.Capacity;
        }

        if (posted != AddressForm)
        {
            NewPostalCode = null;
        }

        if (posted != NetworksForm)
        {
            Networks = Domain.Volunteers.NetworkText.Text(v.Profile.NetworkList());
        }

        NetworkChanges = (await Db.AuditEntries.AsNoTracking()
                .Where(e => e.Action == AuditActions.VolunteerNetworksChanged && e.EntityId == v.Id)
                .OrderByDescending(e => e.Sequence).Take(20).Select(e => new { e.At, e.Detail }).ToListAsync(ct))
            .Select(e => (e.At, e.Detail ?? string.Empty)).ToList();

        await AuditViewAsync();
        return Page();
    }
}
