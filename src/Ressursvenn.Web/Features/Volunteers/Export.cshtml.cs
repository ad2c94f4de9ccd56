using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Calendar;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Features.Apply;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Volunteers;

/// <summary>
/// The data-subject export (innsyn, GDPR art. 15) for a volunteer: everything stored about her, as a page that prints
/// well and as a JSON download, for her association's coordinators only (the same 404 as a missing record for anyone
/// else). Each export is audited; nothing is written to disk, and the answer is never cached. Staff appear by role,
/// never by name. The audit list covers her record and her account (invitation, log-ins, closing).
/// When matches exist (a later issue), her matches and meetings belong here too.
/// </summary>
public sealed class ExportModel(AppDbContext db, AuditTrail audit, TimeProvider clock) : VolunteerPageModel(db, audit, clock)
{
    public string AssociationName { get; private set; } = string.Empty;

    public string? MunicipalityName { get; private set; }

    /// <summary>Her account, when she has one: "Invited" (no password yet), "InUse" or "Closed" (texts "Volunteer.Account.{state}").</summary>
    public string? AccountState { get; private set; }

    public IReadOnlyList<TrainingRow> Training { get; private set; } = [];

    public IReadOnlyList<DeclarationSignature> Declarations { get; private set; } = [];

    public IReadOnlyList<AuditRow> AuditTrail { get; private set; } = [];

    public DateTime ExportedAt { get; private set; }

    public sealed record TrainingRow(string Course, bool Mandatory, DateOnly CompletedOn, string? RecordedByRole);

    /// <summary>One audit entry about her: when, what (in words, with a rejection's reason), and the role of who did it (null: the system).</summary>
    public sealed record AuditRow(DateTime At, string Action, string? ActorRole);

    private Dictionary<Guid, string> roles = [];

    /// <summary>The role (a resource key suffix) of the user with this id, or null.</summary>
    public string? RoleOf(Guid? userId) => userId is { } id ? roles.GetValueOrDefault(id) : null;

    /// <summary>A user's role in words, or a dash.</summary>
    public string RoleText(Guid? userId) => RoleOf(userId) is { } role ? T("Role." + role) : "–";

    /// <summary>Whether she is usually free in this part of this day (indexes of <see cref="AvailabilityGrid"/>).</summary>
    public bool IsFree(int day, int part) => (Volunteer.Availability & (1 << AvailabilityGrid.Slot(day, part))) != 0;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        await CollectAsync();
        await AuditExportAsync("html");
        DataSubjectExport.NoStore(Response);
        return Page();
    }

    public async Task<IActionResult> OnGetJsonAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        await CollectAsync();
        var document = ToDocument();
        await AuditExportAsync("json");
        return DataSubjectExport.JsonDownload(Response, document, ExportedAt);
    }

    private async Task AuditExportAsync(string format)
    {
        Audit.Record(AuditActions.VolunteerExported, nameof(Volunteer), Volunteer.Id, format);
        await Db.SaveChangesAsync(HttpContext.RequestAborted);
    }

    private async Task CollectAsync()
    {
        var ct = HttpContext.RequestAborted;
        ExportedAt = Now;
        var v = Volunteer;
        AssociationName = await Db.Associations.Where(a => a.Id == v.AssociationId).Select(a => a.Name).FirstOrDefaultAsync(ct) ?? string.Empty;
        MunicipalityName = await Db.Municipalities.Where(m => m.Code == v.MunicipalityCode).Select(m => m.Name).FirstOrDefaultAsync(ct);

        // Her record and her account (invited, set up, log-ins, closed): both are about her.
        var subjects = new[] { v.Id, v.UserId }.OfType<Guid>().Select(g => (Guid?)g).ToList();
        var entries = await Db.AuditEntries.AsNoTracking()
            .Where(e => subjects.Contains(e.EntityId))
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);

        // Roles only (a plain column): staff names are not part of her data. Her own account is among them.
        var userIds = entries.Select(e => e.UserId)
            .Concat([v.UserId, v.ApprovedBy, v.ApprovalRequestedBy, v.Interview?.InterviewerUserId, v.PoliceCertificate?.CheckedByUserId])
            .Concat(v.Training.Select(t => t.RecordedByUserId))
            .OfType<Guid>().Distinct().ToList();
        var users = await Db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.Role, u.Disabled, HasPassword = u.PasswordHash != null })
            .ToListAsync(ct);
        roles = users.ToDictionary(u => u.Id, u => u.Role);
        AccountState = v.UserId is { } accountId && users.FirstOrDefault(u => u.Id == accountId) is { } account
            ? account.Disabled ? "Closed" : account.HasPassword ? "InUse" : "Invited"
            : null;

        var moduleIds = v.Training.Select(t => t.ModuleId).Distinct().ToList();
        var modules = await Db.TrainingModules.AsNoTracking().Where(m => moduleIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        Training = v.Training.OrderBy(t => t.CompletedOn)
            .Select(t => modules.GetValueOrDefault(t.ModuleId) is { } module
                ? new TrainingRow(module.Name, module.Mandatory, t.CompletedOn, RoleOf(t.RecordedByUserId))
                : new TrainingRow("–", false, t.CompletedOn, RoleOf(t.RecordedByUserId)))
            .ToList();
        Declarations = v.Declarations.OrderBy(d => d.SignedAt).ToList();
        AuditTrail = entries.Select(e => new AuditRow(e.At, ActionText(e), RoleOf(e.UserId))).ToList();
    }

    /// <summary>The action in words; a rejection carries its reason (a code, stored only in the entry).</summary>
    private string ActionText(AuditEntry entry)
    {
        var text = T("AuditAction." + entry.Action);
        return entry.Action == AuditActions.VolunteerRejected && Enum.TryParse<VolunteerRejectReason>(entry.Detail, out var reason) && Enum.IsDefined(reason)
            ? $"{text} ({T("VolunteerRejectReason." + reason)})"
            : text;
    }

    /// <summary>The same content as the page, in plain words in the user's language, for the JSON download.</summary>
    private object ToDocument()
    {
        var v = Volunteer;
        var profile = v.Profile;
        var interview = v.Interview;
        var certificate = v.PoliceCertificate;
        string? Role(Guid? user) => RoleOf(user) is { } role ? T("Role." + role) : null;
        List<string> Words(string prefix, IEnumerable<string> codes) => codes.Select(c => T(prefix + c)).ToList();
        return new
        {
            exportedAt = ExportedAt,
            volunteer = new
            {
                name = v.Name,
                email = v.Email,
                phone = v.Phone,
                birthDate = v.BirthDate,
                association = AssociationName,
                municipality = MunicipalityName ?? v.MunicipalityCode,
                postalCode = v.PostalCode,
                maxTravelKm = v.MaxTravelKm,
                capacity = v.Capacity,
            },
            status = new
            {
                status = T("VolunteerStatus." + v.Status),
                appliedAt = v.AppliedAt,
                approvalRequestedBy = Role(v.ApprovalRequestedBy),
                approvedAt = v.ApprovedAt,
                approvedBy = Role(v.ApprovedBy),
                pausedAt = v.PausedAt,
                endedAt = v.EndedAt,
            },
            profile = new
            {
                languages = Words("Language.", profile.Languages),
                interests = Words("Interest.", profile.Interests),
                motivation = profile.Motivation,
                experience = profile.Experience,
                networks = profile.NetworkList(),
            },
            availability = AvailabilityGrid.Days.Select((day, d) => new
            {
                day = T("Apply.Day." + day),
                free = AvailabilityGrid.PartNames.Where((_, p) => IsFree(d, p)).Select(part => T("Apply.Part." + part)).ToList(),
            }),
            interview = interview is null ? null : new
            {
                heldOn = interview.HeldOn,
                suitability = T("Suitability." + interview.Suitability),
                justification = interview.Justification,
                by = Role(interview.InterviewerUserId),
            },
            policeCertificate = certificate is null ? null : new
            {
                shownOn = certificate.ShownOn,
                issuedOn = certificate.IssuedOn,
                purpose = certificate.Purpose,
                checkedBy = Role(certificate.CheckedByUserId),
            },
            training = Training.Select(t => new
            {
                course = t.Course,
                mandatory = t.Mandatory,
                completedOn = t.CompletedOn,
                recordedBy = t.RecordedByRole is { } role ? T("Role." + role) : null,
            }),
            declarations = Declarations.Select(d => new { textVersion = d.TextVersion, signedAt = d.SignedAt }),
            account = new
            {
                exists = AccountState is not null,
                active = AccountState is "Invited" or "InUse",
                state = AccountState is { } state ? T("Volunteer.Account." + state) : T("VolunteerExport.NoAccount"),
            },
            auditTrail = AuditTrail.Select(a => new
            {
                at = a.At,
                action = a.Action,
                by = a.ActorRole is { } role ? T("Role." + role) : T("Export.System"),
            }),
        };
    }
}
