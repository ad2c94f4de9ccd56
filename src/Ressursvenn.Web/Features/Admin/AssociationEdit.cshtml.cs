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

/// <summary>Creating or changing a local association: name, county and the municipalities it covers.</summary>
public sealed class AssociationEditModel(AppDbContext db, AdminOptions options, AuditTrail audit) : AppPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool IsNew { get; private set; }

    public IReadOnlyList<SelectListItem> Counties { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Municipalities { get; private set; } = [];

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Associations.NameRequired")]
        [StringLength(200, ErrorMessage = "Validation.TooLong")]
        [Display(Name = "Associations.Name")]
        public string? Name { get; set; }

        [Required(ErrorMessage = "Associations.CountyRequired")]
        [StringLength(2, ErrorMessage = "Common.UnknownChoice")]
        [Display(Name = "Associations.County")]
        public string? CountyCode { get; set; }

        [Display(Name = "Associations.Municipalities")]
        public List<string> MunicipalityCodes { get; set; } = [];

        public long Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid? id)
    {
        if (id is { } existing)
        {
            var association = await db.Associations.AsNoTracking().Include(a => a.Municipalities).FirstOrDefaultAsync(a => a.Id == existing);
            if (association is null)
            {
                return Denied();
            }

            Input = new InputModel
            {
                Name = association.Name,
                CountyCode = association.CountyCode,
                MunicipalityCodes = association.Municipalities.Select(m => m.MunicipalityCode).ToList(),
                Version = association.Version,
            };
        }

        return await ShowAsync(id);
    }

    public async Task<IActionResult> OnPostAsync(Guid? id)
    {
        var association = id is { } existing
            ? await db.Associations.Include(a => a.Municipalities).FirstOrDefaultAsync(a => a.Id == existing)
            : null;
        if (id is not null && association is null)
        {
            return Denied();
        }

        await ValidateAsync(id);
        if (!ModelState.IsValid)
        {
            return await ShowAsync(id);
        }

        var name = Input.Name!.Trim();
        if (association is null)
        {
            association = new LocalAssociation { Name = name, CountyCode = Input.CountyCode! };
            db.Associations.Add(association);
        }
        else
        {
            ExpectVersion(db, association, Input.Version);
            association.Name = name;
            association.CountyCode = Input.CountyCode!;
            association.Municipalities.Clear();
        }

        association.Municipalities.AddRange(Input.MunicipalityCodes.Distinct().Select(c => new AssociationMunicipality { MunicipalityCode = c }));
        audit.Record(id is null ? AuditActions.AssociationCreated : AuditActions.AssociationChanged, nameof(LocalAssociation), association.Id);
        if (!await TrySaveAsync(db))
        {
            return await ShowAsync(id);
        }

        StatusMessage = T("Common.Saved");
        return Redirect("/admin/foreninger");
    }

    private async Task ValidateAsync(Guid? id)
    {
        if (Input.CountyCode is { } county && !await db.Counties.AnyAsync(c => c.Code == county))
        {
            ModelState.AddModelError("Input.CountyCode", T("Common.UnknownChoice"));
        }

        var codes = Input.MunicipalityCodes.Distinct().ToList();
        if (codes.Count == 0)
        {
            ModelState.AddModelError("Input.MunicipalityCodes", T("Associations.MunicipalitiesRequired"));
        }
        else if (await db.Municipalities.CountAsync(m => codes.Contains(m.Code)) != codes.Count)
        {
            ModelState.AddModelError("Input.MunicipalityCodes", T("Common.UnknownChoice"));
        }

        var name = Input.Name?.Trim();
        if (name is not null && await db.Associations.AnyAsync(a => a.Name == name && a.Id != id))
        {
            ModelState.AddModelError("Input.Name", T("Associations.NameTaken"));
        }
    }

    private async Task<PageResult> ShowAsync(Guid? id)
    {
        IsNew = id is null;
        Counties = await options.CountiesAsync();
        Municipalities = await options.MunicipalitiesAsync();
        return Page();
    }
}
