using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Calendar;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Volunteers;

/// <summary>
/// One gathering for volunteers (docs/domain.md §4.1, "volunteer care"): without an id a new one, with an id the gathering of
/// one of her associations (anyone else gets the 404 a missing one gets). Two forms: the gathering itself (kind, Oslo
/// date and time, a short place name, an optional note the volunteers see, and for a training evening a module of the
/// catalogue), and once it has started, who came — her association's approved or paused volunteers. For a training
/// evening, recording attendance offers to mark the module completed for those present who have not done it.
/// Both forms carry the gathering's version (a lost update is refused) and write an audit entry.
/// </summary>
public sealed class GatheringModel(AppDbContext db, AuditTrail audit, TimeProvider clock) : AppPageModel
{
    private const string InputForm = nameof(Input);
    private const string AttendanceForm = nameof(Attendance);

    /// <summary>A time of day as typed: 18:00, 18.00 or 1800.</summary>
    private const string TimePattern = @"^\s*([01]?\d|2[0-3])[:.]?([0-5]\d)\s*$";

    [BindProperty]
    public long Version { get; set; }

    /// <summary>The gathering form: bound only by its own handler, so the attendance form's post is not checked against it.</summary>
    [HandlerInput]
    public GatheringInput Input { get; set; } = new();

    /// <summary>The attendance form: bound only by its own handler, so the gathering form's post is not checked against it.</summary>
    [HandlerInput]
    public AttendanceInput Attendance { get; set; } = new();

    public sealed class GatheringInput
    {
        [Required(ErrorMessage = "Gathering.KindRequired")]
        [Display(Name = "Gathering.Kind")]
        public GatheringKind? Kind { get; set; }

        [Required(ErrorMessage = "Gathering.DateRequired")]
        [PlausibleDate(nameof(Domain.Input.PlausibleDates.Gathering))]
        [Display(Name = "Gathering.Date")]
        public DateOnly? Date { get; set; }

        [Required(ErrorMessage = "Gathering.TimeRequired")]
        [RegularExpression(TimePattern, ErrorMessage = "Gathering.TimeInvalid")]
        [Display(Name = "Gathering.Time")]
        public string? Time { get; set; }

        [Required(ErrorMessage = "Gathering.PlaceRequired")]
        [StringLength(200, ErrorMessage = "Gathering.PlaceTooLong")]
        [Display(Name = "Gathering.Place")]
        public string? Place { get; set; }

        [StringLength(500, ErrorMessage = "Gathering.NoteTooLong")]
        [Display(Name = "Gathering.Note")]
        public string? Note { get; set; }

        [Display(Name = "Gathering.Module")]
        public Guid? ModuleId { get; set; }

        [Display(Name = "Gathering.Association")]
        public Guid? AssociationId { get; set; }
    }

    public sealed class AttendanceInput
    {
        [Display(Name = "Attendance.Present")]
        public List<Guid> Present { get; set; } = [];

        [Display(Name = "Attendance.MarkModule")]
        public bool MarkModule { get; set; }
    }

    /// <summary>The gathering shown, or null for a new one.</summary>
    public Gathering? Gathering { get; private set; }

    /// <summary>Her associations (by the data scope), by name.</summary>
    public IReadOnlyList<SelectListItem> Associations { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Kinds => Enum.GetValues<GatheringKind>()
        .Select(k => new SelectListItem(T("GatheringKind." + k), k.ToString())).ToList();

    /// <summary>The active modules of the catalogue (and the gathering's own, if it has been retired since).</summary>
    public IReadOnlyList<SelectListItem> Modules { get; private set; } = [];

    /// <summary>The gathering's module, when it has one.</summary>
    public TrainingModule? Module { get; private set; }

    public string? AssociationName { get; private set; }

    /// <summary>Whether attendance may be recorded (the gathering has started).</summary>
    public bool MayRecordAttendance { get; private set; }

    /// <summary>Those who may be marked present: the association's approved or paused volunteers, and anyone already recorded.</summary>
    public IReadOnlyList<SelectListItem> Volunteers { get; private set; } = [];

    /// <summary>How many of those present have not completed the gathering's module yet.</summary>
    public int PresentWithoutModule { get; private set; }

    /// <summary>Whether the gathering's own form was the one posted (it is then shown open, with its messages).</summary>
    public bool EditingPosted { get; private set; }

    private Guid CurrentUserId => Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private DateOnly Today => WorkingDays.OsloDate(Now);

    public async Task<IActionResult> OnGetAsync(Guid? id)
    {
        if (id is { } existing && !await OpenAsync(existing))
        {
            return Denied();
        }

        return await ShowAsync(posted: null);
    }

    /// <summary>Saves the gathering: a new one in one of her associations, or a change to one of hers.</summary>
    public async Task<IActionResult> OnPostAsync(Guid? id, GatheringInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (id is { } existing && !await OpenAsync(existing))
        {
            return Denied();
        }

        Input = input;
        var ct = HttpContext.RequestAborted;
        var mine = db.Scope.AssociationIds;
        Guid association;
        if (Gathering is { } open)
        {
            association = open.AssociationId;
        }
        else if (mine.Count == 1)
        {
            association = mine[0];
        }
        else
        {
            association = Input.AssociationId ?? Guid.Empty;
            if (Input.AssociationId is null)
            {
                ModelState.AddModelError("Input.AssociationId", T("Gathering.AssociationRequired"));
            }
            else if (!mine.Contains(association))
            {
                ModelState.AddModelError("Input.AssociationId", T("Common.UnknownChoice"));
            }
        }

        if (Input.Kind is { } kind && !Enum.IsDefined(kind))
        {
            ModelState.AddModelError("Input.Kind", T("Common.UnknownChoice"));
        }

        if (Input.Date is { } date && (date < Today.AddYears(-2) || date > Today.AddYears(2)))
        {
            ModelState.AddModelError("Input.Date", T("Gathering.DateOutOfRange"));
        }

        TrainingModule? module = null;
        if (Input.ModuleId is { } moduleId)
        {
            module = await db.TrainingModules.AsNoTracking().FirstOrDefaultAsync(m => m.Id == moduleId, ct);
            if (module is null || (!module.Active && moduleId != Gathering?.TrainingModuleId))
            {
                ModelState.AddModelError("Input.ModuleId", T("Common.UnknownChoice"));
            }
            else if (Input.Kind is { } chosen && !GatheringRules.MayHaveModule(chosen))
            {
                ModelState.AddModelError("Input.ModuleId", T("Gathering.ModuleOnlyForTraining"));
            }
        }

        DateTime startsAt = default;
        if (ModelState.IsValid && !TryStartsAt(Input.Date!.Value, Input.Time!, out startsAt))
        {
            ModelState.AddModelError("Input.Time", T("Gathering.TimeDoesNotExist"));
        }

        if (!ModelState.IsValid)
        {
            return await ShowAsync(InputForm);
        }

        var gathering = Gathering ?? new Gathering { AssociationId = association, Place = string.Empty };
        if (Gathering is null)
        {
            db.Gatherings.Add(gathering);
        }
        else
        {
            ExpectVersion(db, gathering, Version);
        }

        gathering.Kind = Input.Kind!.Value;
        gathering.StartsAt = startsAt;
        gathering.Place = Input.Place!.Trim();
        gathering.Note = string.IsNullOrWhiteSpace(Input.Note) ? null : Input.Note.Trim();
        gathering.TrainingModuleId = module?.Id;
        audit.Record(AuditActions.GatheringChanged, nameof(Domain.Volunteers.Gathering), gathering.Id, Gathering is null ? "Created" : "Changed");
        if (!await TrySaveAsync(db))
        {
            await ReloadAsync(gathering.Id);
            return await ShowAsync(InputForm);
        }

        StatusMessage = T("Gathering.Saved");
        return Redirect($"/samling/{gathering.Id}");
    }

    /// <summary>Records who came; for a training evening, optionally marks its module completed for those present.</summary>
    public async Task<IActionResult> OnPostAttendanceAsync(Guid id, AttendanceInput attendance)
    {
        ArgumentNullException.ThrowIfNull(attendance);
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        Attendance = attendance;
        var gathering = Gathering!;
        if (!GatheringRules.HasStarted(gathering, Now))
        {
            ModelState.AddModelError(string.Empty, T("Attendance.NotStarted"));
            return await ShowAsync(AttendanceForm);
        }

        var candidates = await CandidatesAsync(gathering, tracked: true);
        var allowed = candidates.Where(v => GatheringRules.MayAttend(v) || gathering.Attendance.Any(a => a.VolunteerId == v.Id)).Select(v => v.Id).ToHashSet();
        var present = Attendance.Present.Distinct().ToList();
        ExpectVersion(db, gathering, Version);
        try
        {
            var (added, removed) = GatheringRules.SetAttendance(gathering, present, allowed, CurrentUserId);
            db.GatheringAttendances.AddRange(added);
            db.GatheringAttendances.RemoveRange(removed);
        }
        catch (DomainRuleException refused)
        {
            ModelState.AddModelError("Attendance.Present", T(refused.Message));
            await ReloadAsync(gathering.Id);
            return await ShowAsync(AttendanceForm);
        }

        audit.Record(AuditActions.AttendanceRecorded, nameof(Domain.Volunteers.Gathering), gathering.Id, present.Count.ToString(CultureInfo.InvariantCulture));

        var completed = 0;
        if (Attendance.MarkModule && await ModuleToMarkAsync(gathering) is { } module)
        {
            var on = WorkingDays.OsloDate(gathering.StartsAt);
            foreach (var volunteer in candidates.Where(v => present.Contains(v.Id) && GatheringRules.MayAttend(v) && v.Training.All(t => t.ModuleId != module.Id)))
            {
                ExpectVersion(db, volunteer, volunteer.Version);
                var (done, _) = VolunteerScreening.RecordTraining(volunteer, module, on, CurrentUserId, Today);
                if (done is not null)
                {
                    db.TrainingCompletions.Add(done);
                    audit.Record(AuditActions.VolunteerTrainingRecorded, nameof(Volunteer), volunteer.Id);
                    completed++;
                }
            }
        }

        if (!await TrySaveAsync(db))
        {
            await ReloadAsync(gathering.Id);
            return await ShowAsync(AttendanceForm);
        }

        StatusMessage = completed > 0 ? T("Attendance.SavedWithModule", completed) : T("Attendance.Saved");
        return Redirect($"/samling/{gathering.Id}");
    }

    /// <summary>Opens the gathering (tracked, with its attendance) through the data scope; false means "answer 404".</summary>
    private async Task<bool> OpenAsync(Guid id)
    {
        Gathering = await db.Gatherings.Include(g => g.Attendance).FirstOrDefaultAsync(g => g.Id == id, HttpContext.RequestAborted);
        return Gathering is not null;
    }

    /// <summary>Drops what this request changed and opens the gathering afresh (after a refused or lost save).</summary>
    private async Task ReloadAsync(Guid id)
    {
        audit.Take();
        db.ChangeTracker.Clear();
        var wasNew = Gathering is null;
        Gathering = null;
        if (!wasNew)
        {
            await OpenAsync(id);
        }
    }

    /// <summary>The module whose completion may be marked: the gathering's, while it is active and the gathering was not in the future.</summary>
    private async Task<TrainingModule?> ModuleToMarkAsync(Gathering gathering)
    {
        if (gathering.Kind != GatheringKind.TrainingSession || gathering.TrainingModuleId is not { } moduleId || WorkingDays.OsloDate(gathering.StartsAt) > Today)
        {
            return null;
        }

        var module = await db.TrainingModules.AsNoTracking().FirstOrDefaultAsync(m => m.Id == moduleId, HttpContext.RequestAborted);
        return module is { Active: true } ? module : null;
    }

    /// <summary>The association's volunteers who may be marked present, and anyone already recorded (loaded whole: names are encrypted).</summary>
    private async Task<List<Volunteer>> CandidatesAsync(Gathering gathering, bool tracked)
    {
        var recorded = gathering.Attendance.Select(a => a.VolunteerId).ToList();
        var query = db.Volunteers.Include(v => v.Training)
            .Where(v => v.AssociationId == gathering.AssociationId
                && (v.Status == VolunteerStatus.Approved || v.Status == VolunteerStatus.Paused || recorded.Contains(v.Id)));
        return await (tracked ? query : query.AsNoTracking()).AsSplitQuery().ToListAsync(HttpContext.RequestAborted);
    }

    /// <summary>Oslo date and typed time to UTC; false for a time that does not exist that day (the spring change to summer time).</summary>
    private static bool TryStartsAt(DateOnly date, string time, out DateTime utc)
    {
        var match = System.Text.RegularExpressions.Regex.Match(time, TimePattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        var local = date.ToDateTime(new TimeOnly(
            int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)));
        if (WorkingDays.Oslo.IsInvalidTime(local))
        {
            utc = default;
            return false;
        }

        utc = TimeZoneInfo.ConvertTimeToUtc(local, WorkingDays.Oslo);
        return true;
    }

    /// <summary>Shows the page: the posted form keeps what was typed, the other shows what is stored.</summary>
    private async Task<IActionResult> ShowAsync(string? posted)
    {
        var ct = HttpContext.RequestAborted;
        EditingPosted = posted == InputForm;
        var names = await db.Associations.AsNoTracking().Where(a => db.Scope.AssociationIds.Contains(a.Id))
            .OrderBy(a => a.Name).Select(a => new { a.Id, a.Name }).ToListAsync(ct);
        Associations = names.Select(a => new SelectListItem(a.Name, a.Id.ToString())).ToList();
        var catalogue = await db.TrainingModules.AsNoTracking().ToListAsync(ct);
        var gathering = Gathering;
        Modules = catalogue.Where(m => m.Active || m.Id == gathering?.TrainingModuleId)
            .OrderBy(m => m.Name, StringComparer.CurrentCulture)
            .Select(m => new SelectListItem(m.Name, m.Id.ToString())).ToList();

        if (posted != InputForm)
        {
            Input = gathering is null
                ? new GatheringInput()
                : new GatheringInput
                {
                    Kind = gathering.Kind,
                    Date = WorkingDays.OsloDate(gathering.StartsAt),
                    Time = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(gathering.StartsAt, DateTimeKind.Utc), WorkingDays.Oslo)
                        .ToString("HH:mm", CultureInfo.InvariantCulture),
                    Place = gathering.Place,
                    Note = gathering.Note,
                    ModuleId = gathering.TrainingModuleId,
                };
        }

        if (gathering is not null)
        {
            // A refused post keeps the version it was built from (the hidden field shows the posted value).
            Version = gathering.Version;
            AssociationName = names.FirstOrDefault(a => a.Id == gathering.AssociationId)?.Name;
            Module = gathering.TrainingModuleId is { } moduleId ? catalogue.FirstOrDefault(m => m.Id == moduleId) : null;
            MayRecordAttendance = GatheringRules.HasStarted(gathering, Now);
            if (MayRecordAttendance)
            {
                var candidates = await CandidatesAsync(gathering, tracked: false);
                var present = gathering.Attendance.Select(a => a.VolunteerId).ToHashSet();
                var byName = StringComparer.Create(CultureInfo.CurrentCulture, CompareOptions.IgnoreCase);
                Volunteers = candidates
                    .OrderBy(v => v.Name, byName)
                    .Select(v => new SelectListItem(
                        Module is { } m && v.Training.Any(t => t.ModuleId == m.Id) ? T("Attendance.ModuleDone", v.Name, m.Name) : v.Name,
                        v.Id.ToString()))
                    .ToList();
                PresentWithoutModule = Module is { } linked
                    ? candidates.Count(v => present.Contains(v.Id) && GatheringRules.MayAttend(v) && v.Training.All(t => t.ModuleId != linked.Id))
                    : 0;
                if (posted != AttendanceForm)
                {
                    Attendance = new AttendanceInput { Present = [.. present] };
                }
            }
        }

        return Page();
    }
}
