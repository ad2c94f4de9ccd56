using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Admin;

/// <summary>
/// Adding or changing a module of the training catalogue: its name, whether it is mandatory, whether it is in use.
/// A module someone has completed is never deleted (her record points to it); it is taken out of use instead, and
/// stays on the records of those who completed it. A volunteer approved before a new mandatory module stays approved.
/// </summary>
public sealed class TrainingModuleEditModel(AppDbContext db, AuditTrail audit) : AppPageModel
{
    /// <summary>The save form: bound only by its own handler, so the delete button's post is not checked against it.</summary>
    [HandlerInput]
    public InputModel Input { get; set; } = new();

    public bool IsNew { get; private set; }

    /// <summary>Volunteers who have completed the module: when any, it can only be taken out of use.</summary>
    public int Completions { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "TrainingModules.NameRequired")]
        [StringLength(200, ErrorMessage = "TrainingModules.NameTooLong")]
        [Display(Name = "TrainingModules.Name")]
        public string? Name { get; set; }

        [Display(Name = "TrainingModules.MandatoryLabel")]
        public bool Mandatory { get; set; } = true;

        [Display(Name = "TrainingModules.ActiveLabel")]
        public bool Active { get; set; } = true;

        public long Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid? id)
    {
        if (id is { } existing)
        {
            var module = await db.TrainingModules.AsNoTracking().FirstOrDefaultAsync(m => m.Id == existing);
            if (module is null)
            {
                return Denied();
            }

            Input = new InputModel { Name = module.Name, Mandatory = module.Mandatory, Active = module.Active, Version = module.Version };
        }

        return await ShowAsync(id);
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, InputModel input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Input = input;
        var module = id is { } existing ? await db.TrainingModules.FirstOrDefaultAsync(m => m.Id == existing) : null;
        if (id is not null && module is null)
        {
            return Denied();
        }

        var name = Input.Name?.Trim();
        if (!string.IsNullOrEmpty(name) && await db.TrainingModules.AnyAsync(m => m.Name == name && m.Id != id))
        {
            ModelState.AddModelError("Input.Name", T("TrainingModules.NameTaken"));
        }

        if (!ModelState.IsValid)
        {
            return await ShowAsync(id);
        }

        string change;
        if (module is null)
        {
            module = new TrainingModule { Name = name!, Mandatory = Input.Mandatory, Active = Input.Active };
            db.TrainingModules.Add(module);
            change = "created";
        }
        else
        {
            ExpectVersion(db, module, Input.Version);
            change = Describe(module, name!);
            module.Name = name!;
            module.Mandatory = Input.Mandatory;
            module.Active = Input.Active;
        }

        audit.Record(AuditActions.TrainingModuleChanged, nameof(TrainingModule), module.Id, change);
        if (!await TrySaveUniqueAsync())
        {
            return await ShowAsync(id);
        }

        StatusMessage = T("Common.Saved");
        return Redirect("/admin/opplaering");
    }

    /// <summary>The save form's version field, the only one the delete button sends.</summary>
    private const string VersionField = nameof(Input) + "." + nameof(InputModel.Version);

    /// <param name="version">The version the page was shown with (the delete form's only field).</param>
    public async Task<IActionResult> OnPostDeleteAsync(Guid id, [FromForm(Name = VersionField)] long version)
    {
        var module = await db.TrainingModules.FirstOrDefaultAsync(m => m.Id == id);
        if (module is null)
        {
            return Denied();
        }

        if (await CompletionsOf(id).AnyAsync())
        {
            ModelState.AddModelError(string.Empty, T("TrainingModules.InUse"));
            Input = new InputModel { Name = module.Name, Mandatory = module.Mandatory, Active = module.Active, Version = version };
            return await ShowAsync(id);
        }

        ExpectVersion(db, module, version);
        db.TrainingModules.Remove(module);
        audit.Record(AuditActions.TrainingModuleChanged, nameof(TrainingModule), module.Id, "deleted");
        if (!await TrySaveUniqueAsync())
        {
            Input = new InputModel { Name = module.Name, Mandatory = module.Mandatory, Active = module.Active, Version = version };
            return await ShowAsync(id);
        }

        StatusMessage = T("TrainingModules.Deleted");
        return Redirect("/admin/opplaering");
    }

    /// <summary>
    /// Saves; a lost update gets the concurrency message, and a name taken (or a completion recorded) by someone else
    /// at the same moment gets the same clear answer instead of an error page. Nothing of the attempt is kept.
    /// </summary>
    private Task<bool> TrySaveUniqueAsync() => TrySaveAsync(db);

    /// <summary>A short code of what changed, for the audit entry (catalogue data, never personal data).</summary>
    private string Describe(TrainingModule module, string name)
    {
        var parts = new List<string>();
        if (module.Name != name)
        {
            parts.Add("renamed");
        }

        if (module.Mandatory != Input.Mandatory)
        {
            parts.Add(Input.Mandatory ? "mandatory" : "optional");
        }

        if (module.Active != Input.Active)
        {
            parts.Add(Input.Active ? "activated" : "deactivated");
        }

        return parts.Count == 0 ? "unchanged" : string.Join(",", parts);
    }

    private async Task<PageResult> ShowAsync(Guid? id)
    {
        IsNew = id is null;
        Completions = id is { } existing ? await CompletionsOf(existing).CountAsync() : 0;
        return Page();
    }

    /// <summary>
    /// Who completed the module, in every association: the catalogue is national and a used module is never deleted. Past
    /// the association filter, which would show a national admin none; only counted, never shown.
    /// </summary>
    private IQueryable<Domain.Volunteers.TrainingCompletion> CompletionsOf(Guid module) =>
        db.TrainingCompletions.IgnoreQueryFilters().Where(c => c.ModuleId == module);
}
