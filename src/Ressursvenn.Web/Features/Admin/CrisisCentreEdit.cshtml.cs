using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Admin;

/// <summary>Creating or changing a crisis centre: name, municipality and the associations it refers to.</summary>
public sealed class CrisisCentreEditModel(AppDbContext db, AdminOptions options, AuditTrail audit) : AppPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool IsNew { get; private set; }

    public IReadOnlyList<SelectListItem> Municipalities { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Associations { get; private set; } = [];

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Centres.NameRequired")]
        [StringLength(200, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Associations.Name")]
        public string? Name { get; set; }

        [Required(ErrorMessage = "Centres.MunicipalityRequired")]
        [StringLength(4, ErrorMessage = "Common.UnknownChoice")]
        [Display(Name = "Centres.Municipality")]
        public string? MunicipalityCode { get; set; }

        [Display(Name = "Centres.Associations")]
        public List<Guid> AssociationIds { get; set; } = [];

        public long Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid? id)
    {
        if (id is { } existing)
        {
            var centre = await db.CrisisCentres.AsNoTracking().Include(c => c.Associations).FirstOrDefaultAsync(c => c.Id == existing);
            if (centre is null)
            {
                return Denied();
            }

            Input = new InputModel
            {
                Name = centre.Name,
                MunicipalityCode = centre.MunicipalityCode,
                AssociationIds = centre.Associations.Select(a => a.AssociationId).ToList(),
                Version = centre.Version,
            };
        }

        return await ShowAsync(id);
    }

    public async Task<IActionResult> OnPostAsync(Guid? id)
    {
        var centre = id is { } existing ? await db.CrisisCentres.Include(c => c.Associations).FirstOrDefaultAsync(c => c.Id == existing) : null;
        if (id is not null && centre is null)
        {
            return Denied();
        }

        await ValidateAsync(id);
        if (!ModelState.IsValid)
        {
            return await ShowAsync(id);
        }

        var name = Input.Name!.Trim();
        if (centre is null)
        {
            centre = new CrisisCentre { Name = name, MunicipalityCode = Input.MunicipalityCode! };
            db.CrisisCentres.Add(centre);
        }
        else
        {
            ExpectVersion(db, centre, Input.Version);
            centre.Name = name;
            centre.MunicipalityCode = Input.MunicipalityCode!;
            centre.Associations.Clear();
        }

        centre.Associations.AddRange(Input.AssociationIds.Distinct().Select(a => new CrisisCentreAssociation { AssociationId = a }));
        audit.Record(id is null ? AuditActions.CrisisCentreCreated : AuditActions.CrisisCentreChanged, nameof(CrisisCentre), centre.Id);
        if (!await TrySaveAsync(db))
        {
            return await ShowAsync(id);
        }

        StatusMessage = T("Common.Saved");
        return Redirect("/admin/krisesentre");
    }

    private async Task ValidateAsync(Guid? id)
    {
        if (Input.MunicipalityCode is { } code && !await db.Municipalities.AnyAsync(m => m.Code == code))
        {
            ModelState.AddModelError("Input.MunicipalityCode", T("Common.UnknownChoice"));
        }

        var ids = Input.AssociationIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            ModelState.AddModelError("Input.AssociationIds", T("Centres.AssociationsRequired"));
        }
        else if (await db.Associations.CountAsync(a => ids.Contains(a.Id)) != ids.Count)
        {
            ModelState.AddModelError("Input.AssociationIds", T("Common.UnknownChoice"));
        }

        var name = Input.Name?.Trim();
        if (name is not null && await db.CrisisCentres.AnyAsync(c => c.Name == name && c.Id != id))
        {
            ModelState.AddModelError("Input.Name", T("Centres.NameTaken"));
        }
    }

    private async Task<PageResult> ShowAsync(Guid? id)
    {
        IsNew = id is null;
        Municipalities = await options.MunicipalitiesAsync();
        Associations = await options.AssociationsAsync();
        return Page();
    }
}
