using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Volunteers;

/// <summary>The training she has done: one row per active module of the catalogue, ticked with the day it was done.</summary>
public sealed class TrainingModel(AppDbContext db, AuditTrail audit, TimeProvider clock, VolunteerScreeningService screening)
    : VolunteerFormPageModel(db, audit, clock, screening)
{
    private const string Form = nameof(Training);

    [BindProperty(Name = Form)]
    public List<TrainingInput> Training { get; set; } = [];

    public sealed class TrainingInput
    {
        public Guid ModuleId { get; set; }

        [System.ComponentModel.DataAnnotations.Display(Name = "Training.Done")]
        public bool Done { get; set; }

        [PlausibleDate(nameof(Domain.Input.PlausibleDates.Completed))]
        [System.ComponentModel.DataAnnotations.Display(Name = "Training.CompletedOn")]
        public DateOnly? CompletedOn { get; set; }
    }

    /// <summary>The whole catalogue, active or not, by id.</summary>
    public IReadOnlyDictionary<Guid, TrainingModule> Modules { get; private set; } = new Dictionary<Guid, TrainingModule>();

    protected override string DoneMessage => "Training.Saved";

    protected override async Task FillAsync()
    {
        var done = Volunteer.Training.ToDictionary(t => t.ModuleId, t => t.CompletedOn);
        Training = (await Db.TrainingModules.AsNoTracking().Where(m => m.Active).ToListAsync(HttpContext.RequestAborted))
            .OrderByDescending(m => m.Mandatory).ThenBy(m => m.Name, StringComparer.CurrentCulture)
            .Select(m => new TrainingInput { ModuleId = m.Id, Done = done.ContainsKey(m.Id), CompletedOn = done.TryGetValue(m.Id, out var on) ? on : null })
            .ToList();
    }

    protected override async Task PrepareAsync() =>
        Modules = await Db.TrainingModules.AsNoTracking().ToDictionaryAsync(m => m.Id, HttpContext.RequestAborted);

    protected override async Task<VolunteerStep?> CheckAsync()
    {
        var active = await Screening.ActiveModulesAsync(HttpContext.RequestAborted);
        for (var i = 0; i < Training.Count; i++)
        {
            var row = Training[i];
            if (row.Done && row.CompletedOn is null && ModelState.GetFieldValidationState($"Training[{i}].CompletedOn") != ModelValidationState.Invalid)
            {
                ModelState.AddModelError($"Training[{i}].CompletedOn", T("Training.DateRequired"));
            }
            else if (row.Done && Screening.CheckTrainingDate(row.CompletedOn) is { } message)
            {
                ModelState.AddModelError($"Training[{i}].CompletedOn", message);
            }
        }

        return ModelState.IsValid ? Screening.RecordTraining(active, Training.Select(r => (r.ModuleId, r.Done ? r.CompletedOn : null)), CurrentUserId) : null;
    }
}
